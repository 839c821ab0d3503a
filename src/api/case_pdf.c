/* case_pdf.c - the electronic certificate of a case (电子证照 / 决定书): one
 * A4 page drawn with the helpers of pdf.c (cairo, Noto Sans CJK for Chinese,
 * text extractable with pdftotext).
 *
 * For a licensing item the title is 准予行政许可决定书 (decision to grant an
 * administrative licence, 行政许可法 Art. 38); for other items 办结通知书
 * (notice of completion). It names the item, the case number, the applicant
 * (the ID number masked), the decision and completion dates, the issuing
 * department and a verification line: a code derived from the case's
 * number, item, decision time and department, printed with the case number
 * so that a reader can check the certificate against the platform. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/pdf.h"
#include "core/ident.h"

#define BODY_W (PDF_PAGE_W - 2 * PDF_MARGIN)

/* Draw text wrapped to BODY_W from (x, y); returns the y after the last
 * line. Chinese breaks between any two characters; a run of ASCII letters,
 * digits and punctuation (a case number, an English word) is kept whole when
 * it fits on a line. */
static double wrapped(pdf *p, double x, double y, const char *s, double lead)
{
	char line[600];
	size_t n = 0, brk = 0; /* brk: where the current ASCII word starts in line */
	while (*s) {
		size_t k = 1;
		while (s[k] && ((unsigned char)s[k] & 0xc0) == 0x80)
			k++;
		if (n + k >= sizeof line)
			break;
		bool word = k == 1 && *s != ' ';
		if (!word || (n > 0 && line[n - 1] == ' ') ||
		    (n > 0 && ((unsigned char)line[n - 1] & 0x80)))
			brk = n;
		memcpy(line + n, s, k);
		line[n + k] = '\0';
		if (n > 0 && pdf_width(p, line) > BODY_W - (x - PDF_MARGIN)) {
			size_t cut = word && brk > 0 ? brk : n;
			char rest[sizeof line];
			size_t r = n - cut;
			memcpy(rest, line + cut, r);
			line[cut] = '\0';
			pdf_text(p, x, y, line, 0, 0);
			y += lead;
			memcpy(line, rest, r);
			n = r;
			brk = 0;
			continue; /* the character goes on the next line */
		}
		n += k;
		s += k;
	}
	if (n > 0) {
		line[n] = '\0';
		pdf_text(p, x, y, line, 0, 0);
		y += lead;
	}
	return y;
}

static void day_of(int64_t t, char out[OS_DATE_STRLEN])
{
	os_date d;
	if (!t || os_date_from_unix(t, &d)) {
		snprintf(out, OS_DATE_STRLEN, "-");
		return;
	}
	os_date_format(d, out);
}

/* "XXXX-XXXX-XXXX-XXXX": the first 8 bytes of SHA-256 over the case's
 * number, item code, decision time and department. */
static void verification_code(const store_case *c, char out[24])
{
	char text[256];
	int n = snprintf(text, sizeof text, "%s|%s|%lld|%lld", c->no, c->item_code,
	                 (long long)c->decided_at, (long long)c->department_id);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, (unsigned long long)(n > 0 ? n : 0));
	static const char d[] = "0123456789ABCDEF";
	size_t o = 0;
	for (int i = 0; i < 8; i++) {
		if (i && i % 2 == 0)
			out[o++] = '-';
		out[o++] = d[h[i] >> 4];
		out[o++] = d[h[i] & 15];
	}
	out[o] = '\0';
}

os_err pdf_case_certificate(const case_cert *cert, buf *out)
{
	const store_case *c = cert->c;
	const char *title_zh = cert->licensing ? "准予行政许可决定书" : "办结通知书";
	const char *title_en = cert->licensing ? "DECISION TO GRANT AN ADMINISTRATIVE LICENCE"
	                                       : "NOTICE OF COMPLETION";
	char title[256], s[1024], masked[24], received[OS_DATE_STRLEN], decided[OS_DATE_STRLEN],
	    completed[OS_DATE_STRLEN], code[24];
	snprintf(title, sizeof title, "%s %s", title_zh, c->no);
	pdf p;
	os_err e = pdf_begin(&p, out, title);
	if (e)
		return e;
	p.pages = 1;
	if (!c->id_number[0] || os_mask_id(c->id_number, masked, sizeof masked))
		api_mask_id(c->id_number, masked, sizeof masked);
	day_of(c->received_at ? c->received_at : c->created_at, received);
	day_of(c->decided_at, decided);
	day_of(c->completed_at, completed);
	verification_code(c, code);
	const double cx = PDF_PAGE_W / 2, x = PDF_MARGIN;

	cairo_set_source_rgb(p.cr, 0.72, 0.05, 0.05);
	pdf_line(&p, x, 40, PDF_PAGE_W - x, 40, 2);
	pdf_font(&p, 11);
	pdf_text(&p, cx, 64, "张家界市永定区政务服务平台 · 电子证照", 1, 0);
	pdf_font(&p, 24);
	pdf_text(&p, cx, 104, title_zh, 1, 0);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	pdf_font(&p, 10);
	pdf_text(&p, cx, 124, title_en, 1, 0);
	pdf_font(&p, 11);
	snprintf(s, sizeof s, "编号 / No.  %s", c->no);
	pdf_text(&p, PDF_PAGE_W - x, 154, s, 2, 0);
	pdf_line(&p, x, 164, PDF_PAGE_W - x, 164, 0.6);

	/* the decision in words */
	pdf_font(&p, 12);
	snprintf(s, sizeof s, "%s：", c->applicant_name[0] ? c->applicant_name : "申请人");
	pdf_text(&p, x, 196, s, 0, BODY_W);
	if (cert->licensing)
		snprintf(s, sizeof s,
		         "你（单位）于 %s 提出的“%s”申请（办件编号 %s），经审查，符合法定条件、"
		         "标准。根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予"
		         "行政许可。",
		         received, c->item_name, c->no);
	else
		snprintf(s, sizeof s,
		         "你（单位）于 %s 提出的“%s”申请（办件编号 %s）已办理完毕，特此通知。",
		         received, c->item_name, c->no);
	double y = wrapped(&p, x + 24, 222, s, 20);
	pdf_font(&p, 9);
	cairo_set_source_rgb(p.cr, 0.3, 0.3, 0.3);
	snprintf(s, sizeof s, "The application for \"%s\" (case %s) received on %s was %s on %s.",
	         c->item_name_en[0] ? c->item_name_en : c->item_code, c->no, received,
	         cert->licensing ? "granted" : "completed", decided);
	y = wrapped(&p, x, y + 4, s, 13);
	cairo_set_source_rgb(p.cr, 0, 0, 0);

	/* the particulars */
	const double c1 = x, c2 = x + 260, wmax = 240;
	y += 18;
	snprintf(s, sizeof s, "%s（%s）", c->item_name, c->item_code);
	pdf_field(&p, c1, y, "事项", "Item", s, 2 * wmax + 20);
	y += 36;
	pdf_field(&p, c1, y, "申请人", "Applicant", c->applicant_name[0] ? c->applicant_name : "-",
	          wmax);
	pdf_field(&p, c2, y, "证件号码", "ID number", masked[0] ? masked : "-", wmax);
	y += 36;
	pdf_field(&p, c1, y, "办件编号", "Case No.", c->no, wmax);
	pdf_field(&p, c2, y, "受理地点", "Received at", c->site_name, wmax);
	y += 36;
	pdf_field(&p, c1, y, "决定日期", "Date of decision", decided, wmax);
	pdf_field(&p, c2, y, "办结日期", "Date of completion", completed, wmax);
	y += 36;
	pdf_field(&p, c1, y, "发证机关", "Issuing department", c->department_name, 2 * wmax + 20);

	/* the issuer and the verification line */
	y += 70;
	pdf_font(&p, 13);
	pdf_text(&p, PDF_PAGE_W - x, y, c->department_name, 2, 0);
	pdf_font(&p, 11);
	pdf_text(&p, PDF_PAGE_W - x, y + 20, decided, 2, 0);
	y += 60;
	pdf_line(&p, x, y, PDF_PAGE_W - x, y, 0.4);
	pdf_font(&p, 9.5);
	snprintf(s, sizeof s, "核验码 / Verification code: %s · 办件编号 / Case No. %s", code,
	         c->no);
	pdf_text(&p, x, y + 18, s, 0, BODY_W);
	pdf_font(&p, 8.5);
	pdf_text(
	    &p, x, y + 34,
	    "凭办件编号与核验码在永定区政务服务平台查询核验。本电子证照与纸质证照具有同等效力。", 0,
	    BODY_W);
	pdf_text(&p, x, y + 48,
	         "Check this certificate on the platform with its case number and verification "
	         "code.",
	         0, BODY_W);
	return pdf_end(&p);
}
