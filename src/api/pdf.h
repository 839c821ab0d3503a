/* pdf.h - the drawing helpers of pdf.c (A4 portrait, points, cairo with the
 * Noto Sans CJK font for Chinese and DejaVu Sans for ASCII), shared by the
 * printable documents: the port visa and its receipt (pdf.c) and the case
 * certificate (case_pdf.c).
 *
 * Use: pdf_begin() a document writing into a capped buffer, set p.pages,
 * draw, pdf_end() (draws the page number, finishes; OS_ERR_TOO_LARGE when
 * the buffer's cap was reached). p.cr is the cairo context for colours and
 * shapes. */
#ifndef ONESTOP_API_PDF_H
#define ONESTOP_API_PDF_H

#include <cairo/cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#define PDF_PAGE_W 595.28
#define PDF_PAGE_H 841.89
#define PDF_MARGIN 48.0

typedef struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	buf *out;
	bool overflow;
	int page, pages;
	double size; /* current font size */
} pdf;

os_err pdf_begin(pdf *p, buf *out, const char *title);
os_err pdf_end(pdf *p);
void pdf_font(pdf *p, double size);
/* Text at (x, y baseline); align 0 left, 1 centre, 2 right; clipped to max
 * width (0 = no limit) with "…". */
void pdf_text(pdf *p, double x, double y, const char *s, int align, double max);
/* A small grey "zh / en" label and its value below it. */
void pdf_field(pdf *p, double x, double y, const char *zh, const char *en, const char *value,
               double max);
void pdf_line(pdf *p, double x1, double y1, double x2, double y2, double w);
/* The width of s at the current font size. */
double pdf_width(pdf *p, const char *s);
/* "YYYY-MM-DD HH:MM" in Shanghai time, "-" when out of range. */
void pdf_time(int64_t t, char *out, size_t n);

#endif
