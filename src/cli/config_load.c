#include "cli/config_load.h"

#include <ctype.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct file_ctx {
	os_config *c;
	const char *why;
	char key[64];
	bool unknown_section;
} file_ctx;

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
	file_ctx *f = user;
	if (section && section[0]) {
		f->unknown_section = true;
		snprintf(f->key, sizeof f->key, "[%s]", section);
		f->why = "sections are not used; put settings at the top level";
		return 0;
	}
	snprintf(f->key, sizeof f->key, "%s", name);
	return config_set(f->c, name, value, &f->why) == OS_OK;
}

static bool key_allowed(const char *key, const char *const *allowed)
{
	if (!allowed)
		return true;
	for (; *allowed; allowed++)
		if (!strcmp(*allowed, key))
			return true;
	return false;
}

int config_load(os_config *c, int argc, char **argv, const char *const *allowed)
{
	config_defaults(c);
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			path = argv[i + 1];
		else if (!strncmp(argv[i], "--config=", 9))
			path = argv[i] + 9;
	}
	bool explicit_file = path != NULL;
	if (!path)
		path = getenv("ONESTOP_CONFIG");
	if (path)
		explicit_file = true;
	else if (access("onestop.conf", F_OK) == 0)
		path = "onestop.conf";
	if (path) {
		FILE *fp = fopen(path, "r");
		if (!fp) {
			cli_error("cannot read config file %s", path);
			return explicit_file ? 1 : 0;
		}
		file_ctx f = {.c = c};
		int line = ini_parse_file(fp, on_ini, &f);
		fclose(fp);
		if (line != 0) {
			if (line < 0)
				cli_error("%s: cannot read the file", path);
			else if (f.why)
				cli_error("%s:%d: %s: %s", path, line, f.key, f.why);
			else
				cli_error("%s:%d: syntax error (expected key = value)", path, line);
			return 1;
		}
	}
	size_t n;
	const cfg_entry *t = config_table(&n);
	for (size_t i = 0; i < n; i++) {
		char env[80] = "ONESTOP_";
		size_t k = 8;
		for (const char *p = t[i].name; *p && k < sizeof env - 1; p++)
			env[k++] = (char)toupper((unsigned char)*p);
		env[k] = '\0';
		const char *v = getenv(env);
		const char *why;
		if (v && config_set(c, t[i].name, v, &why)) {
			cli_error("environment %s: %s", env, why);
			return 1;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			cli_error("unexpected argument '%s' (see: onestop help %s)", a, argv[0]);
			return 2;
		}
		char key[64];
		const char *val;
		const char *eq = strchr(a, '=');
		if (eq) {
			size_t kl = (size_t)(eq - a - 2);
			if (kl >= sizeof key)
				kl = sizeof key - 1;
			memcpy(key, a + 2, kl);
			key[kl] = '\0';
			val = eq + 1;
		} else {
			snprintf(key, sizeof key, "%s", a + 2);
			if (i + 1 >= argc) {
				cli_error("--%s needs a value", key);
				return 2;
			}
			val = argv[++i];
		}
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		if (!strcmp(key, "config"))
			continue;
		if (!config_find(key) || !key_allowed(key, allowed)) {
			cli_error("unknown option %.*s (see: onestop help %s)",
			          eq ? (int)(eq - a) : (int)strlen(a), a, argv[0]);
			return 2;
		}
		const char *why;
		if (config_set(c, key, val, &why)) {
			cli_error("--%s: %s", key, why);
			return 1;
		}
	}
	return 0;
}

void cli_store_options(const os_config *c, store_options *so, bool create, char *key_buf,
                       size_t key_cap)
{
	if (c->key_file[0]) {
		snprintf(key_buf, key_cap, "%s", c->key_file);
	} else {
		const char *slash = strrchr(c->db, '/');
		if (slash)
			snprintf(key_buf, key_cap, "%.*s/onestop.key", (int)(slash - c->db), c->db);
		else
			snprintf(key_buf, key_cap, "onestop.key");
	}
	*so = (store_options){.path = c->db,
	                      .read_connections = (int)c->read_connections,
	                      .group_commit_max = (int)c->group_commit_max,
	                      .create = create,
	                      .key_file = key_buf};
}

const char *cli_take_flag(int *argc, char **argv, const char *name, bool *missing)
{
	size_t nl = strlen(name);
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int used = 0;
		if (!strcmp(a, name)) {
			if (i + 1 >= *argc) {
				*missing = true;
				return NULL;
			}
			val = argv[i + 1];
			used = 2;
		} else if (!strncmp(a, name, nl) && a[nl] == '=') {
			val = a + nl + 1;
			used = 1;
		}
		if (val) {
			for (int k = i; k + used < *argc; k++)
				argv[k] = argv[k + used];
			*argc -= used;
			return val;
		}
	}
	return NULL;
}
