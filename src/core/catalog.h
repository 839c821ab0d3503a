/* catalog.h - the catalog of service items (政务服务事项, DOMAIN.md §3) and
 * bundles (一件事一次办). Plain structs, validation, the merge of a bundle,
 * and the search plan. Pure: no I/O, no SQL.
 *
 * An item version is a value: every field below except id/version/effective
 * date is its content. Changing any of it creates a new version (the store
 * keeps all of them; a case keeps the version it was filed under).
 *
 * Derived, never stored separately: an item is an administrative-power item
 * (行政权力事项) when its type is not 公共服务, and a licensing item when its
 * type is 行政许可. "Handled online" (可网办) means online depth 3 or 4.
 *
 * Ownership: a cat_item owns its materials, form fields, steps, keywords and
 * long texts; cat_item_free() releases them (the struct itself belongs to the
 * caller). cat_item_copy() makes an independent copy. */
#ifndef ONESTOP_CORE_CATALOG_H
#define ONESTOP_CORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/org.h"

/* Caps (bytes, including the NUL for arrays). The flat (CSV/API) and JSON
 * forms refuse anything longer; the database's CHECKs repeat them. */
#define CAT_CODE_MAX         64   /* 事项编码: [A-Za-z0-9._-], 1..63 */
#define CAT_NAME_MAX         256  /* names: 1..255 bytes of UTF-8 */
#define CAT_NOTE_MAX         256  /* material condition, fee note */
#define CAT_TEXT_MAX         4000 /* legal basis, conditions (bytes, may hold newlines) */
#define CAT_FIELD_NAME       40   /* form field identifier [a-z][a-z0-9_]* */
#define CAT_LABEL_MAX        128
#define CAT_STEP_MAX         256
#define CAT_KEYWORD_MAX      64
#define CAT_MAX_MATERIALS    60
#define CAT_MAX_FIELDS       60
#define CAT_MAX_STEPS        30
#define CAT_MAX_KEYWORDS     20
#define CAT_MAX_DAYS         365       /* time limits in working days */
#define CAT_MAX_VISITS       5         /* on-site visits needed */
#define CAT_MAX_FEE_FEN      100000000 /* 1,000,000.00 yuan */
#define CAT_BUNDLE_MAX_ITEMS 20
#define CAT_DESC_MAX         1000

typedef enum cat_type {
	CAT_LICENSING = 1,      /* 行政许可 */
	CAT_PAYMENT = 2,        /* 行政给付 */
	CAT_CONFIRMATION = 3,   /* 行政确认 */
	CAT_LEVY = 4,           /* 行政征收 */
	CAT_REWARD = 5,         /* 行政奖励 */
	CAT_ADJUDICATION = 6,   /* 行政裁决 */
	CAT_OTHER_POWER = 7,    /* 其他行政权力 */
	CAT_PUBLIC_SERVICE = 8, /* 公共服务: the only type that is not administrative power */
} cat_type;
#define CAT_TYPE_COUNT 8

/* Channels (bits). */
enum {
	CAT_CH_WINDOW = 1u << 0, /* 窗口 */
	CAT_CH_ONLINE = 1u << 1, /* 网上 */
	CAT_CH_MOBILE = 1u << 2, /* 掌上 (mobile app / mini program) */
	CAT_CH_PROXY = 1u << 3,  /* 帮代办 */
	CAT_CH_POST = 1u << 4,   /* 邮寄 */
};
#define CAT_CHANNEL_COUNT 5

/* Tiers as bits: 1u << site_tier (district 2, township 4, village 8). */
#define CAT_TIER_BIT(t) (1u << (unsigned)(t))
#define CAT_TIERS_ALL                                                                              \
	(CAT_TIER_BIT(TIER_DISTRICT) | CAT_TIER_BIT(TIER_TOWNSHIP) | CAT_TIER_BIT(TIER_VILLAGE))

/* Material forms (bits): original, copy, or both. */
enum { CAT_FORM_ORIGINAL = 1, CAT_FORM_COPY = 2, CAT_FORM_BOTH = 3 };

typedef enum cat_field_type {
	CAT_FT_TEXT = 1,
	CAT_FT_TEXTAREA,
	CAT_FT_NUMBER,
	CAT_FT_DATE,
	CAT_FT_ID_NUMBER, /* resident ID (GB 11643) */
	CAT_FT_USCC,      /* unified social credit code */
	CAT_FT_PHONE,
	CAT_FT_ADDRESS,
	CAT_FT_BOOL,
} cat_field_type;
#define CAT_FIELD_TYPE_COUNT 9

typedef struct cat_material {
	char code[CAT_CODE_MAX]; /* optional; see cat_material_key() */
	char name[CAT_NAME_MAX];
	unsigned form; /* CAT_FORM_* */
	int count;     /* 1..99 */
	bool required; /* false: conditional, then condition says when */
	char condition[CAT_NOTE_MAX];
	bool e_licence; /* an electronic licence (电子证照) is accepted instead */
} cat_material;

typedef struct cat_field {
	char name[CAT_FIELD_NAME];
	char label[CAT_LABEL_MAX];
	char label_en[CAT_LABEL_MAX];
	cat_field_type type;
	bool required;
} cat_field;

typedef struct cat_item {
	/* identity and version (not content) */
	int64_t id;  /* 0 until stored */
	int version; /* 0 until stored */
	os_date effective_from;
	bool has_effective; /* effective_from was given */
	char code[CAT_CODE_MAX];
	/* content */
	char name[CAT_NAME_MAX];
	char name_en[CAT_NAME_MAX];
	char department[ORG_CODE_MAX]; /* department code */
	int64_t department_id;         /* resolved by the store */
	cat_type type;
	bool immediate;    /* 即办件 (true) or 承诺件 */
	int legal_days;    /* 法定办结时限; 0 = no statutory limit */
	int promised_days; /* 承诺办结时限; 0 for immediate items */
	int64_t fee_fen;   /* 0 = free of charge (不收费) */
	char fee_note[CAT_NOTE_MAX];
	int depth;             /* online depth 1..4 */
	int visits;            /* on-site visits needed, 0..5 */
	unsigned channels;     /* CAT_CH_* */
	unsigned accept_tiers; /* CAT_TIER_BIT(...) */
	site_tier decide_tier;
	uint32_t life_events; /* bit i = cat_life_events()[i] */
	char *legal_basis;    /* owned, never NULL after cat_item_init */
	char *conditions;
	cat_material *materials;
	size_t n_materials;
	cat_field *fields;
	size_t n_fields;
	char (*steps)[CAT_STEP_MAX];
	size_t n_steps;
	char (*keywords)[CAT_KEYWORD_MAX];
	size_t n_keywords;
} cat_item;

/* Why an input was refused: the field (a path such as "materials[2].name")
 * and an English reason. */
typedef struct cat_problem {
	char field[64];
	char reason[192];
} cat_problem;

/* ---- keys (stable identifiers used in the API, CSV and JSON) ---- */
const char *cat_type_key(cat_type t); /* "licensing" ...; "" when unknown */
const char *cat_type_zh(cat_type t);  /* "行政许可" ... */
const char *cat_type_en(cat_type t);
int cat_type_parse(const char *s);         /* 0 when unknown */
bool cat_type_is_power(cat_type t);        /* all but public service */
const char *cat_channel_key(unsigned bit); /* "window" ... */
unsigned cat_channel_parse(const char *s); /* 0 when unknown */
const char *cat_form_key(unsigned form);   /* "original" | "copy" | "both" */
unsigned cat_form_parse(const char *s);
const char *cat_field_type_key(cat_field_type t);
int cat_field_type_parse(const char *s);

typedef struct cat_life_event {
	const char *key;
	const char *zh, *en;
	bool business; /* 企业事件 (true) or 人生事件 */
} cat_life_event;
/* The fixed list of life events; *n gets its length (at most 32). */
const cat_life_event *cat_life_events(size_t *n);
int cat_life_event_parse(const char *key); /* index, or -1 */

/* Default labels of the online depth levels (the store keeps editable
 * copies); depth 1..4, NULL otherwise. */
const char *cat_depth_default_zh(int depth);
const char *cat_depth_default_en(int depth);

/* ---- items ---- */
void cat_item_init(cat_item *it);
void cat_item_free(cat_item *it);
void cat_item_copy(cat_item *dst, const cat_item *src);
/* Append list entries (cap-checked by the validators, not here). */
cat_material *cat_item_add_material(cat_item *it);
cat_field *cat_item_add_field(cat_item *it);
void cat_item_add_step(cat_item *it, const char *s);
void cat_item_add_keyword(cat_item *it, const char *s);
void cat_item_set_text(char **dst, const char *s);

bool cat_is_power(const cat_item *it);
bool cat_is_licensing(const cat_item *it);
bool cat_is_online(const cat_item *it); /* depth >= 3 */

/* Every rule on one item (lengths, ranges, consistency of depth, visits,
 * channels, limits and tiers, duplicates). OS_OK or OS_ERR_INVALID with the
 * first problem. */
os_err cat_item_validate(const cat_item *it, cat_problem *p);
bool cat_code_ok(const char *s);
/* Valid UTF-8 of at most max bytes without control characters (newline and
 * tab allowed when multiline). */
bool cat_text_ok(const char *s, size_t max, bool multiline);
size_t cat_utf8_chars(const char *s); /* code points of valid UTF-8 */
/* Decode one UTF-8 sequence at s (n bytes available): the code point, or -1
 * for an invalid one (overlong, surrogate, beyond U+10FFFF, truncated). */
long cat_utf8_next(const unsigned char *s, size_t n, size_t *len);

/* Fees: "0", "12", "12.5", "12.50" yuan <-> fen. */
os_err cat_fee_parse(const char *s, int64_t *fen);
void cat_fee_format(int64_t fen, char out[24]);

/* ---- material identity ----
 * Two materials are the same material when they have the same non-empty
 * code (compared case-insensitively) OR the same normalised name. The
 * normalised name folds full-width ASCII (Ａ, （) to ASCII, ASCII letters to
 * lower case, Chinese brackets 【】〔〕 to (), and removes all white space
 * (including U+3000) and the quotation marks “”‘’"'《》. So "居民身份证"
 * and " 居民身份证 " are one material; "营业执照（副本）" and
 * "营业执照(副本)" are one material; "营业执照" and "营业执照（副本）" are
 * two. Writes the key into out (cap bytes). */
void cat_material_key(const char *name, char *out, size_t cap);
bool cat_material_same(const cat_material *a, const cat_material *b);

/* ---- bundles (一件事一次办) ---- */
typedef struct cat_merged_material {
	cat_material m;    /* the merged requirement */
	unsigned asked_by; /* bit i: member i asks for it (members <= 20) */
} cat_merged_material;

typedef struct cat_merged_field {
	cat_field f;
	unsigned asked_by;
	bool conflict; /* members declare this field with different types */
} cat_merged_field;

typedef struct cat_merge {
	cat_merged_material *materials;
	size_t n_materials;
	cat_merged_field *fields;
	size_t n_fields;
	size_t n_conflicts;
	int promised_days; /* the longest promised limit of the members (parallel handling) */
	int visits;        /* the most visits any member needs */
	int min_depth;     /* the lowest online depth among members */
} cat_merge;

/* Merge the members' materials and form fields: one list of materials in
 * first-asked order where a material asked by several members appears once
 * (required if any member requires it; conditions of conditional requests
 * joined with "；"; count the largest; form original/copy united; an
 * electronic licence accepted only if every asking member accepts one), and
 * the union of the form fields by name (required if any member requires it;
 * label and type from the first member; a different type elsewhere marks
 * the field as a conflict). n <= CAT_BUNDLE_MAX_ITEMS. Free with
 * cat_merge_free(). */
os_err cat_bundle_merge(const cat_item *const *members, size_t n, cat_merge *out);
void cat_merge_free(cat_merge *m);

typedef struct cat_bundle {
	int64_t id;
	char code[CAT_CODE_MAX];
	char name[CAT_NAME_MAX];
	char name_en[CAT_NAME_MAX];
	char lead_department[ORG_CODE_MAX];
	int64_t lead_department_id;
	char description[CAT_DESC_MAX];
	char items[CAT_BUNDLE_MAX_ITEMS][CAT_CODE_MAX]; /* member item codes, in order */
	size_t n_items;
} cat_bundle;
os_err cat_bundle_validate(const cat_bundle *b, cat_problem *p);

/* ---- search (catalog_search.c) ----
 * A query is split into words at white space and punctuation (at most
 * CAT_QUERY_MAX_TERMS); every word must match, as a substring.
 *   - Words of 3 or more characters only: the trigram indexes, in three
 *     tiers: every word in the name; else every word in the name or the
 *     keywords (the item code is a keyword); else every word somewhere in
 *     name, keywords or materials. Each tier is one FTS5 query ("... NOT
 *     ..." leaves out the tiers before it); the total is one count of the
 *     union ("any").
 *   - Any word of 1 or 2 characters (trigrams cannot match those): the index
 *     of the single characters and character pairs of names and keywords
 *     (cat_name_grams()) answers the whole query, longer words as phrases of
 *     their pairs; materials are not searched. This replaces a LIKE on the
 *     name, which reads every row (1.7 ms at 10,000 items).
 * Within a tier items come in catalog order (item id). Filters become tags
 * (cat_item_tags()). The plan holds FTS5 query strings, which the store
 * binds as parameters. */
#define CAT_QUERY_MAX_TERMS 8
#define CAT_QUERY_MAX       1536 /* bytes of each FTS expression */

typedef struct cat_filter {
	int64_t department_id; /* 0 = any */
	site_tier tier;        /* 0 = any: accepted at this tier */
	int depth;             /* 0 = any */
	cat_type type;         /* 0 = any */
	unsigned channel;      /* 0 = any: one CAT_CH_* bit */
	int life_event;        /* -1 = any */
} cat_filter;

typedef struct cat_search_plan {
	/* catalog_fts: the words in the name (without words: the filters) */
	char main[CAT_QUERY_MAX];
	/* catalog_fts: in name or keywords, not in the name; "" = none */
	char kw[CAT_QUERY_MAX];
	/* catalog_fts_all: in materials, not in name or keywords; "" = none */
	char all[CAT_QUERY_MAX];
	/* catalog_fts_all: anywhere (the union of the three tiers) */
	char any[CAT_QUERY_MAX];
	/* catalog_fts_short: "" = none */
	char grams[CAT_QUERY_MAX];
	/* a word of 1-2 characters: grams is the whole query */
	bool short_only;
	/* no words and no filters: every current item */
	bool everything;
} cat_search_plan;

/* OS_ERR_INVALID when q is not valid UTF-8, has too many terms, or a filter
 * is out of range (problem names the parameter). */
os_err cat_search_plan_build(const char *q, const cat_filter *f, cat_search_plan *out,
                             cat_problem *p);
/* The filter tags of an item version ("all d0a t01 ..."): 3-character words
 * that the trigram index matches exactly. */
void cat_item_tags(const cat_item *it, char *out, size_t cap);
/* Single characters and character pairs of a name, space separated, for the
 * short-query index. */
void cat_name_grams(const char *name, char *out, size_t cap);
/* All material names of an item, space separated (for the index). */
void cat_item_material_text(const cat_item *it, char *out, size_t cap);

#endif
