/* review.c - the rules of good/bad reviews (see review.h). */
#include "core/review.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"

/* ---- levels and dimensions ---- */

static const review_level_info levels[] = {
    {RL_VERY_SATISFIED, "very_satisfied", "非常满意", "Very satisfied", false},
    {RL_SATISFIED, "satisfied", "满意", "Satisfied", false},
    {RL_BASIC, "basically_satisfied", "基本满意", "Basically satisfied", false},
    {RL_UNSATISFIED, "unsatisfied", "不满意", "Unsatisfied", true},
    {RL_VERY_UNSATISFIED, "very_unsatisfied", "非常不满意", "Very unsatisfied", true},
};

const review_level_info *review_levels(size_t *n)
{
	*n = sizeof levels / sizeof levels[0];
	return levels;
}

const review_level_info *review_level_get(review_level l)
{
	return l >= RL_VERY_SATISFIED && l < RL__COUNT ? &levels[l - 1] : NULL;
}

review_level review_level_from_key(const char *key)
{
	for (size_t i = 0; key && i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(levels[i].key, key) == 0)
			return levels[i].level;
	return RL_NONE;
}

bool review_level_bad(review_level l)
{
	const review_level_info *i = review_level_get(l);
	return i && i->bad;
}

bool review_level_good(review_level l)
{
	const review_level_info *i = review_level_get(l);
	return i && !i->bad;
}

/* The national rules (国办发〔2019〕51号, 政务服务“好差评”): window service
 * is rated on attitude and efficiency; online and guided service on the
 * accuracy of the guide, convenience and efficiency (DOMAIN.md §6). */
static const review_dim_info dims[] = {
    {RD_ATTITUDE, "attitude", "服务态度", "Attitude", RSV_WINDOW},
    {RD_EFFICIENCY, "efficiency", "办事效率", "Efficiency", RSV_WINDOW | RSV_ONLINE},
    {RD_ACCURACY, "accuracy", "办事指南准确性", "Accuracy of the guide", RSV_ONLINE},
    {RD_CONVENIENCE, "convenience", "便捷性", "Convenience", RSV_ONLINE},
};

const review_dim_info *review_dims(size_t *n)
{
	*n = sizeof dims / sizeof dims[0];
	return dims;
}

const review_dim_info *review_dim_by_key(const char *key)
{
	for (size_t i = 0; key && i < sizeof dims / sizeof dims[0]; i++)
		if (strcmp(dims[i].key, key) == 0)
			return &dims[i];
	return NULL;
}

bool review_dim_applies(review_dim d, review_service s)
{
	return d >= 0 && d < RD__COUNT && (dims[d].services & (unsigned)s) != 0;
}

const char *review_event_key(review_event k)
{
	return k == REV_TICKET ? "ticket" : k == REV_CASE ? "case" : NULL;
}

const char *review_source_key(review_source s)
{
	switch (s) {
	case RSRC_TABLET:
		return "tablet";
	case RSRC_SIGNED_IN:
		return "signed_in";
	case RSRC_LINK:
		return "link";
	}
	return NULL;
}

static bool phone_ok(const char *p)
{
	size_t n = strlen(p), digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+' && i == 0)
			continue;
		if (p[i] == '-' && i > 0)
			continue;
		if (p[i] < '0' || p[i] > '9')
			return false;
		digits++;
	}
	return digits >= 5 && digits <= 20 && n <= 24;
}

os_err review_check(const review_input *in, review_service s, const char **field, const char **why)
{
	*field = NULL;
	*why = NULL;
	if (!review_level_get(in->level)) {
		*field = "level";
		*why = "one of the five levels, 1 (very satisfied) to 5 (very unsatisfied)";
		return OS_ERR_INVALID;
	}
	for (int d = 0; d < RD__COUNT; d++) {
		if (in->dims[d] == 0)
			continue;
		if (in->dims[d] < 1 || in->dims[d] > 5) {
			*field = dims[d].key;
			*why = "a level from 1 (very satisfied) to 5 (very unsatisfied)";
			return OS_ERR_INVALID;
		}
		if (!review_dim_applies((review_dim)d, s)) {
			*field = dims[d].key;
			*why = s == RSV_WINDOW
			           ? "window service is rated on attitude and efficiency"
			           : "online service is rated on accuracy, convenience and "
			             "efficiency";
			return OS_ERR_INVALID;
		}
	}
	if (in->comment && in->comment[0]) {
		if (!cat_text_ok(in->comment, REVIEW_COMMENT_MAX * 4, true) ||
		    cat_utf8_chars(in->comment) > REVIEW_COMMENT_MAX) {
			*field = "comment";
			*why = "at most 500 characters of text";
			return OS_ERR_INVALID;
		}
	}
	if (in->phone && in->phone[0] && !phone_ok(in->phone)) {
		*field = "phone";
		*why = "a phone number: digits, optionally + and -";
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* ---- the follow-up ---- */

static const review_fu_rule fu_rules[] = {
    {RFS_OPENED, RFA_VERIFY, RFS_VERIFIED, RFN_NOTE},
    {RFS_VERIFIED, RFA_FIX_NOW, RFS_FIXED_NOW, RFN_NOTE},
    {RFS_VERIFIED, RFA_FIX_BY_DEADLINE, RFS_FIX_BY_DEADLINE, RFN_NOTE | RFN_DEADLINE},
    {RFS_VERIFIED, RFA_EXPLAIN, RFS_EXPLAINED, RFN_LEGAL_BASIS},
    {RFS_FIXED_NOW, RFA_ANSWER, RFS_ANSWERED, RFN_ANSWER},
    {RFS_FIX_BY_DEADLINE, RFA_ANSWER, RFS_ANSWERED, RFN_ANSWER},
    {RFS_EXPLAINED, RFA_ANSWER, RFS_ANSWERED, RFN_ANSWER},
    {RFS_ANSWERED, RFA_CLOSE, RFS_CLOSED, 0},
};

const review_fu_rule *review_followup_rules(size_t *n)
{
	*n = sizeof fu_rules / sizeof fu_rules[0];
	return fu_rules;
}

os_err review_followup_step(review_fu_state from, review_fu_action a, review_fu_state *to,
                            const char **why)
{
	for (size_t i = 0; i < sizeof fu_rules / sizeof fu_rules[0]; i++) {
		if (fu_rules[i].from == from && fu_rules[i].action == a) {
			*to = fu_rules[i].to;
			return OS_OK;
		}
	}
	if (why) {
		switch (from) {
		case RFS_OPENED:
			*why = "verify the review first (a call to the person)";
			break;
		case RFS_VERIFIED:
			*why = "after verifying: fix now, fix by a deadline or explain";
			break;
		case RFS_ANSWERED:
			*why = "the person was answered: only closing remains";
			break;
		case RFS_CLOSED:
			*why = "the follow-up is closed";
			break;
		default:
			*why = "the person must be answered next";
			break;
		}
	}
	return OS_ERR_CONFLICT;
}

unsigned review_followup_actions(review_fu_state s)
{
	unsigned bits = 0;
	for (size_t i = 0; i < sizeof fu_rules / sizeof fu_rules[0]; i++)
		if (fu_rules[i].from == s)
			bits |= 1u << fu_rules[i].action;
	return bits;
}

bool review_followup_open(review_fu_state s)
{
	return s >= RFS_OPENED && s < RFS_ANSWERED;
}

static const struct {
	const char *key, *zh;
} fu_states[RFS__COUNT] = {
    [RFS_OPENED] = {"opened", "待核实"},
    [RFS_VERIFIED] = {"verified", "已核实"},
    [RFS_FIXED_NOW] = {"fixed_now", "已立即整改"},
    [RFS_FIX_BY_DEADLINE] = {"fix_by_deadline", "限期整改中"},
    [RFS_EXPLAINED] = {"explained", "已解释说明"},
    [RFS_ANSWERED] = {"answered", "已回复"},
    [RFS_CLOSED] = {"closed", "已办结"},
};

static const struct {
	const char *key, *zh;
} fu_actions[RFA__COUNT] = {
    [RFA_VERIFY] = {"verify", "回访核实"},
    [RFA_FIX_NOW] = {"fix_now", "立即整改"},
    [RFA_FIX_BY_DEADLINE] = {"fix_by_deadline", "限期整改"},
    [RFA_EXPLAIN] = {"explain", "解释说明"},
    [RFA_ANSWER] = {"answer", "答复"},
    [RFA_CLOSE] = {"close", "办结"},
};

const char *review_fu_state_key(review_fu_state s)
{
	return s > RFS_NONE && s < RFS__COUNT ? fu_states[s].key : NULL;
}

const char *review_fu_state_zh(review_fu_state s)
{
	return s > RFS_NONE && s < RFS__COUNT ? fu_states[s].zh : NULL;
}

const char *review_fu_action_key(review_fu_action a)
{
	return a > RFA_NONE && a < RFA__COUNT ? fu_actions[a].key : NULL;
}

const char *review_fu_action_zh(review_fu_action a)
{
	return a > RFA_NONE && a < RFA__COUNT ? fu_actions[a].zh : NULL;
}

review_fu_action review_fu_action_from_key(const char *key)
{
	for (int a = RFA_VERIFY; key && a < RFA__COUNT; a++)
		if (strcmp(fu_actions[a].key, key) == 0)
			return (review_fu_action)a;
	return RFA_NONE;
}

review_fu_state review_fu_state_from_key(const char *key)
{
	for (int s = RFS_OPENED; key && s < RFS__COUNT; s++)
		if (strcmp(fu_states[s].key, key) == 0)
			return (review_fu_state)s;
	return RFS_NONE;
}

/* ---- appeals ---- */

const char *review_appeal_key(review_appeal_state s)
{
	switch (s) {
	case RAP_FILED:
		return "filed";
	case RAP_UPHELD:
		return "upheld";
	case RAP_REJECTED:
		return "rejected";
	case RAP_NONE:
		break;
	}
	return NULL;
}

os_err review_appeal_decide(review_appeal_state from, int64_t appellant_id, int64_t decider_id,
                            review_appeal_state to, const char **why)
{
	if (to != RAP_UPHELD && to != RAP_REJECTED) {
		*why = "the decision is upheld or rejected";
		return OS_ERR_INVALID;
	}
	if (from != RAP_FILED) {
		*why = "the appeal was decided already";
		return OS_ERR_CONFLICT;
	}
	if (!decider_id || decider_id == appellant_id) {
		*why = "an appeal is decided by someone other than the appellant";
		return OS_ERR_FORBIDDEN;
	}
	*why = NULL;
	return OS_OK;
}

/* ---- figures ---- */

int review_rate_permille(int64_t good, int64_t counted)
{
	if (counted <= 0)
		return -1;
	if (good < 0)
		good = 0;
	if (good > counted)
		good = counted;
	return (int)((good * 2000 + counted) / (2 * counted));
}

/* ---- links ---- */

#define LINK_MAC_BYTES 16

static void link_mac(const unsigned char secret[32], review_event kind, int64_t id,
                     unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	char msg[48];
	int n = snprintf(msg, sizeof msg, "onestop-review:%d:%lld", (int)kind, (long long)id);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, secret);
}

os_err review_link_make(const unsigned char secret[32], review_event kind, int64_t id, char *out,
                        size_t cap)
{
	if ((kind != REV_TICKET && kind != REV_CASE) || id <= 0)
		return OS_ERR_INVALID;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	link_mac(secret, kind, id, mac);
	char b64[sodium_base64_ENCODED_LEN(LINK_MAC_BYTES,
	                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_bin2base64(b64, sizeof b64, mac, LINK_MAC_BYTES,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	int n = snprintf(out, cap, "%c%lld.%s", kind == REV_TICKET ? 't' : 'c', (long long)id, b64);
	return n > 0 && (size_t)n < cap ? OS_OK : OS_ERR_TOO_LARGE;
}

os_err review_link_parse(const unsigned char secret[32], const char *token, review_event *kind,
                         int64_t *id)
{
	if (!token || strlen(token) >= REVIEW_LINK_MAX)
		return OS_ERR_INVALID;
	review_event k = token[0] == 't' ? REV_TICKET : token[0] == 'c' ? REV_CASE : 0;
	if (!k)
		return OS_ERR_INVALID;
	int64_t v = 0;
	const char *p = token + 1;
	if (*p < '1' || *p > '9')
		return OS_ERR_INVALID;
	for (int digits = 0; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 15)
			return OS_ERR_INVALID;
		v = v * 10 + (*p - '0');
	}
	if (*p != '.')
		return OS_ERR_INVALID;
	p++;
	unsigned char got[LINK_MAC_BYTES + 4];
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(got, sizeof got, p, strlen(p), NULL, &len, &end,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != LINK_MAC_BYTES || (end && *end))
		return OS_ERR_INVALID;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	link_mac(secret, k, v, mac);
	if (sodium_memcmp(mac, got, LINK_MAC_BYTES) != 0)
		return OS_ERR_INVALID;
	*kind = k;
	*id = v;
	return OS_OK;
}
