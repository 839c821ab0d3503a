/* csv.h - a small, strict RFC 4180 reader and writer.
 *
 * Records end with CRLF or LF; fields are separated by commas; a field may
 * be quoted with '"', inside which commas, CR/LF and doubled quotes ("")
 * stand for themselves (a CRLF inside quotes is read as LF). Refused, with
 * the line number: a quote inside an unquoted field, anything but a comma or
 * the end of the record after a closing quote, a quoted field still open at
 * the end of the input, a CR not followed by LF outside quotes, NUL bytes,
 * and input beyond the caps (bytes per field and per record, fields per
 * record, records). A UTF-8 byte order mark at the very start is skipped.
 * An empty line is a record with one empty field (the caller may skip it).
 *
 * Ownership: the reader borrows the input (which must outlive it) and owns
 * the storage of the current record; a record's fields stay valid until the
 * next csv_read() or csv_reader_free(). Fields are NUL-terminated. */
#ifndef ONESTOP_CORE_CSV_H
#define ONESTOP_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

typedef struct csv_limits {
	size_t max_field;  /* bytes in one field */
	size_t max_record; /* bytes of input in one record */
	size_t max_fields; /* fields in one record */
	size_t max_rows;   /* records in the input */
} csv_limits;

#define CSV_LIMITS_DEFAULT                                                                         \
	{                                                                                          \
		65536, 1u << 20, 64, 100000                                                        \
	}

typedef struct csv_record {
	const char **fields;
	size_t *lens;
	size_t n;
	size_t line; /* 1-based line where the record starts */
} csv_record;

typedef struct csv_reader {
	const char *p;
	size_t len, pos;
	size_t line; /* current line, 1-based */
	size_t rows;
	csv_limits lim;
	char *store; /* the current record's fields, each NUL-terminated */
	size_t store_len, store_cap;
	size_t *offs, *lens;
	const char **fields;
	size_t cap_fields;
} csv_reader;

void csv_reader_init(csv_reader *r, const char *data, size_t len, const csv_limits *lim);
void csv_reader_free(csv_reader *r);
/* The next record. OS_OK and *done = false with rec filled; OS_OK and
 * *done = true at the end; OS_ERR_INVALID or OS_ERR_TOO_LARGE with a
 * message naming the line ("line 4: quote inside an unquoted field"). */
os_err csv_read(csv_reader *r, csv_record *rec, bool *done, char *err, size_t errlen);

/* Append one field, quoted when it holds a comma, quote, CR or LF, starts
 * or ends with a space, or starts with a byte order mark. */
os_err csv_write_field(buf *b, const char *s, size_t n);
/* Append a record of n fields and CRLF. */
os_err csv_write_record(buf *b, const char *const *fields, size_t n);

#endif
