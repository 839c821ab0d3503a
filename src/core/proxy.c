/* proxy.c - proxy service rules (see proxy.h). Pure. */
#include "core/proxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lifecycle.h"

#define R  PACT_REQUESTER
#define AS PACT_ASSIGNEE
#define SP PACT_SPECIALIST

/* The lifecycle as data: from, action, to (PS_NONE = stays), actors, reason. */
static const proxy_rule rules[] = {
    {PS_SUBMITTED, PA_ASSIGN, PS_ASSIGNED, SP, false},

    {PS_ASSIGNED, PA_REASSIGN, PS_NONE, SP, true},
    {PS_IN_PROGRESS, PA_REASSIGN, PS_NONE, SP, true},
    {PS_VISIT_SCHEDULED, PA_REASSIGN, PS_NONE, SP, true},
    {PS_VISIT_DONE, PA_REASSIGN, PS_NONE, SP, true},
    {PS_CASES_FILED, PA_REASSIGN, PS_NONE, SP, true},

    {PS_ASSIGNED, PA_START, PS_IN_PROGRESS, AS | SP, false},

    {PS_ASSIGNED, PA_SCHEDULE_VISIT, PS_VISIT_SCHEDULED, AS | SP, false},
    {PS_IN_PROGRESS, PA_SCHEDULE_VISIT, PS_VISIT_SCHEDULED, AS | SP, false},
    {PS_VISIT_SCHEDULED, PA_SCHEDULE_VISIT, PS_NONE, AS | SP, false},
    {PS_VISIT_DONE, PA_SCHEDULE_VISIT, PS_VISIT_SCHEDULED, AS | SP, false},

    {PS_VISIT_SCHEDULED, PA_RECORD_VISIT, PS_VISIT_DONE, AS | SP, false},

    {PS_ASSIGNED, PA_FILE_CASE, PS_CASES_FILED, AS | SP, false},
    {PS_IN_PROGRESS, PA_FILE_CASE, PS_CASES_FILED, AS | SP, false},
    {PS_VISIT_DONE, PA_FILE_CASE, PS_CASES_FILED, AS | SP, false},
    {PS_CASES_FILED, PA_FILE_CASE, PS_NONE, AS | SP, false},

    {PS_IN_PROGRESS, PA_COMPLETE, PS_COMPLETED, AS | SP, false},
    {PS_VISIT_DONE, PA_COMPLETE, PS_COMPLETED, AS | SP, false},
    {PS_CASES_FILED, PA_COMPLETE, PS_COMPLETED, AS | SP, false},

    {PS_SUBMITTED, PA_CANCEL, PS_CANCELLED, R | SP, true},
    {PS_ASSIGNED, PA_CANCEL, PS_CANCELLED, R | SP, true},
    {PS_IN_PROGRESS, PA_CANCEL, PS_CANCELLED, SP, true},
    {PS_VISIT_SCHEDULED, PA_CANCEL, PS_CANCELLED, SP, true},
    {PS_VISIT_DONE, PA_CANCEL, PS_CANCELLED, SP, true},
    {PS_CASES_FILED, PA_CANCEL, PS_CANCELLED, SP, true},
};

#undef R
#undef AS
#undef SP

const proxy_rule *proxy_rules(size_t *n)
{
	*n = sizeof rules / sizeof rules[0];
	return rules;
}

static const proxy_rule *rule_for(proxy_state from, proxy_action a)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].from == from && rules[i].action == a)
			return &rules[i];
	return NULL;
}

os_err proxy_transition(proxy_state from, proxy_action a, unsigned actor, proxy_state *to,
                        const char **why)
{
	const proxy_rule *r = rule_for(from, a);
	if (!r) {
		if (why)
			*why = "this action is not allowed in the request's current state";
		return OS_ERR_CONFLICT;
	}
	if (!(r->actors & actor)) {
		if (why)
			*why = "you may not take this action on this request";
		return OS_ERR_FORBIDDEN;
	}
	if (to)
		*to = r->to == PS_NONE ? from : r->to;
	return OS_OK;
}

bool proxy_needs_reason(proxy_state from, proxy_action a)
{
	const proxy_rule *r = rule_for(from, a);
	return r && r->needs_reason;
}

/* ---- keys ---- */

static const char *const kind_keys[PK__COUNT] = {NULL, "help", "agency", "home"};
static const char *const kind_zh[PK__COUNT] = {NULL, "帮办", "代办", "上门办"};
static const char *const filer_keys[PF__COUNT] = {NULL, "self", "relative", "station"};
static const char *const channel_keys[PCH__COUNT] = {NULL, "online", "window"};
static const char *const state_keys[PS__COUNT] = {NULL,          "submitted",       "assigned",
                                                  "in_progress", "visit_scheduled", "visit_done",
                                                  "cases_filed", "completed",       "cancelled"};
static const char *const state_zh[PS__COUNT] = {
    NULL, "已提交", "已指派", "办理中", "已约上门", "已上门", "已代为申请", "已办结", "已取消"};
static const char *const action_keys[PA__COUNT] = {NULL,        "assign",         "reassign",
                                                   "start",     "schedule_visit", "record_visit",
                                                   "file_case", "complete",       "cancel"};
static const char *const mode_keys[PVM__COUNT] = {NULL, "home", "video"};

const char *proxy_kind_key(proxy_kind k)
{
	return lc_key(kind_keys, PK__COUNT, (int)k);
}
const char *proxy_kind_zh(proxy_kind k)
{
	return lc_key(kind_zh, PK__COUNT, (int)k);
}
int proxy_kind_parse(const char *s)
{
	return lc_key_value(kind_keys, PK__COUNT, s);
}
const char *proxy_filer_key(proxy_filer f)
{
	return lc_key(filer_keys, PF__COUNT, (int)f);
}
int proxy_filer_parse(const char *s)
{
	return lc_key_value(filer_keys, PF__COUNT, s);
}
const char *proxy_channel_key(proxy_channel c)
{
	return lc_key(channel_keys, PCH__COUNT, (int)c);
}
int proxy_channel_parse(const char *s)
{
	return lc_key_value(channel_keys, PCH__COUNT, s);
}
const char *proxy_state_key(proxy_state s)
{
	return lc_key(state_keys, PS__COUNT, (int)s);
}
const char *proxy_state_zh(proxy_state s)
{
	return lc_key(state_zh, PS__COUNT, (int)s);
}
int proxy_state_parse(const char *s)
{
	return lc_key_value(state_keys, PS__COUNT, s);
}
const char *proxy_action_key(proxy_action a)
{
	return lc_key(action_keys, PA__COUNT, (int)a);
}
int proxy_action_parse(const char *s)
{
	return lc_key_value(action_keys, PA__COUNT, s);
}
const char *proxy_visit_mode_key(proxy_visit_mode m)
{
	return lc_key(mode_keys, PVM__COUNT, (int)m);
}
int proxy_visit_mode_parse(const char *s)
{
	return lc_key_value(mode_keys, PVM__COUNT, s);
}

const char *proxy_visit_state_key(proxy_visit_state s)
{
	switch (s) {
	case PVS_SCHEDULED:
		return "scheduled";
	case PVS_DONE:
		return "done";
	case PVS_MISSED:
		return "missed";
	}
	return NULL;
}

bool proxy_state_open(proxy_state s)
{
	return s >= PS_SUBMITTED && s < PS_COMPLETED;
}

/* ---- priority ---- */

int proxy_priority_cmp(const void *pa, const void *pb)
{
	const proxy_order *a = pa, *b = pb;
	int ga = a->green != QG_NONE, gb = b->green != QG_NONE;
	if (ga != gb)
		return gb - ga;
	int ha = a->kind == PK_HOME, hb = b->kind == PK_HOME;
	if (ha != hb)
		return hb - ha;
	if (a->submitted_at != b->submitted_at)
		return a->submitted_at < b->submitted_at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

queue_green proxy_green_of(queue_green declared, bool has_birth, os_date birth, os_date today,
                           int green_age)
{
	return queue_green_for(declared, has_birth, birth, today, green_age);
}

bool proxy_offer_home(queue_green g)
{
	return g != QG_NONE;
}

/* ---- authorisation ---- */

os_err proxy_auth_make(bool consent, const char *items, os_date valid_until, os_date today,
                       proxy_auth *out, const char **field, const char **why)
{
	memset(out, 0, sizeof *out);
	if (!consent) {
		*field = "consent";
		*why = "the person's consent to the authorisation is required";
		return OS_ERR_INVALID;
	}
	os_err e = queue_normalise_codes(items ? items : "", PROXY_ITEMS_MAX, out->items,
	                                 sizeof out->items);
	if (e || !out->items[0]) {
		*field = "auth_items";
		*why = e == OS_ERR_TOO_LARGE
		           ? "at most 16 catalog item codes"
		           : "name the catalog item codes the authorisation covers, "
		             "comma-separated";
		return e ? e : OS_ERR_INVALID;
	}
	if (valid_until < today || valid_until > today + PROXY_AUTH_MAX_DAYS) {
		*field = "auth_until";
		*why = "the authorisation must be valid from today for at most a year";
		return OS_ERR_INVALID;
	}
	out->valid_until = valid_until;
	out->consent = true;
	return OS_OK;
}

os_err proxy_auth_check(const proxy_auth *a, const char *code, os_date today, const char **why)
{
	if (!a->consent) {
		*why = "the person has not given the authorisation";
		return OS_ERR_FORBIDDEN;
	}
	if (today > a->valid_until) {
		*why = "the authorisation has expired";
		return OS_ERR_FORBIDDEN;
	}
	size_t n = strlen(code);
	const char *p = a->items;
	while (n && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && memcmp(p, code, n) == 0)
			return OS_OK;
		p = comma ? comma + 1 : p + len;
	}
	*why = "the authorisation does not cover this item";
	return OS_ERR_FORBIDDEN;
}

/* ---- visits ---- */

static const char *const team_roles[] = {"doctor", "specialist", "butler", "approver",
                                         "staff",  "relative",   "other"};

/* Is p (len n) a separator: ',' ';' or the full-width '，' '；'? Returns its
 * byte length or 0. */
static size_t sep_len(const char *p)
{
	if (*p == ',' || *p == ';')
		return 1;
	if (!strncmp(p, "\xef\xbc\x8c", 3) || !strncmp(p, "\xef\xbc\x9b", 3)) /* ， ； */
		return 3;
	return 0;
}

static size_t trim_len(const char *p, size_t n, const char **start)
{
	while (n && *p == ' ') {
		p++;
		n--;
	}
	while (n && p[n - 1] == ' ')
		n--;
	*start = p;
	return n;
}

os_err proxy_team_normalise(const char *s, char *out, size_t cap, bool *has_doctor,
                            const char **why)
{
	size_t o = 0, members = 0;
	*has_doctor = false;
	if (cap == 0)
		return OS_ERR_TOO_LARGE;
	out[0] = '\0';
	const char *p = s ? s : "";
	while (*p) {
		const char *q = p;
		while (*q && !sep_len(q))
			q++;
		const char *m;
		size_t n = trim_len(p, (size_t)(q - p), &m);
		p = *q ? q + sep_len(q) : q;
		if (n == 0)
			continue;
		const char *colon = memchr(m, ':', n);
		if (!colon) {
			*why = "each team member is written role:name";
			return OS_ERR_INVALID;
		}
		const char *role;
		size_t rn = trim_len(m, (size_t)(colon - m), &role);
		const char *name;
		size_t nn = trim_len(colon + 1, n - (size_t)(colon - m) - 1, &name);
		int ri = -1;
		for (size_t i = 0; i < sizeof team_roles / sizeof team_roles[0]; i++)
			if (strlen(team_roles[i]) == rn && !memcmp(team_roles[i], role, rn))
				ri = (int)i;
		if (ri < 0) {
			*why =
			    "a team member's role is one of doctor, specialist, butler, approver, "
			    "staff, relative, other";
			return OS_ERR_INVALID;
		}
		if (nn == 0 || nn > 60) {
			*why = "a team member's name has 1 to 60 bytes";
			return OS_ERR_INVALID;
		}
		for (size_t i = 0; i < nn; i++)
			if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f || name[i] == ':') {
				*why = "a team member's name has no control characters or colons";
				return OS_ERR_INVALID;
			}
		if (++members > PROXY_TEAM_MAX) {
			*why = "a visit team has at most 8 members";
			return OS_ERR_TOO_LARGE;
		}
		if (ri == 0)
			*has_doctor = true;
		if (o + rn + nn + 3 > cap) {
			*why = "the team is too long";
			return OS_ERR_TOO_LARGE;
		}
		if (o)
			out[o++] = ',';
		memcpy(out + o, role, rn);
		o += rn;
		out[o++] = ':';
		memcpy(out + o, name, nn);
		o += nn;
		out[o] = '\0';
	}
	if (!members) {
		*why = "a visit needs at least one team member";
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

os_err proxy_parse_local(const char *s, int64_t *out)
{
	if (!s || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return OS_ERR_INVALID;
	os_date d;
	if (os_date_parse(s, 10, &d))
		return OS_ERR_INVALID;
	int hh, mm;
	if (!digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return OS_ERR_INVALID;
	*out = (int64_t)d * 86400 + hh * 3600 + mm * 60 - OS_SHANGHAI_UTC_OFFSET;
	return OS_OK;
}

os_err proxy_number(os_date day, int64_t seq, char *out, size_t cap)
{
	char ds[OS_DATE_STRLEN];
	if (seq < 1 || seq > 99999999)
		return OS_ERR_INVALID;
	os_date_format(day, ds);
	int n = snprintf(out, cap, "PX%.4s%.2s%.2s-%04lld", ds, ds + 5, ds + 8, (long long)seq);
	return n < 0 || (size_t)n >= cap ? OS_ERR_TOO_LARGE : OS_OK;
}

int proxy_month(os_date day)
{
	return lc_month(day);
}
