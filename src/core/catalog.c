/* catalog.c - items, their validation, material identity, the bundle merge
 * and the search plan (see catalog.h). */
#include "core/catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void problem(cat_problem *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(cat_problem *p, const char *field, const char *fmt, ...)
{
	if (!p)
		return;
	cpy(p->field, sizeof p->field, field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/* ---- keys ---- */

static const struct {
	const char *key, *zh, *en;
} types[CAT_TYPE_COUNT + 1] = {
    {"", "", ""},
    {"licensing", "行政许可", "Administrative licensing"},
    {"payment", "行政给付", "Administrative payment"},
    {"confirmation", "行政确认", "Administrative confirmation"},
    {"levy", "行政征收", "Administrative levy"},
    {"reward", "行政奖励", "Administrative reward"},
    {"adjudication", "行政裁决", "Administrative adjudication"},
    {"other_power", "其他行政权力", "Other administrative power"},
    {"public_service", "公共服务", "Public service"},
};

const char *cat_type_key(cat_type t)
{
	return (unsigned)t <= CAT_TYPE_COUNT ? types[t].key : "";
}

const char *cat_type_zh(cat_type t)
{
	return (unsigned)t <= CAT_TYPE_COUNT ? types[t].zh : "";
}

const char *cat_type_en(cat_type t)
{
	return (unsigned)t <= CAT_TYPE_COUNT ? types[t].en : "";
}

int cat_type_parse(const char *s)
{
	for (int i = 1; i <= CAT_TYPE_COUNT; i++)
		if (!strcmp(s, types[i].key))
			return i;
	return 0;
}

bool cat_type_is_power(cat_type t)
{
	return t >= CAT_LICENSING && t < CAT_PUBLIC_SERVICE;
}

static const char *const channel_keys[CAT_CHANNEL_COUNT] = {"window", "online", "mobile", "proxy",
                                                            "post"};

const char *cat_channel_key(unsigned bit)
{
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (bit == 1u << i)
			return channel_keys[i];
	return "";
}

unsigned cat_channel_parse(const char *s)
{
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (!strcmp(s, channel_keys[i]))
			return 1u << i;
	return 0;
}

const char *cat_form_key(unsigned form)
{
	switch (form) {
	case CAT_FORM_ORIGINAL:
		return "original";
	case CAT_FORM_COPY:
		return "copy";
	case CAT_FORM_BOTH:
		return "both";
	}
	return "";
}

unsigned cat_form_parse(const char *s)
{
	if (!strcmp(s, "original"))
		return CAT_FORM_ORIGINAL;
	if (!strcmp(s, "copy"))
		return CAT_FORM_COPY;
	if (!strcmp(s, "both"))
		return CAT_FORM_BOTH;
	return 0;
}

static const char *const field_type_keys[CAT_FIELD_TYPE_COUNT + 1] = {
    "", "text", "textarea", "number", "date", "id_number", "uscc", "phone", "address", "bool"};

const char *cat_field_type_key(cat_field_type t)
{
	return (unsigned)t <= CAT_FIELD_TYPE_COUNT ? field_type_keys[t] : "";
}

int cat_field_type_parse(const char *s)
{
	for (int i = 1; i <= CAT_FIELD_TYPE_COUNT; i++)
		if (!strcmp(s, field_type_keys[i]))
			return i;
	return 0;
}

static const cat_life_event life_events[] = {
    {"birth", "出生", "Birth", false},
    {"education", "上学", "Going to school", false},
    {"employment", "就业创业", "Work and self-employment", false},
    {"marriage", "婚姻家庭", "Marriage and family", false},
    {"household", "户籍证件", "Residence and identity papers", false},
    {"housing", "住房", "Housing", false},
    {"health", "医疗健康", "Health care", false},
    {"social_aid", "社会救助", "Social assistance", false},
    {"disability", "残疾人服务", "Services for disabled persons", false},
    {"retirement", "退休养老", "Retirement and old age", false},
    {"military", "兵役退役", "Military service and veterans", false},
    {"travel", "交通出行", "Transport and travel", false},
    {"death", "身后事", "After a death", false},
    {"business_open", "开办企业", "Starting a business", true},
    {"business_license", "经营许可", "Operating permits", true},
    {"tax", "纳税缴费", "Taxes and fees", true},
    {"employ", "用工社保", "Employing staff", true},
    {"construction", "工程建设", "Construction projects", true},
    {"agriculture", "农业生产", "Farming", true},
    {"business_change", "企业变更", "Changing a business", true},
    {"business_close", "注销退出", "Closing a business", true},
};

const cat_life_event *cat_life_events(size_t *n)
{
	*n = sizeof life_events / sizeof life_events[0];
	return life_events;
}

int cat_life_event_parse(const char *key)
{
	for (size_t i = 0; i < sizeof life_events / sizeof life_events[0]; i++)
		if (!strcmp(key, life_events[i].key))
			return (int)i;
	return -1;
}

static const char *const depth_zh[] = {"", "信息公开：网上发布办事指南",
                                       "表格下载：在线获取申请表格", "网上预审：在线提交、预审",
                                       "全程网办：零跑腿"};
static const char *const depth_en[] = {"", "Information online", "Forms to download",
                                       "Online submission and pre-review",
                                       "Fully online, zero visits"};

const char *cat_depth_default_zh(int depth)
{
	return depth >= 1 && depth <= 4 ? depth_zh[depth] : NULL;
}

const char *cat_depth_default_en(int depth)
{
	return depth >= 1 && depth <= 4 ? depth_en[depth] : NULL;
}

/* ---- items ---- */

void cat_item_init(cat_item *it)
{
	memset(it, 0, sizeof *it);
	it->legal_basis = os_strdup("");
	it->conditions = os_strdup("");
}

void cat_item_free(cat_item *it)
{
	if (!it)
		return;
	free(it->legal_basis);
	free(it->conditions);
	free(it->materials);
	free(it->fields);
	free(it->steps);
	free(it->keywords);
	memset(it, 0, sizeof *it);
}

static void *dup_block(const void *p, size_t n, size_t size)
{
	if (!n)
		return NULL;
	void *q = os_malloc(n * size);
	memcpy(q, p, n * size);
	return q;
}

void cat_item_copy(cat_item *dst, const cat_item *src)
{
	*dst = *src;
	dst->legal_basis = os_strdup(src->legal_basis ? src->legal_basis : "");
	dst->conditions = os_strdup(src->conditions ? src->conditions : "");
	dst->materials = dup_block(src->materials, src->n_materials, sizeof *src->materials);
	dst->fields = dup_block(src->fields, src->n_fields, sizeof *src->fields);
	dst->steps = dup_block(src->steps, src->n_steps, sizeof *src->steps);
	dst->keywords = dup_block(src->keywords, src->n_keywords, sizeof *src->keywords);
}

/* Grow an array of n elements by one (capacity doubles at powers of two). */
static void *grow(void *p, size_t n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		p = os_realloc(p, (n ? n * 2 : 4) * size);
	return p;
}

cat_material *cat_item_add_material(cat_item *it)
{
	it->materials = grow(it->materials, it->n_materials, sizeof *it->materials);
	cat_material *m = &it->materials[it->n_materials++];
	memset(m, 0, sizeof *m);
	m->form = CAT_FORM_ORIGINAL;
	m->count = 1;
	m->required = true;
	return m;
}

cat_field *cat_item_add_field(cat_item *it)
{
	it->fields = grow(it->fields, it->n_fields, sizeof *it->fields);
	cat_field *f = &it->fields[it->n_fields++];
	memset(f, 0, sizeof *f);
	f->type = CAT_FT_TEXT;
	return f;
}

void cat_item_add_step(cat_item *it, const char *s)
{
	it->steps = grow(it->steps, it->n_steps, sizeof *it->steps);
	cpy(it->steps[it->n_steps++], CAT_STEP_MAX, s);
}

void cat_item_add_keyword(cat_item *it, const char *s)
{
	it->keywords = grow(it->keywords, it->n_keywords, sizeof *it->keywords);
	cpy(it->keywords[it->n_keywords++], CAT_KEYWORD_MAX, s);
}

void cat_item_set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = os_strdup(s ? s : "");
}

bool cat_is_power(const cat_item *it)
{
	return cat_type_is_power(it->type);
}

bool cat_is_licensing(const cat_item *it)
{
	return it->type == CAT_LICENSING;
}

bool cat_is_online(const cat_item *it)
{
	return it->depth >= 3;
}

/* ---- text checks ---- */

long cat_utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*len = 1;
		return (long)c;
	}
	size_t k;
	unsigned long cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n < k)
		return -1;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = k;
	return (long)cp;
}

bool cat_text_ok(const char *s, size_t max, bool multiline)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k;
		long cp = cat_utf8_next(p + i, n - i, &k);
		if (cp < 0)
			return false;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			if (!(multiline && (cp == '\n' || cp == '\t')))
				return false;
		}
		if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			return false;
		i += k;
	}
	return true;
}

size_t cat_utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

bool cat_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= CAT_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

/* A one-line text of 1..max bytes (or 0..max when optional). */
static bool line_ok(cat_problem *p, const char *field, const char *s, size_t max, bool optional)
{
	if (!optional && blank(s)) {
		problem(p, field, "required");
		return false;
	}
	if (!cat_text_ok(s, max, false)) {
		problem(p, field,
		        strlen(s) > max ? "longer than %zu bytes"
		                        : "not valid UTF-8 text on one line (%zu bytes at most)",
		        max);
		return false;
	}
	return true;
}

os_err cat_fee_parse(const char *s, int64_t *fen)
{
	/* digits, optionally "." and one or two digits; no sign, no spaces */
	int64_t yuan = 0;
	size_t i = 0, n = strlen(s);
	if (n == 0 || n > 16)
		return OS_ERR_INVALID;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		yuan = yuan * 10 + (s[i] - '0');
	if (i == 0)
		return OS_ERR_INVALID;
	int64_t cents = 0;
	if (i < n) {
		if (s[i] != '.' || n - i - 1 < 1 || n - i - 1 > 2)
			return OS_ERR_INVALID;
		for (size_t j = i + 1; j < n; j++) {
			if (s[j] < '0' || s[j] > '9')
				return OS_ERR_INVALID;
			cents = cents * 10 + (s[j] - '0');
		}
		if (n - i - 1 == 1)
			cents *= 10;
	}
	if (yuan > CAT_MAX_FEE_FEN / 100)
		return OS_ERR_INVALID;
	*fen = yuan * 100 + cents;
	return *fen <= CAT_MAX_FEE_FEN ? OS_OK : OS_ERR_INVALID;
}

void cat_fee_format(int64_t fen, char out[24])
{
	snprintf(out, 24, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* ---- material identity ---- */

void cat_material_key(const char *name, char *out, size_t cap)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name);
	for (size_t i = 0; i < n && o + 5 < cap;) {
		size_t k;
		long cp = cat_utf8_next(p + i, n - i, &k);
		if (cp < 0) { /* invalid bytes are kept as they are */
			out[o++] = (char)p[i++];
			continue;
		}
		i += k;
		if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
			cp -= 0xFEE0;
		if (cp == 0x3010 || cp == 0x3014) /* 【 〔 */
			cp = '(';
		if (cp == 0x3011 || cp == 0x3015)
			cp = ')';
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 ||
		    cp == 0x00A0 || cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D ||
		    cp == 0x2018 || cp == 0x2019 || cp == 0x300A || cp == 0x300B)
			continue;
		/* re-encode */
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xC0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			out[o++] = (char)(0xE0 | (cp >> 12));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | (cp >> 18));
			out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
}

static bool code_eq(const char *a, const char *b)
{
	if (!a[0] || !b[0])
		return false;
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
		char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

bool cat_material_same(const cat_material *a, const cat_material *b)
{
	if (code_eq(a->code, b->code))
		return true;
	char ka[CAT_NAME_MAX * 2], kb[CAT_NAME_MAX * 2];
	cat_material_key(a->name, ka, sizeof ka);
	cat_material_key(b->name, kb, sizeof kb);
	return ka[0] && !strcmp(ka, kb);
}

/* ---- validation ---- */

static bool field_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= CAT_FIELD_NAME || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static os_err validate_material(const cat_material *m, size_t i, cat_problem *p)
{
	char f[64];
	snprintf(f, sizeof f, "materials[%zu].code", i);
	if (m->code[0] && !cat_code_ok(m->code)) {
		problem(p, f, "letters, digits, '.', '_' or '-' only (63 at most)");
		return OS_ERR_INVALID;
	}
	snprintf(f, sizeof f, "materials[%zu].name", i);
	if (!line_ok(p, f, m->name, CAT_NAME_MAX - 1, false))
		return OS_ERR_INVALID;
	snprintf(f, sizeof f, "materials[%zu].form", i);
	if (m->form < CAT_FORM_ORIGINAL || m->form > CAT_FORM_BOTH) {
		problem(p, f, "must be original, copy or both");
		return OS_ERR_INVALID;
	}
	snprintf(f, sizeof f, "materials[%zu].count", i);
	if (m->count < 1 || m->count > 99) {
		problem(p, f, "must be from 1 to 99");
		return OS_ERR_INVALID;
	}
	snprintf(f, sizeof f, "materials[%zu].condition", i);
	if (!line_ok(p, f, m->condition, CAT_NOTE_MAX - 1, true))
		return OS_ERR_INVALID;
	if (m->required && !blank(m->condition)) {
		problem(p, f, "a required material has no condition (make it conditional)");
		return OS_ERR_INVALID;
	}
	if (!m->required && blank(m->condition)) {
		problem(p, f, "a conditional material must say when it is needed");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

static os_err validate_field(const cat_field *fl, size_t i, cat_problem *p)
{
	char f[64];
	snprintf(f, sizeof f, "form_fields[%zu].name", i);
	if (!field_name_ok(fl->name)) {
		problem(p, f, "a lower-case identifier ([a-z][a-z0-9_]*, %d at most)",
		        CAT_FIELD_NAME - 1);
		return OS_ERR_INVALID;
	}
	snprintf(f, sizeof f, "form_fields[%zu].label", i);
	if (!line_ok(p, f, fl->label, CAT_LABEL_MAX - 1, false))
		return OS_ERR_INVALID;
	snprintf(f, sizeof f, "form_fields[%zu].label_en", i);
	if (!line_ok(p, f, fl->label_en, CAT_LABEL_MAX - 1, true))
		return OS_ERR_INVALID;
	snprintf(f, sizeof f, "form_fields[%zu].type", i);
	if (fl->type < CAT_FT_TEXT || fl->type > CAT_FT_BOOL) {
		problem(p, f, "unknown field type");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}

/* A list entry (step, keyword): one line, no ';' (the CSV list separator). */
static bool entry_ok(cat_problem *p, const char *field, const char *s, size_t max)
{
	if (!line_ok(p, field, s, max, false))
		return false;
	if (strchr(s, ';')) {
		problem(p, field, "may not contain ';'");
		return false;
	}
	return true;
}

os_err cat_item_validate(const cat_item *it, cat_problem *p)
{
	if (!cat_code_ok(it->code)) {
		problem(p, "code", "1 to 63 letters, digits, '.', '_' or '-'");
		return OS_ERR_INVALID;
	}
	if (!line_ok(p, "name", it->name, CAT_NAME_MAX - 1, false) ||
	    !line_ok(p, "name_en", it->name_en, CAT_NAME_MAX - 1, true))
		return OS_ERR_INVALID;
	if (!cat_code_ok(it->department) || strlen(it->department) >= ORG_CODE_MAX) {
		problem(p, "department", "a department code is required");
		return OS_ERR_INVALID;
	}
	if (it->type < CAT_LICENSING || it->type > CAT_PUBLIC_SERVICE) {
		problem(p, "type", "unknown type");
		return OS_ERR_INVALID;
	}
	if (it->legal_days < 0 || it->legal_days > CAT_MAX_DAYS) {
		problem(p, "legal_days", "must be from 0 to %d working days", CAT_MAX_DAYS);
		return OS_ERR_INVALID;
	}
	if (it->promised_days < 0 || it->promised_days > CAT_MAX_DAYS) {
		problem(p, "promised_days", "must be from 0 to %d working days", CAT_MAX_DAYS);
		return OS_ERR_INVALID;
	}
	if (it->immediate && it->promised_days != 0) {
		problem(p, "promised_days", "an immediate item (即办件) has no promised limit (0)");
		return OS_ERR_INVALID;
	}
	if (!it->immediate && it->promised_days < 1) {
		problem(p, "promised_days", "a promised item (承诺件) needs a limit of 1 or more");
		return OS_ERR_INVALID;
	}
	if (it->legal_days > 0 && it->promised_days > it->legal_days) {
		problem(p, "promised_days",
		        "the promised limit may not exceed the legal limit (%d)", it->legal_days);
		return OS_ERR_INVALID;
	}
	if (it->fee_fen < 0 || it->fee_fen > CAT_MAX_FEE_FEN) {
		problem(p, "fee", "must be from 0 to 1000000.00 yuan");
		return OS_ERR_INVALID;
	}
	if (!line_ok(p, "fee_note", it->fee_note, CAT_NOTE_MAX - 1, true))
		return OS_ERR_INVALID;
	if (it->depth < 1 || it->depth > 4) {
		problem(p, "online_depth", "must be from 1 to 4");
		return OS_ERR_INVALID;
	}
	if (it->visits < 0 || it->visits > CAT_MAX_VISITS) {
		problem(p, "visits", "must be from 0 to %d", CAT_MAX_VISITS);
		return OS_ERR_INVALID;
	}
	unsigned all_ch = (1u << CAT_CHANNEL_COUNT) - 1;
	if (!it->channels || (it->channels & ~all_ch)) {
		problem(p, "channels", "at least one of window, online, mobile, proxy, post");
		return OS_ERR_INVALID;
	}
	bool online = (it->channels & (CAT_CH_ONLINE | CAT_CH_MOBILE)) != 0;
	if (it->depth >= 3 && !(it->channels & CAT_CH_ONLINE)) {
		problem(p, "channels", "online depth %d needs the online channel", it->depth);
		return OS_ERR_INVALID;
	}
	if (it->depth < 3 && online) {
		problem(p, "channels",
		        "online and mobile handling need online depth 3 or 4 (depth is %d)",
		        it->depth);
		return OS_ERR_INVALID;
	}
	if (it->depth == 4 && it->visits != 0) {
		problem(p, "visits", "online depth 4 means zero visits");
		return OS_ERR_INVALID;
	}
	if (it->depth < 4 && it->visits == 0 && !(it->channels & (CAT_CH_POST | CAT_CH_PROXY))) {
		problem(p, "visits", "zero visits below depth 4 needs the post or proxy channel");
		return OS_ERR_INVALID;
	}
	if (!it->accept_tiers || (it->accept_tiers & ~CAT_TIERS_ALL)) {
		problem(p, "accept_tiers", "at least one of district, township, village");
		return OS_ERR_INVALID;
	}
	if (it->decide_tier < TIER_DISTRICT || it->decide_tier > TIER_VILLAGE) {
		problem(p, "decide_tier", "must be district, township or village");
		return OS_ERR_INVALID;
	}
	int lowest = 0; /* the lowest accepting tier (largest number) */
	for (int t = TIER_DISTRICT; t <= TIER_VILLAGE; t++)
		if (it->accept_tiers & CAT_TIER_BIT(t))
			lowest = t;
	if ((int)it->decide_tier > lowest) {
		problem(p, "decide_tier", "cannot be below every tier that accepts the item");
		return OS_ERR_INVALID;
	}
	if (it->immediate && !(it->accept_tiers & CAT_TIER_BIT(it->decide_tier))) {
		problem(p, "decide_tier",
		        "an immediate item is decided at the window: accept it at that tier");
		return OS_ERR_INVALID;
	}
	size_t n_ev;
	cat_life_events(&n_ev);
	if (n_ev < 32 && (it->life_events >> n_ev) != 0) {
		problem(p, "life_events", "unknown life event");
		return OS_ERR_INVALID;
	}
	if (!it->legal_basis || !cat_text_ok(it->legal_basis, CAT_TEXT_MAX, true)) {
		problem(p, "legal_basis", "UTF-8 text of %d bytes at most", CAT_TEXT_MAX);
		return OS_ERR_INVALID;
	}
	if (!it->conditions || !cat_text_ok(it->conditions, CAT_TEXT_MAX, true)) {
		problem(p, "conditions", "UTF-8 text of %d bytes at most", CAT_TEXT_MAX);
		return OS_ERR_INVALID;
	}
	if (it->n_materials > CAT_MAX_MATERIALS) {
		problem(p, "materials", "%d materials at most", CAT_MAX_MATERIALS);
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < it->n_materials; i++) {
		if (validate_material(&it->materials[i], i, p))
			return OS_ERR_INVALID;
		for (size_t j = 0; j < i; j++)
			if (cat_material_same(&it->materials[j], &it->materials[i])) {
				char f[64];
				snprintf(f, sizeof f, "materials[%zu].name", i);
				problem(p, f, "the same material as materials[%zu]", j);
				return OS_ERR_INVALID;
			}
	}
	if (it->n_fields > CAT_MAX_FIELDS) {
		problem(p, "form_fields", "%d fields at most", CAT_MAX_FIELDS);
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < it->n_fields; i++) {
		if (validate_field(&it->fields[i], i, p))
			return OS_ERR_INVALID;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(it->fields[j].name, it->fields[i].name)) {
				char f[64];
				snprintf(f, sizeof f, "form_fields[%zu].name", i);
				problem(p, f, "the same name as form_fields[%zu]", j);
				return OS_ERR_INVALID;
			}
	}
	if (it->n_steps > CAT_MAX_STEPS) {
		problem(p, "steps", "%d steps at most", CAT_MAX_STEPS);
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < it->n_steps; i++) {
		char f[64];
		snprintf(f, sizeof f, "steps[%zu]", i);
		if (!entry_ok(p, f, it->steps[i], CAT_STEP_MAX - 1))
			return OS_ERR_INVALID;
	}
	if (it->n_keywords > CAT_MAX_KEYWORDS) {
		problem(p, "keywords", "%d keywords at most", CAT_MAX_KEYWORDS);
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < it->n_keywords; i++) {
		char f[64];
		snprintf(f, sizeof f, "keywords[%zu]", i);
		if (!entry_ok(p, f, it->keywords[i], CAT_KEYWORD_MAX - 1))
			return OS_ERR_INVALID;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(it->keywords[j], it->keywords[i])) {
				problem(p, f, "repeated keyword");
				return OS_ERR_INVALID;
			}
	}
	return OS_OK;
}

os_err cat_bundle_validate(const cat_bundle *b, cat_problem *p)
{
	if (!cat_code_ok(b->code)) {
		problem(p, "code", "1 to 63 letters, digits, '.', '_' or '-'");
		return OS_ERR_INVALID;
	}
	if (!line_ok(p, "name", b->name, CAT_NAME_MAX - 1, false) ||
	    !line_ok(p, "name_en", b->name_en, CAT_NAME_MAX - 1, true))
		return OS_ERR_INVALID;
	if (!cat_code_ok(b->lead_department) || strlen(b->lead_department) >= ORG_CODE_MAX) {
		problem(p, "lead_department", "a department code is required");
		return OS_ERR_INVALID;
	}
	if (!cat_text_ok(b->description, CAT_DESC_MAX - 1, true)) {
		problem(p, "description", "UTF-8 text of %d bytes at most", CAT_DESC_MAX - 1);
		return OS_ERR_INVALID;
	}
	if (b->n_items < 2 || b->n_items > CAT_BUNDLE_MAX_ITEMS) {
		problem(p, "items", "a bundle has 2 to %d items", CAT_BUNDLE_MAX_ITEMS);
		return OS_ERR_INVALID;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		char f[48];
		snprintf(f, sizeof f, "items[%zu]", i);
		if (!cat_code_ok(b->items[i])) {
			problem(p, f, "an item code");
			return OS_ERR_INVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(b->items[i], b->items[j])) {
				problem(p, f, "repeated item %s", b->items[i]);
				return OS_ERR_INVALID;
			}
	}
	return OS_OK;
}

/* ---- the bundle merge ---- */

static void join_condition(char *dst, size_t cap, const char *add)
{
	if (!add[0] || strstr(dst, add))
		return;
	if (!dst[0]) {
		cpy(dst, cap, add);
		return;
	}
	static const char sep[] = "；";
	size_t n = strlen(dst), ns = sizeof sep - 1, na = strlen(add);
	if (n + ns + na < cap) {
		memcpy(dst + n, sep, ns);
		memcpy(dst + n + ns, add, na + 1);
	}
}

os_err cat_bundle_merge(const cat_item *const *members, size_t n, cat_merge *out)
{
	memset(out, 0, sizeof *out);
	if (n > CAT_BUNDLE_MAX_ITEMS)
		return OS_ERR_TOO_LARGE;
	size_t cap_m = 0, cap_f = 0;
	for (size_t i = 0; i < n; i++) {
		cap_m += members[i]->n_materials;
		cap_f += members[i]->n_fields;
	}
	out->materials = os_calloc(cap_m ? cap_m : 1, sizeof *out->materials);
	out->fields = os_calloc(cap_f ? cap_f : 1, sizeof *out->fields);
	out->min_depth = n ? 4 : 0;
	for (size_t i = 0; i < n; i++) {
		const cat_item *it = members[i];
		if (it->promised_days > out->promised_days)
			out->promised_days = it->promised_days;
		if (it->visits > out->visits)
			out->visits = it->visits;
		if (it->depth < out->min_depth)
			out->min_depth = it->depth;
		for (size_t k = 0; k < it->n_materials; k++) {
			const cat_material *m = &it->materials[k];
			cat_merged_material *hit = NULL;
			for (size_t j = 0; j < out->n_materials && !hit; j++)
				if (cat_material_same(&out->materials[j].m, m))
					hit = &out->materials[j];
			if (!hit) {
				hit = &out->materials[out->n_materials++];
				hit->m = *m;
				hit->asked_by = 1u << i;
				continue;
			}
			cat_material *x = &hit->m;
			if (x->required || m->required) {
				x->required = true;
				x->condition[0] = '\0';
			} else {
				join_condition(x->condition, sizeof x->condition, m->condition);
			}
			if (m->count > x->count)
				x->count = m->count;
			x->form |= m->form;
			x->e_licence = x->e_licence && m->e_licence;
			if (!x->code[0] && m->code[0])
				cpy(x->code, sizeof x->code, m->code);
			hit->asked_by |= 1u << i;
		}
		for (size_t k = 0; k < it->n_fields; k++) {
			const cat_field *f = &it->fields[k];
			cat_merged_field *hit = NULL;
			for (size_t j = 0; j < out->n_fields && !hit; j++)
				if (!strcmp(out->fields[j].f.name, f->name))
					hit = &out->fields[j];
			if (!hit) {
				hit = &out->fields[out->n_fields++];
				hit->f = *f;
				hit->asked_by = 1u << i;
				continue;
			}
			hit->f.required = hit->f.required || f->required;
			if (hit->f.type != f->type && !hit->conflict) {
				hit->conflict = true;
				out->n_conflicts++;
			}
			if (!hit->f.label_en[0] && f->label_en[0])
				cpy(hit->f.label_en, sizeof hit->f.label_en, f->label_en);
			hit->asked_by |= 1u << i;
		}
	}
	return OS_OK;
}

void cat_merge_free(cat_merge *m)
{
	free(m->materials);
	free(m->fields);
	memset(m, 0, sizeof *m);
}
