/* config.h - the one typed configuration table (cf. redis' static_configs[]).
 *
 * Every setting has a name, a type, bounds and a default. The same table
 * serves the file onestop.conf (key = value), the environment (ONESTOP_KEY),
 * command-line flags (--key VALUE) and `onestop --check-config`, and it is
 * printed by `onestop help`. Pure: the loaders that read files and the
 * environment live in src/cli/config_load.c. */
#ifndef ONESTOP_CORE_CONFIG_H
#define ONESTOP_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

#define CFG_STR_MAX 512

typedef struct os_config {
	char listen[CFG_STR_MAX]; /* HOST:PORT */
	char db[CFG_STR_MAX];
	char key_file[CFG_STR_MAX]; /* "" = onestop.key beside the database */
	char web_root[CFG_STR_MAX];
	char access_log[CFG_STR_MAX]; /* "" = next to the database, "-" = stderr, "off" */
	long threads;
	long max_body;
	long max_header;
	long json_depth;
	long max_connections;
	long connection_timeout;
	long shutdown_grace;
	long session_idle_minutes;
	long session_max_hours;
	long sse_max_clients;
	long group_commit_max;
	long read_connections;
	long rate_login_per_minute;
	long rate_login_account_per_minute;
	long rate_search_per_minute;
	long rate_export_per_hour;
	long rate_ticket_per_hour;
	char totp_required_roles[CFG_STR_MAX]; /* comma-separated role keys (issue 3) */
	/* the service hall (issue 7) */
	long green_age;
	char queue_policy[16]; /* strict | interleave */
	long queue_interleave;
	long noshow_return_minutes;
	long appointment_checkin_minutes;
	long visa_submit_deadline_hours; /* port visa (issue 8) */
	long review_fix_days;            /* reviews (issue 9) */
	long complaint_answer_days;      /* complaint window (issue 9) */
	long complaint_warn_days;
	long proxy_green_age; /* proxy service (issue 9) */
	/* cases (issue 6): minutes between deemed-acceptance / overdue sweeps; 0 = off */
	long case_sweep_minutes;
	bool demo_if_empty;
	long demo_cases; /* cases of the demo year (issue 6) */
	bool behind_tls;
} os_config;

typedef enum cfg_type { CFG_STRING, CFG_INT, CFG_BOOL, CFG_HOSTPORT } cfg_type;

typedef struct cfg_entry {
	const char *name;
	cfg_type type;
	const char *def;
	long min, max; /* for CFG_INT; for strings max is the length cap */
	size_t offset;
	const char *help;
} cfg_entry;

const cfg_entry *config_table(size_t *n);
const cfg_entry *config_find(const char *name);
void config_defaults(os_config *c);
/* Parse and store one value. On error returns OS_ERR_INVALID (or NOT_FOUND
 * for an unknown key) and sets *why to a static English reason. */
os_err config_set(os_config *c, const char *key, const char *value, const char **why);
/* Render one value as text into out (cap outlen). */
void config_get(const os_config *c, const cfg_entry *e, char *out, size_t outlen);
/* Split "host:port"; host may be [v6]. Returns OS_ERR_INVALID when malformed. */
os_err config_split_hostport(const char *s, char *host, size_t hostlen, int *port);

#endif
