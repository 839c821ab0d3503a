#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(f) offsetof(os_config, f)

static const cfg_entry table[] = {
    {"listen", CFG_HOSTPORT, "127.0.0.1:8080", 0, 0, OFF(listen), "address and port to serve on"},
    {"db", CFG_STRING, "var/onestop.db", 1, CFG_STR_MAX - 1, OFF(db), "SQLite database file"},
    {"key_file", CFG_STRING, "", 0, CFG_STR_MAX - 1, OFF(key_file),
     "personal-data key file; empty for onestop.key beside the db (keep it off the db's disk)"},
    {"web_root", CFG_STRING, "web", 1, CFG_STR_MAX - 1, OFF(web_root),
     "directory of the web pages"},
    {"access_log", CFG_STRING, "", 0, CFG_STR_MAX - 1, OFF(access_log),
     "JSON-lines access log: a path, - for stderr, off, or empty for access.log beside the db"},
    {"threads", CFG_INT, "2", 1, 64, OFF(threads), "HTTP worker threads"},
    {"max_body", CFG_INT, "1048576", 1024, 67108864, OFF(max_body),
     "largest request body in bytes"},
    {"max_header", CFG_INT, "16384", 2048, 1048576, OFF(max_header),
     "memory for one connection's request line and headers, bytes"},
    {"json_depth", CFG_INT, "16", 2, 64, OFF(json_depth), "deepest JSON nesting accepted"},
    {"max_connections", CFG_INT, "1024", 4, 65536, OFF(max_connections),
     "simultaneous connections"},
    {"connection_timeout", CFG_INT, "60", 1, 3600, OFF(connection_timeout),
     "idle connection timeout, seconds"},
    {"shutdown_grace", CFG_INT, "10", 0, 300, OFF(shutdown_grace),
     "seconds to let in-flight requests finish after SIGTERM"},
    {"session_idle_minutes", CFG_INT, "30", 1, 1440, OFF(session_idle_minutes),
     "a session ends after this much inactivity"},
    {"session_max_hours", CFG_INT, "12", 1, 720, OFF(session_max_hours),
     "absolute session lifetime"},
    {"sse_max_clients", CFG_INT, "256", 1, 10000, OFF(sse_max_clients),
     "simultaneous Server-Sent Events streams"},
    {"group_commit_max", CFG_INT, "256", 1, 10000, OFF(group_commit_max),
     "most write operations committed with one fsync"},
    {"read_connections", CFG_INT, "8", 1, 64, OFF(read_connections),
     "SQLite read connections kept open"},
    {"rate_login_per_minute", CFG_INT, "60", 1, 100000, OFF(rate_login_per_minute),
     "sign-in attempts per client address per minute"},
    {"rate_login_account_per_minute", CFG_INT, "10", 1, 10000, OFF(rate_login_account_per_minute),
     "sign-in attempts per client address and account per minute (citizens are throttled, not "
     "locked)"},
    {"rate_search_per_minute", CFG_INT, "600", 1, 1000000, OFF(rate_search_per_minute),
     "searches per client address per minute"},
    {"rate_export_per_hour", CFG_INT, "60", 1, 100000, OFF(rate_export_per_hour),
     "exports per client address per hour"},
    {"rate_ticket_per_hour", CFG_INT, "600", 1, 1000000, OFF(rate_ticket_per_hour),
     "queue tickets issued per client address per hour"},
    {"totp_required_roles", CFG_STRING, "sysadmin,secadmin,auditor", 0, CFG_STR_MAX - 1,
     OFF(totp_required_roles),
     "roles that must sign in with a one-time code (TOTP), comma-separated"},
    {"green_age", CFG_INT, "70", 50, 120, OFF(green_age),
     "hall: age from which an ID number gives the green channel (elderly)"},
    {"queue_policy", CFG_STRING, "interleave", 6, 10, OFF(queue_policy),
     "hall calling rule: strict (priority always first) or interleave (a walk-in after "
     "queue_interleave priority calls)"},
    {"queue_interleave", CFG_INT, "3", 1, 100, OFF(queue_interleave),
     "hall: consecutive priority calls at a window before one walk-in (queue_policy interleave)"},
    {"noshow_return_minutes", CFG_INT, "30", 0, 600, OFF(noshow_return_minutes),
     "hall: minutes in which a ticket marked as not shown may come back"},
    {"appointment_checkin_minutes", CFG_INT, "30", 0, 240, OFF(appointment_checkin_minutes),
     "hall: check-in for an appointment from this many minutes before its slot to as many after"},
    {"behind_tls", CFG_BOOL, "false", 0, 0, OFF(behind_tls),
     "served over HTTPS by a terminating proxy: Secure, __Host- prefixed session cookie"},
    {"visa_submit_deadline_hours", CFG_INT, "24", 0, 720, OFF(visa_submit_deadline_hours),
     "port visa: groups are pre-submitted at least this many hours before arrival"},
    {"complaint_answer_days", CFG_INT, "15", 1, 60, OFF(complaint_answer_days),
     "complaint window: working days from the recording to the answer"},
    {"complaint_warn_days", CFG_INT, "3", 0, 30, OFF(complaint_warn_days),
     "complaint window: working days before the deadline when the person is to be contacted"},
    {"case_sweep_minutes", CFG_INT, "5", 0, 1440, OFF(case_sweep_minutes),
     "cases: minutes between runs of the deemed-acceptance and overdue sweep (0 = off)"},
    {"review_fix_days", CFG_INT, "15", 1, 60, OFF(review_fix_days),
     "reviews: working days to fix and answer a bad review (the follow-up's deadline)"},
    {"proxy_green_age", CFG_INT, "60", 50, 120, OFF(proxy_green_age),
     "proxy service: age from which an ID number puts the person first for proxy and home "
     "service"},
    {"demo_if_empty", CFG_BOOL, "false", 0, 0, OFF(demo_if_empty),
     "load the demo district when serving an empty database"},
    {"demo_cases", CFG_INT, "458143", 0, 2000000, OFF(demo_cases),
     "cases: completed cases `onestop demo` loads for the demo year (Yongding 2022: 458,143)"},
};

const cfg_entry *config_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const cfg_entry *config_find(const char *name)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

os_err config_split_hostport(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s)
		return OS_ERR_INVALID;
	const char *h = s;
	size_t hl = (size_t)(colon - s);
	if (h[0] == '[') {
		if (hl < 3 || h[hl - 1] != ']')
			return OS_ERR_INVALID;
		h++;
		hl -= 2;
	} else if (memchr(h, ':', hl)) {
		return OS_ERR_INVALID; /* an IPv6 address must be bracketed */
	}
	if (hl == 0 || hl >= hostlen)
		return OS_ERR_INVALID;
	if (!isdigit((unsigned char)colon[1]))
		return OS_ERR_INVALID; /* digits only: no sign, no space */
	char *end;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p < 0 || p > 65535)
		return OS_ERR_INVALID;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (int)p;
	return OS_OK;
}

os_err config_set(os_config *c, const char *key, const char *value, const char **why)
{
	const cfg_entry *e = config_find(key);
	if (!e) {
		*why = "unknown setting";
		return OS_ERR_NOT_FOUND;
	}
	char *field = (char *)c + e->offset;
	switch (e->type) {
	case CFG_STRING: {
		size_t n = strlen(value);
		if ((long)n < e->min) {
			*why = "must not be empty";
			return OS_ERR_INVALID;
		}
		if ((long)n > e->max) {
			*why = "too long";
			return OS_ERR_INVALID;
		}
		memcpy(field, value, n + 1);
		return OS_OK;
	}
	case CFG_HOSTPORT: {
		char host[256];
		int port;
		if (strlen(value) >= CFG_STR_MAX ||
		    config_split_hostport(value, host, sizeof host, &port)) {
			*why = "must be HOST:PORT with a port from 0 to 65535";
			return OS_ERR_INVALID;
		}
		memcpy(field, value, strlen(value) + 1);
		return OS_OK;
	}
	case CFG_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end) {
			*why = "must be a whole number";
			return OS_ERR_INVALID;
		}
		if (v < e->min || v > e->max) {
			*why = "out of range (see onestop help for bounds)";
			return OS_ERR_INVALID;
		}
		memcpy(field, &v, sizeof v);
		return OS_OK;
	}
	case CFG_BOOL: {
		bool v;
		if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1") ||
		    !strcmp(value, "on"))
			v = true;
		else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0") ||
		         !strcmp(value, "off"))
			v = false;
		else {
			*why = "must be true or false";
			return OS_ERR_INVALID;
		}
		memcpy(field, &v, sizeof v);
		return OS_OK;
	}
	}
	*why = "bad type";
	return OS_ERR_INTERNAL;
}

void config_get(const os_config *c, const cfg_entry *e, char *out, size_t outlen)
{
	const char *field = (const char *)c + e->offset;
	switch (e->type) {
	case CFG_STRING:
	case CFG_HOSTPORT:
		snprintf(out, outlen, "%s", field);
		break;
	case CFG_INT: {
		long v;
		memcpy(&v, field, sizeof v);
		snprintf(out, outlen, "%ld", v);
		break;
	}
	case CFG_BOOL: {
		bool v;
		memcpy(&v, field, sizeof v);
		snprintf(out, outlen, "%s", v ? "true" : "false");
		break;
	}
	}
}

void config_defaults(os_config *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *why;
		config_set(c, table[i].name, table[i].def, &why);
	}
}
