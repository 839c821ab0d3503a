/* pdf.c - printable port-visa documents (the group visa and the fee
 * receipt) as PDF, drawn with cairo and the Noto Sans CJK font through
 * cairo's font selection (fontconfig). The font subset is embedded with its
 * Unicode map, so the text can be searched and extracted (pdftotext).
 *
 * A4 portrait, points. The member table continues on further pages; the
 * fee, the no-surcharge statement and the issuing officer follow it. */
#include <cairo/cairo-pdf.h>
#include <cairo/cairo.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/pdf.h"
#include "core/visa.h"

#define PAGE_W   595.28
#define PAGE_H   841.89
#define MARGIN   48.0
#define ROW_H    17.0
#define FONT     "Noto Sans CJK SC"
#define BOTTOM   (PAGE_H - 56.0)
#define FOOTER_H 120.0

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
	pdf *p = closure;
	if (buf_add(p->out, data, len)) {
		p->overflow = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* Two faces: ASCII in a Latin font, everything else in Noto Sans CJK SC.
 * cairo's CFF subsetter embeds Noto CJK's large subroutines (about 0.9 MB)
 * for some mixes of Latin and CJK glyphs of the one CJK face; keeping Latin
 * text in a TrueType face keeps a document near 100 KB. One weight only, for
 * the same reason: emphasis is by size. */
#define LATIN "DejaVu Sans"

static void font(pdf *p, double size, bool emphasis)
{
	(void)emphasis;
	p->size = size;
}

static void face(pdf *p, bool latin)
{
	cairo_select_font_face(p->cr, latin ? LATIN : FONT, CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, p->size);
}

/* Draw (or only measure, when draw is false) s from the current point, run
 * by run; returns the advance. */
static double runs(pdf *p, const char *s, bool draw)
{
	double adv = 0;
	char run[512];
	while (*s) {
		bool latin = (unsigned char)*s < 0x80;
		size_t n = 0;
		while (s[n] && ((unsigned char)s[n] < 0x80) == latin && n < sizeof run - 1)
			n++;
		while (n > 0 && n < strlen(s) && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* never split a character */
		if (n == 0)
			break;
		memcpy(run, s, n);
		run[n] = '\0';
		face(p, latin);
		cairo_text_extents_t e;
		cairo_text_extents(p->cr, run, &e);
		if (draw)
			cairo_show_text(p->cr, run);
		adv += e.x_advance;
		s += n;
	}
	return adv;
}

static double width(pdf *p, const char *s)
{
	return runs(p, s, false);
}

/* Text at (x, y baseline); align 0 left, 1 centre, 2 right; clipped to max
 * width by dropping whole UTF-8 characters and adding "…". */
static void text(pdf *p, double x, double y, const char *s, int align, double max)
{
	char tmp[512];
	snprintf(tmp, sizeof tmp, "%s", s);
	if (max > 0 && width(p, tmp) > max) {
		size_t n = strlen(tmp);
		while (n > 0) {
			do
				n--;
			while (n > 0 && ((unsigned char)tmp[n] & 0xc0) == 0x80);
			memcpy(tmp + n, "…", sizeof "…");
			if (width(p, tmp) <= max)
				break;
		}
	}
	double w = align ? width(p, tmp) : 0;
	cairo_move_to(p->cr, align == 1 ? x - w / 2 : align == 2 ? x - w : x, y);
	runs(p, tmp, true);
}

static void line(pdf *p, double x1, double y1, double x2, double y2, double w)
{
	cairo_set_line_width(p->cr, w);
	cairo_move_to(p->cr, x1, y1);
	cairo_line_to(p->cr, x2, y2);
	cairo_stroke(p->cr);
}

static void page_number(pdf *p)
{
	char s[64];
	font(p, 8, false);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	snprintf(s, sizeof s, "第 %d / %d 页  Page %d of %d", p->page, p->pages, p->page, p->pages);
	text(p, PAGE_W / 2, PAGE_H - 28, s, 1, 0);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void next_page(pdf *p)
{
	page_number(p);
	cairo_show_page(p->cr);
	p->page++;
}

/* Leak checking (the ASan build of the test suite). fontconfig and cairo
 * keep their font caches for the life of the process, and cairo 1.16's CFF
 * subsetter (used for the Noto CJK face) loses 768 bytes per document, a
 * bug of the library fixed in later cairo releases. LeakSanitizer reads
 * these suppressions from the binary itself; they name only the two
 * libraries, so leaks of OneStop's own code are still reported. */
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
#endif

static os_err start(pdf *p, buf *out, const char *title)
{
	memset(p, 0, sizeof *p);
	p->out = out;
	p->page = 1;
	p->surface = cairo_pdf_surface_create_for_stream(write_cb, p, PAGE_W, PAGE_H);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(p->surface);
		return OS_ERR_INTERNAL;
	}
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "OneStop");
	p->cr = cairo_create(p->surface);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	return OS_OK;
}

static os_err finish(pdf *p)
{
	page_number(p);
	cairo_show_page(p->cr);
	cairo_status_t cs = cairo_status(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t ss = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (p->overflow)
		return OS_ERR_TOO_LARGE;
	return cs == CAIRO_STATUS_SUCCESS && ss == CAIRO_STATUS_SUCCESS ? OS_OK : OS_ERR_INTERNAL;
}

static void fmt_time(int64_t t, char *out, size_t n)
{
	os_date d;
	char ds[OS_DATE_STRLEN];
	if (os_date_from_unix(t, &d)) {
		snprintf(out, n, "-");
		return;
	}
	os_date_format(d, ds);
	int64_t local = (t + OS_SHANGHAI_UTC_OFFSET) % 86400;
	snprintf(out, n, "%s %02d:%02d", ds, (int)(local / 3600), (int)(local % 3600 / 60));
}

/* A label (Chinese / English) and its value. */
static void field(pdf *p, double x, double y, const char *zh, const char *en, const char *value,
                  double max)
{
	char label[160];
	snprintf(label, sizeof label, "%s / %s", zh, en);
	font(p, 8, false);
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	text(p, x, y, label, 0, max);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	font(p, 11, false);
	text(p, x, y + 15, value, 0, max);
}

static void header(pdf *p, const visa_doc *v, const char *subtitle_zh, const char *subtitle_en)
{
	const double cx = PAGE_W / 2;
	cairo_set_source_rgb(p->cr, 0.55, 0.05, 0.05);
	line(p, MARGIN, 40, PAGE_W - MARGIN, 40, 2);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	font(p, 20, true);
	text(p, cx, 74, "中华人民共和国口岸签证", 1, 0);
	font(p, 15, true);
	text(p, cx, 98, subtitle_zh, 1, 0);
	font(p, 11, false);
	text(p, cx, 116, subtitle_en, 1, 0);
	char s[96];
	font(p, 10, false);
	snprintf(s, sizeof s, "签证号码 / Visa No.  %s", v->number);
	text(p, PAGE_W - MARGIN, 140, s, 2, 0);
	line(p, MARGIN, 148, PAGE_W - MARGIN, 148, 0.6);
}

static const double col_x[] = {MARGIN,       MARGIN + 30,  MARGIN + 220,   MARGIN + 262,
                               MARGIN + 340, MARGIN + 400, PAGE_W - MARGIN};

static void table_head(pdf *p, double y)
{
	static const char *const zh[] = {"序号", "姓名", "性别", "出生日期", "国籍", "护照号码"};
	static const char *const en[] = {"No.",           "Name",        "Sex",
	                                 "Date of birth", "Nationality", "Passport No."};
	cairo_set_source_rgb(p->cr, 0.92, 0.92, 0.92);
	cairo_rectangle(p->cr, MARGIN, y - 12, PAGE_W - 2 * MARGIN, 28);
	cairo_fill(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (int i = 0; i < 6; i++) {
		double w = col_x[i + 1] - col_x[i] - 4;
		font(p, 9, true);
		text(p, col_x[i] + 2, y, zh[i], 0, w);
		font(p, 7, false);
		text(p, col_x[i] + 2, y + 11, en[i], 0, w);
	}
}

static void table_row(pdf *p, double y, const visa_person *x)
{
	char s[128], d[OS_DATE_STRLEN];
	font(p, 9.5, false);
	snprintf(s, sizeof s, "%d", x->line_no);
	text(p, col_x[0] + 2, y, s, 0, 0);
	snprintf(s, sizeof s, "%s%s%s", x->surname, x->given_names[0] ? " " : "", x->given_names);
	text(p, col_x[1] + 2, y, s, 0, col_x[2] - col_x[1] - 6);
	snprintf(s, sizeof s, "%c", x->sex);
	text(p, col_x[2] + 2, y, s, 0, 0);
	os_date_format(x->birth, d);
	text(p, col_x[3] + 2, y, d, 0, 0);
	text(p, col_x[4] + 2, y, x->nationality, 0, 0);
	text(p, col_x[5] + 2, y, x->passport, 0, 0);
	cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
	line(p, MARGIN, y + 5, PAGE_W - MARGIN, y + 5, 0.4);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void fee_lines(pdf *p, const visa_doc *v, double y)
{
	char a[24], b[24], s[200];
	visa_format_yuan(v->fee.per_person_fen, a, sizeof a);
	visa_format_yuan(v->fee.total_fen, b, sizeof b);
	font(p, 10, false);
	snprintf(s, sizeof s,
	         "收费 / Fee:  %d 人 × ¥%s = ¥%s（按规定收费标准 / official fee schedule）",
	         v->fee.persons, a, b);
	text(p, MARGIN, y, s, 0, PAGE_W - 2 * MARGIN);
	font(p, 11, true);
	snprintf(s, sizeof s, "%s / %s", VISA_NO_SURCHARGE_ZH, VISA_NO_SURCHARGE_EN);
	text(p, MARGIN, y + 20, s, 0, PAGE_W - 2 * MARGIN);
}

os_err pdf_visa(const visa_doc *v, buf *out)
{
	const visa_type_info *ti = visa_type_get(v->type);
	bool group = ti && ti->group;
	char title[160];
	snprintf(title, sizeof title, "中华人民共和国口岸签证 %s %s", ti ? ti->name_zh : "",
	         v->number);
	pdf p;
	os_err e = start(&p, out, title);
	if (e)
		return e;
	/* Pages: the first holds the particulars, then rows; the footer needs room. */
	const double first_top = 376, other_top = 70;
	int first_rows = (int)((BOTTOM - first_top - 20) / ROW_H);
	int other_rows = (int)((BOTTOM - other_top - 20) / ROW_H);
	int n = (int)v->n_people;
	int rows_left = n - first_rows;
	p.pages = 1;
	double end_y = first_top + 20 + ROW_H * (n < first_rows ? n : first_rows);
	while (rows_left > 0) {
		p.pages++;
		int k = rows_left < other_rows ? rows_left : other_rows;
		end_y = other_top + 20 + ROW_H * k;
		rows_left -= k;
	}
	if (end_y + FOOTER_H > BOTTOM)
		p.pages++;

	if (group)
		header(&p, v, "团体旅游签证", "PORT VISA — GROUP TOURIST VISA");
	else {
		char en[96];
		snprintf(en, sizeof en, "PORT VISA — %s", ti ? ti->name_en : "");
		header(&p, v, ti ? ti->name_zh : "", en);
	}
	char s[256], a[OS_DATE_STRLEN], b[OS_DATE_STRLEN];
	const double c1 = MARGIN, c2 = MARGIN + 260, wmax = 240;
	field(&p, c1, 172, "签发口岸", "Port of issue", VISA_PORT_NAME_ZH "  " VISA_PORT_NAME_EN,
	      2 * wmax + 20);
	snprintf(s, sizeof s, "%s  %s", ti ? ti->category : "", ti ? ti->name_zh : "");
	field(&p, c1, 208, "签证种类", "Category", s, wmax);
	field(&p, c2, 208, "入境次数", "Entries", "一次有效 / Single entry", wmax);
	os_date_format(v->valid_from, a);
	os_date_format(v->valid_until, b);
	snprintf(s, sizeof s, "%s 至 %s（停留 %d 日 / stay of %d days）", a, b, v->stay_days,
	         v->stay_days);
	field(&p, c1, 244, "有效期", "Valid", s, 2 * wmax + 20);
	if (group) {
		field(&p, c1, 280, "组团社", "Travel agency", v->agency_name, wmax);
		snprintf(s, sizeof s, "%s  ·  %s", v->group_no, v->flight);
		field(&p, c2, 280, "团号 · 航班", "Group No. · Flight", s, wmax);
	} else {
		const visa_type_info *cat = visa_type_by_key(v->category_key);
		snprintf(s, sizeof s, "特事特办 · %s", cat ? cat->name_zh : v->category_key);
		field(&p, c1, 280, "办理方式", "Procedure", s, wmax);
		field(&p, c2, 280, "证明材料", "Supporting document", v->document_ref, wmax);
	}
	snprintf(s, sizeof s, "%d 人 / persons", v->persons);
	field(&p, c1, 316, "人数", "Persons", s, wmax);
	fmt_time(v->issued_at, s, sizeof s);
	field(&p, c2, 316, "签发日期", "Date of issue", s, wmax);
	if (group) {
		font(&p, 8, false);
		text(&p, MARGIN, first_top - 20,
		     "名单仅列现场核验到场人员，未到者已划除 / Only members checked in on arrival "
		     "are listed; absentees were struck off",
		     0, PAGE_W - 2 * MARGIN);
	}

	double y = first_top;
	table_head(&p, y);
	y += 20 + ROW_H - 4;
	int on_page = 0;
	for (int i = 0; i < n; i++) {
		int cap = p.page == 1 ? first_rows : other_rows;
		if (on_page == cap) {
			next_page(&p);
			y = other_top;
			table_head(&p, y);
			y += 20 + ROW_H - 4;
			on_page = 0;
		}
		table_row(&p, y, &v->people[i]);
		y += ROW_H;
		on_page++;
	}
	if (y + FOOTER_H > BOTTOM) {
		next_page(&p);
		y = other_top;
	}
	y += 16;
	fee_lines(&p, v, y);
	font(&p, 10, false);
	snprintf(s, sizeof s, "签发民警 / Issuing officer:  %s", v->officer_name);
	text(&p, MARGIN, y + 48, s, 0, 0);
	text(&p, PAGE_W - MARGIN, y + 48, "张家界口岸签证处 / Zhangjiajie Port Visa Office", 2, 0);
	if (v->prints > 0) {
		font(&p, 9, true);
		snprintf(s, sizeof s, "补打件（第 %d 次）/ Reprint no. %d", v->prints, v->prints);
		text(&p, MARGIN, y + 70, s, 0, 0);
	}
	return finish(&p);
}

os_err pdf_receipt(const visa_doc *v, buf *out)
{
	const visa_type_info *ti = visa_type_get(v->type);
	char title[96], s[256], a[24], b[24];
	snprintf(title, sizeof title, "口岸签证收费收据 %s", v->receipt_number);
	pdf p;
	os_err e = start(&p, out, title);
	if (e)
		return e;
	p.pages = 1;
	header(&p, v, "收费收据", "PORT VISA — FEE RECEIPT");
	const double c1 = MARGIN, c2 = MARGIN + 260, wmax = 240;
	field(&p, c1, 172, "收据号码", "Receipt No.", v->receipt_number, wmax);
	fmt_time(v->issued_at, s, sizeof s);
	field(&p, c2, 172, "日期", "Date", s, wmax);
	snprintf(s, sizeof s, "%s  %s", ti ? ti->category : "", ti ? ti->name_zh : "");
	field(&p, c1, 208, "签证种类", "Visa type", s, wmax);
	field(&p, c2, 208, "签证号码", "Visa No.", v->number, wmax);
	if (v->group_id) {
		field(&p, c1, 244, "组团社", "Travel agency", v->agency_name, wmax);
		field(&p, c2, 244, "团号", "Group No.", v->group_no, wmax);
	}
	visa_format_yuan(v->fee.per_person_fen, a, sizeof a);
	visa_format_yuan(v->fee.total_fen, b, sizeof b);
	snprintf(s, sizeof s, "%d", v->fee.persons);
	field(&p, c1, 280, "人数", "Persons", s, wmax);
	snprintf(s, sizeof s, "¥%s", a);
	field(&p, c2, 280, "规定收费标准（每人）", "Official fee per person", s, wmax);
	font(&p, 14, true);
	snprintf(s, sizeof s, "合计 / Total:  ¥%s", b);
	text(&p, c1, 340, s, 0, 0);
	font(&p, 12, true);
	snprintf(s, sizeof s, "%s / %s", VISA_NO_SURCHARGE_ZH, VISA_NO_SURCHARGE_EN);
	text(&p, c1, 372, s, 0, PAGE_W - 2 * MARGIN);
	font(&p, 9, false);
	text(&p, c1, 394,
	     "旅行社亦不得向游客加收或变相收取任何费用。 Travel agencies may not charge tourists "
	     "anything extra either.",
	     0, PAGE_W - 2 * MARGIN);
	font(&p, 10, false);
	snprintf(s, sizeof s, "收款单位 / Payee: 张家界口岸签证处 · 经办民警 / Officer: %s",
	         v->officer_name);
	text(&p, c1, 430, s, 0, PAGE_W - 2 * MARGIN);
	return finish(&p);
}

/* ---- the helpers for other documents (pdf.h) ---- */

os_err pdf_begin(pdf *p, buf *out, const char *title)
{
	return start(p, out, title);
}

os_err pdf_end(pdf *p)
{
	return finish(p);
}

void pdf_font(pdf *p, double size)
{
	font(p, size, false);
}

void pdf_text(pdf *p, double x, double y, const char *s, int align, double max)
{
	text(p, x, y, s, align, max);
}

void pdf_field(pdf *p, double x, double y, const char *zh, const char *en, const char *value,
               double max)
{
	field(p, x, y, zh, en, value, max);
}

void pdf_line(pdf *p, double x1, double y1, double x2, double y2, double w)
{
	line(p, x1, y1, x2, y2, w);
}

double pdf_width(pdf *p, const char *s)
{
	return width(p, s);
}

void pdf_time(int64_t t, char *out, size_t n)
{
	fmt_time(t, out, n);
}
