/* cmd_catalog.c - `onestop catalog`: the catalog and the organisation as
 * files.
 *
 *   onestop catalog export --db PATH --format csv|json --what items|bundles|sites|windows
 *                          [--out FILE]
 *   onestop catalog import --db PATH [--what KIND] FILE
 *
 * Import reads CSV or JSON (by the file's extension), validates every row,
 * and applies all of them in one transaction or none: each refused row is
 * one line on stderr, "onestop: FILE:LINE: field: reason" (at most 20),
 * then "onestop: nothing imported from FILE". Importing the same file again
 * changes nothing. Exit status: 0 done, 1 refused or failed, 2 usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config_load.h"
#include "core/buf.h"
#include "core/catalog_io.h"
#include "core/demo_catalog.h"
#include "core/mem.h"
#include "store/store.h"

#define CATALOG_USAGE                                                                              \
	"usage: onestop catalog export --db PATH --format csv|json --what "                        \
	"items|bundles|sites|windows [--out FILE] | import --db PATH [--what KIND] FILE"
#define MAX_FILE (256u << 20) /* 256 MB */

static const char *const db_flags[] = {"db", "key_file", NULL};

static os_date today(void)
{
	os_date d = 0;
	os_date_from_unix((int64_t)time(NULL), &d);
	return d;
}

static int open_db(int argc, char **argv, store **st)
{
	os_config c;
	int rc = config_load(&c, argc, argv, db_flags);
	if (rc)
		return rc;
	char err[512], keypath[CFG_STR_MAX + 16];
	store_options so;
	cli_store_options(&c, &so, false, keypath, sizeof keypath);
	if (store_open(&so, st, err, sizeof err)) {
		cli_error("%s", err);
		return 1;
	}
	return 0;
}

static int read_file(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error("cannot read %s: %s", path, strerror(errno));
		return 1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		cli_error("cannot read %s: not a regular file", path);
		close(fd);
		return 1;
	}
	if ((uint64_t)sb.st_size > MAX_FILE) {
		cli_error("%s is larger than %u MB", path, MAX_FILE >> 20);
		close(fd);
		return 1;
	}
	size_t n = (size_t)sb.st_size, got = 0;
	char *data = os_malloc(n + 1);
	while (got < n) {
		ssize_t r = read(fd, data + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			cli_error("cannot read %s: %s", path,
			          r < 0 ? strerror(errno) : "file shrank");
			free(data);
			close(fd);
			return 1;
		}
		got += (size_t)r;
	}
	close(fd);
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

/* ---- export ---- */

typedef struct export_ctx {
	buf *b;
	cat_format fmt;
	cat_what what;
	bool first;
} export_ctx;

static os_err export_row(const store_cat_export_row *row, void *arg)
{
	export_ctx *x = arg;
	json_t *o = row->item     ? cat_item_to_json(row->item, true)
	            : row->bundle ? cat_bundle_to_json(row->bundle)
	            : row->site   ? cat_site_row_to_json(row->site)
	                          : cat_window_row_to_json(row->window);
	os_err e = cat_export_row(x->b, x->fmt, x->what, o, x->first);
	json_decref(o);
	x->first = false;
	return e;
}

/* Export to a buffer (the API uses the same function). */
static int write_out(const char *path, const buf *b)
{
	if (!path) {
		if (fwrite(b->data ? b->data : "", 1, b->len, stdout) != b->len || fflush(stdout)) {
			cli_error("cannot write the export: %s", strerror(errno));
			return 1;
		}
		return 0;
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		cli_error("cannot write %s: %s", tmp, strerror(errno));
		return 1;
	}
	size_t off = 0;
	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			cli_error("cannot write %s: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return 1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

static int do_export(int argc, char **argv)
{
	const char *format = NULL, *what = NULL, *out = NULL;
	char *rest[16];
	int nrest = 0;
	rest[nrest++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--format") ? &format
		                    : !strcmp(argv[i], "--what") ? &what
		                    : !strcmp(argv[i], "--out")  ? &out
		                                                 : NULL;
		if (slot) {
			if (i + 1 >= argc || *slot) {
				cli_error("%s needs one value (%s)", argv[i], CATALOG_USAGE);
				return 2;
			}
			*slot = argv[++i];
		} else if (nrest < 15) {
			rest[nrest++] = argv[i];
		} else {
			cli_error("%s", CATALOG_USAGE);
			return 2;
		}
	}
	cat_format fmt = format ? cat_format_parse(format) : CAT_FMT_NONE;
	cat_what w = what ? cat_what_parse(what) : CAT_WHAT_NONE;
	if (!fmt || !w) {
		cli_error("%s", !fmt ? "--format must be csv or json"
		                     : "--what must be items, "
		                       "bundles, sites or windows");
		return 2;
	}
	store *st;
	int rc = open_db(nrest, rest, &st);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 1u << 30);
	export_ctx x = {&b, fmt, w, true};
	os_err e = cat_export_begin(&b, fmt, w);
	if (!e)
		e = store_catalog_export(st, w, export_row, &x);
	if (!e)
		e = cat_export_end(&b, fmt);
	store_close(st);
	if (e) {
		cli_error("cannot export %s: %s", what, os_strerror(e));
		buf_free(&b);
		return 1;
	}
	rc = write_out(out, &b);
	buf_free(&b);
	return rc;
}

/* ---- import ---- */

static int do_import(int argc, char **argv)
{
	const char *file = NULL, *what = NULL;
	char *rest[16];
	int nrest = 0;
	rest[nrest++] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--what")) {
			if (i + 1 >= argc || what) {
				cli_error("--what needs one value (%s)", CATALOG_USAGE);
				return 2;
			}
			what = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			if (nrest >= 14) {
				cli_error("%s", CATALOG_USAGE);
				return 2;
			}
			rest[nrest++] = argv[i];
			if (!strchr(argv[i], '=') && i + 1 < argc)
				rest[nrest++] = argv[++i];
		} else if (!file) {
			file = argv[i];
		} else {
			cli_error("one file at a time (%s)", CATALOG_USAGE);
			return 2;
		}
	}
	if (!file) {
		cli_error("%s", CATALOG_USAGE);
		return 2;
	}
	cat_what w = what ? cat_what_parse(what) : CAT_WHAT_NONE;
	if (what && !w) {
		cli_error("--what must be items, bundles, sites or windows");
		return 2;
	}
	cat_format fmt = cat_format_from_path(file);
	if (!fmt) {
		cli_error("%s: the file name must end in .csv or .json", file);
		return 2;
	}
	char *data;
	size_t len;
	if (read_file(file, &data, &len))
		return 1;
	cat_import im;
	cat_row_error errs[CAT_IMPORT_MAX_ERRORS];
	size_t n_errs = 0;
	os_err e = cat_import_parse(data, len, fmt, w, &im, errs, CAT_IMPORT_MAX_ERRORS, &n_errs);
	free(data);
	if (e) {
		for (size_t i = 0; i < n_errs && i < CAT_IMPORT_MAX_ERRORS; i++) {
			if (errs[i].field[0])
				cli_error("%s:%zu: %s: %s", file, errs[i].line, errs[i].field,
				          errs[i].reason);
			else
				cli_error("%s:%zu: %s", file, errs[i].line, errs[i].reason);
		}
		if (n_errs > CAT_IMPORT_MAX_ERRORS)
			cli_error("%s: %zu more errors", file, n_errs - CAT_IMPORT_MAX_ERRORS);
		cli_error("nothing imported from %s", file);
		return 1;
	}
	store *st;
	int rc = open_db(nrest, rest, &st);
	if (rc) {
		cat_import_free(&im);
		return rc;
	}
	store_cat_import_result res;
	e = store_catalog_import(st, today(), 0, (int64_t)time(NULL), &im, &res);
	store_close(st);
	if (e) {
		if (res.err.line)
			cli_error("%s:%zu: %s%s%s", file, res.err.line, res.err.field,
			          res.err.field[0] ? ": " : "", res.err.reason);
		else
			cli_error("%s: %s", file, res.err.reason);
		cli_error("nothing imported from %s", file);
		cat_import_free(&im);
		return 1;
	}
	printf("onestop: imported %s: %zu %s: %zu new, %zu changed, %zu unchanged\n", file, im.n,
	       cat_what_key(im.what), res.inserted, res.updated, res.unchanged);
	cat_import_free(&im);
	return 0;
}

int cli_catalog(int argc, char **argv)
{
	if (argc < 2) {
		cli_error("%s", CATALOG_USAGE);
		return 2;
	}
	if (!strcmp(argv[1], "export"))
		return do_export(argc - 1, argv + 1);
	if (!strcmp(argv[1], "import"))
		return do_import(argc - 1, argv + 1);
	cli_error("unknown catalog command '%s' (%s)", argv[1], CATALOG_USAGE);
	return 2;
}

os_err cli_demo_catalog(struct store *st, const struct demo_district *d)
{
	demo_catalog *c = demo_catalog_generate(d, DEMO_CATALOG_ITEMS);
	if (!c)
		return OS_ERR_INTERNAL;
	os_err e = store_catalog_demo_load(st, (int64_t)time(NULL), c);
	if (!e)
		printf("onestop: demo catalog: %zu items, %zu bundles\n", c->n_items, c->n_bundles);
	demo_catalog_free(c);
	return e;
}
