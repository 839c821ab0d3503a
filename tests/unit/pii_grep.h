/* pii_grep.h - the plaintext grep shared by the personal-data tests: read a
 * whole file and fail when any of the given values appears in it. */
#ifndef ONESTOP_TESTS_PII_GREP_H
#define ONESTOP_TESTS_PII_GREP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file's bytes, NUL-terminated (the caller frees); NULL when absent. */
static char *pii_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)len + 1);
	*n = fread(p, 1, (size_t)len, f);
	p[*n] = '\0';
	fclose(f);
	return p;
}

/* Fails the test when a needle is in the file. Returns 1 when the file was
 * checked, 0 when it does not exist (e.g. no WAL left after a checkpoint). */
static int pii_file_clean(const char *path, const char *const *needles, size_t n_needles)
{
	size_t n;
	char *p = pii_slurp(path, &n);
	if (!p)
		return 0;
	for (size_t i = 0; i < n_needles; i++)
		if (memmem(p, n, needles[i], strlen(needles[i])))
			fail_msg("%s found in the clear in %s", needles[i], path);
	free(p);
	return 1;
}

/* A fresh temporary directory /tmp/NAME-XXXXXX and the files of a sealed
 * store in it: the database, its key file, its WAL and a backup. */
typedef struct pii_files {
	char dir[64];
	char db[256];
	char key[256];
	char wal[300];
	char bak[256];
} pii_files;

static inline void pii_files_make(pii_files *f, const char *name)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/%s-XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/x.db", f->dir);
	snprintf(f->key, sizeof f->key, "%s/onestop.key", f->dir);
	snprintf(f->wal, sizeof f->wal, "%s-wal", f->db);
	snprintf(f->bak, sizeof f->bak, "%s/backup.db", f->dir);
}

/* Removes the directory and everything in it. */
static inline void pii_files_remove(const pii_files *f)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
}

#endif
