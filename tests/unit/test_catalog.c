/* test_catalog.c - the catalog core: items and their rules, the flat and
 * JSON forms, material identity, the bundle merge, the search plan, the
 * import parser and the demo catalog (src/core/catalog*.c,
 * src/core/demo_catalog.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/catalog_io.h"
#include "core/demo.h"
#include "core/demo_catalog.h"

/* A valid item in the flat form; tests override single columns. */
static const char *base_names[] = {"code",         "name",          "department",   "type",
                                   "online_depth", "channels",      "accept_tiers", "decide_tier",
                                   "legal_days",   "promised_days", "materials",    "form_fields",
                                   "keywords",     "life_events"};
#define NBASE (sizeof base_names / sizeof base_names[0])

static const char *base_values[NBASE] = {
    "430802-XK-SJ-9001",
    "食品经营许可证核发",
    "YD-SJ",
    "licensing",
    "3",
    "window;online",
    "district;township",
    "district",
    "20",
    "5",
    "[{\"name\":\"营业执照\",\"form\":\"copy\"},{\"name\":\"授权委托书\",\"required\":false,"
    "\"condition\":\"委托他人办理的\"}]",
    "[{\"name\":\"company_name\",\"label\":\"企业名称\",\"required\":true}]",
    "食品;许可证",
    "business_license"};

/* Parse the base item with column `name` set to `value` (NULL: drop it). */
static os_err flat_with(const char *name, const char *value, cat_item *out, cat_problem *p)
{
	const char *names[NBASE + 1], *values[NBASE + 1];
	size_t n = 0;
	bool replaced = false;
	for (size_t i = 0; i < NBASE; i++) {
		if (name && !strcmp(base_names[i], name)) {
			replaced = true;
			if (!value)
				continue;
			names[n] = name;
			values[n++] = value;
			continue;
		}
		names[n] = base_names[i];
		values[n++] = base_values[i];
	}
	if (name && !replaced && value) {
		names[n] = name;
		values[n++] = value;
	}
	memset(p, 0, sizeof *p);
	return cat_item_from_flat(names, values, n, out, p);
}

static void expect_bad(const char *name, const char *value, const char *field)
{
	cat_item it;
	cat_problem p;
	os_err e = flat_with(name, value, &it, &p);
	if (e != OS_ERR_INVALID)
		fail_msg("%s=%s: expected a refusal, got %d", name, value ? value : "(none)", e);
	if (strcmp(p.field, field))
		fail_msg("%s=%s: field '%s' (%s), expected '%s'", name, value ? value : "(none)",
		         p.field, p.reason, field);
	assert_true(p.reason[0] != '\0');
}

static void test_flat_valid_and_defaults(void **state)
{
	(void)state;
	cat_item it;
	cat_problem p;
	assert_int_equal(flat_with(NULL, NULL, &it, &p), OS_OK);
	assert_string_equal(it.code, "430802-XK-SJ-9001");
	assert_int_equal(it.type, CAT_LICENSING);
	assert_true(cat_is_power(&it));
	assert_true(cat_is_licensing(&it));
	assert_true(cat_is_online(&it));
	assert_int_equal(it.channels, CAT_CH_WINDOW | CAT_CH_ONLINE);
	assert_int_equal(it.accept_tiers,
	                 CAT_TIER_BIT(TIER_DISTRICT) | CAT_TIER_BIT(TIER_TOWNSHIP));
	assert_int_equal(it.n_materials, 2);
	assert_int_equal(it.materials[0].form, CAT_FORM_COPY);
	assert_true(it.materials[0].required);
	assert_false(it.materials[1].required);
	assert_int_equal(it.n_fields, 1);
	assert_int_equal(it.n_keywords, 2);
	assert_int_equal(it.visits, 1); /* default below depth 4 */
	assert_int_equal(it.fee_fen, 0);
	assert_false(it.has_effective);
	cat_item_free(&it);

	/* promised defaults to the legal limit; immediate items to 0 */
	assert_int_equal(flat_with("promised_days", NULL, &it, &p), OS_OK);
	assert_int_equal(it.promised_days, 20);
	cat_item_free(&it);
	const char *names[] = {"code",         "name",         "department",
	                       "type",         "online_depth", "channels",
	                       "accept_tiers", "decide_tier",  "immediate"};
	const char *values[] = {"X1",
	                        "证明开具",
	                        "YD-GA",
	                        "public_service",
	                        "4",
	                        "online;mobile;window",
	                        "village;district",
	                        "district",
	                        "true"};
	assert_int_equal(cat_item_from_flat(names, values, 9, &it, &p), OS_OK);
	assert_true(it.immediate);
	assert_int_equal(it.promised_days, 0);
	assert_int_equal(it.visits, 0);
	assert_false(cat_is_power(&it));
	cat_item_free(&it);
}

static void test_rules(void **state)
{
	(void)state;
	expect_bad("online_depth", "5", "online_depth");
	expect_bad("online_depth", "0", "online_depth");
	expect_bad("online_depth", "x", "online_depth");
	expect_bad("code", "bad code", "code");
	expect_bad("code", NULL, "code");
	expect_bad("name", "", "name");
	expect_bad("type", "permit", "type");
	expect_bad("channels", "window;fax", "channels[1]");
	expect_bad("channels", "window;window;online", "channels[1]");
	expect_bad("channels", "window", "channels"); /* depth 3 needs online */
	expect_bad("accept_tiers", "city", "accept_tiers[0]");
	expect_bad("decide_tier", "village", "decide_tier"); /* below every accepting tier */
	expect_bad("promised_days", "21", "promised_days");
	expect_bad("promised_days", "0", "promised_days");
	expect_bad("legal_days", "366", "legal_days");
	expect_bad("visits", "0", "visits");
	expect_bad("visits", "6", "visits");
	expect_bad("fee", "-1", "fee");
	expect_bad("fee", "1.234", "fee");
	expect_bad("life_events", "birthday", "life_events[0]");
	expect_bad("keywords", "a;a", "keywords[1]");
	expect_bad("effective_from", "2026-02-30", "effective_from");
	expect_bad("effective_from", "1999-12-31", "effective_from");
	expect_bad("colour", "red", "colour");
	expect_bad("materials", "{}", "materials");
	expect_bad("materials", "[1]", "materials[0]");
	expect_bad("materials", "[{\"name\":\"照片\",\"size\":2}]", "materials[0].size");
	expect_bad("materials", "[{\"name\":\"照片\",\"count\":0}]", "materials[0].count");
	expect_bad("materials", "[{\"name\":\"照片\",\"form\":\"scan\"}]", "materials[0].form");
	expect_bad("materials", "[{\"name\":\"照片\",\"required\":false}]",
	           "materials[0].condition");
	expect_bad("materials", "[{\"name\":\"照片\",\"condition\":\"有时\"}]",
	           "materials[0].condition");
	expect_bad("materials", "[{\"name\":\"居民身份证\"},{\"name\":\" 居民身份证 \"}]",
	           "materials[1].name");
	expect_bad("materials",
	           "[{\"name\":\"A\",\"code\":\"m1\"},{\"name\":\"B\",\"code\":\"M1\"}]",
	           "materials[1].name");
	expect_bad("materials", "not json", "materials");
	expect_bad("form_fields", "[{\"name\":\"Bad Name\",\"label\":\"x\"}]",
	           "form_fields[0].name");
	expect_bad("form_fields", "[{\"name\":\"a\",\"label\":\"x\",\"type\":\"colour\"}]",
	           "form_fields[0].type");
	expect_bad("form_fields",
	           "[{\"name\":\"a\",\"label\":\"x\"},{\"name\":\"a\",\"label\":\"y\"}]",
	           "form_fields[1].name");
	expect_bad("form_fields", "[{\"name\":\"a\"}]", "form_fields[0].label");

	/* depth 4 means zero visits; online channel needs depth 3+ */
	cat_item it;
	cat_problem p;
	assert_int_equal(flat_with("online_depth", "4", &it, &p), OS_OK);
	assert_int_equal(it.visits, 0);
	it.visits = 1;
	assert_int_equal(cat_item_validate(&it, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "visits");
	it.visits = 0;
	it.depth = 2;
	assert_int_equal(cat_item_validate(&it, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "channels");
	it.channels = CAT_CH_WINDOW | CAT_CH_POST;
	assert_int_equal(cat_item_validate(&it, &p), OS_OK); /* zero visits by post */
	it.immediate = true;
	assert_int_equal(cat_item_validate(&it, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "promised_days");
	it.promised_days = 0;
	assert_int_equal(cat_item_validate(&it, &p), OS_OK);
	/* invalid UTF-8 and control characters */
	snprintf(it.name, sizeof it.name, "bad\xC3");
	assert_int_equal(cat_item_validate(&it, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "name");
	snprintf(it.name, sizeof it.name, "tab\there");
	assert_int_equal(cat_item_validate(&it, &p), OS_ERR_INVALID);
	cat_item_free(&it);
}

static void test_json_round_trip(void **state)
{
	(void)state;
	cat_item it, back;
	cat_problem p;
	assert_int_equal(flat_with("effective_from", "2026-03-01", &it, &p), OS_OK);
	cat_item_set_text(&it.legal_basis, "《中华人民共和国食品安全法》第三十五条\n第二款");
	cat_item_add_step(&it, "受理");
	it.fee_fen = 1250;
	json_t *o = cat_item_to_json(&it, true);
	assert_string_equal(json_string_value(json_object_get(o, "fee")), "12.50");
	assert_string_equal(json_string_value(json_object_get(o, "effective_from")), "2026-03-01");
	assert_int_equal(cat_item_from_json(o, &back, &p), OS_OK);
	json_decref(o);
	char *a = cat_item_doc(&it), *b = cat_item_doc(&back);
	assert_string_equal(a, b);
	assert_int_equal(back.effective_from, it.effective_from);
	free(a);
	free(b);
	cat_item_free(&back);
	/* JSON types are checked */
	o = cat_item_to_json(&it, false);
	json_object_set_new(o, "legal_days", json_string("20"));
	assert_int_equal(cat_item_from_json(o, &back, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "legal_days");
	json_object_set_new(o, "legal_days", json_integer(20));
	json_object_set_new(o, "channels", json_string("window"));
	assert_int_equal(cat_item_from_json(o, &back, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "channels");
	json_object_set_new(o, "channels", json_pack("[s, s]", "window", "online"));
	json_object_set_new(o, "extra", json_true());
	assert_int_equal(cat_item_from_json(o, &back, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "extra");
	json_decref(o);
	cat_item_free(&it);
}

static void test_fee(void **state)
{
	(void)state;
	int64_t f;
	assert_int_equal(cat_fee_parse("0", &f), OS_OK);
	assert_int_equal(f, 0);
	assert_int_equal(cat_fee_parse("12.5", &f), OS_OK);
	assert_int_equal(f, 1250);
	assert_int_equal(cat_fee_parse("80.05", &f), OS_OK);
	assert_int_equal(f, 8005);
	assert_int_equal(cat_fee_parse("1000000.00", &f), OS_OK);
	assert_int_equal(cat_fee_parse("1000000.01", &f), OS_ERR_INVALID);
	assert_int_equal(cat_fee_parse("12.", &f), OS_ERR_INVALID);
	assert_int_equal(cat_fee_parse(".5", &f), OS_ERR_INVALID);
	assert_int_equal(cat_fee_parse("1e3", &f), OS_ERR_INVALID);
	assert_int_equal(cat_fee_parse("99999999999999999", &f), OS_ERR_INVALID);
	char out[24];
	cat_fee_format(8005, out);
	assert_string_equal(out, "80.05");
}

static void test_material_identity(void **state)
{
	(void)state;
	char k[128];
	cat_material_key(" 居民 身份证\u3000", k, sizeof k);
	assert_string_equal(k, "居民身份证");
	cat_material_key("营业执照（副本）", k, sizeof k);
	assert_string_equal(k, "营业执照(副本)");
	cat_material_key("《ＡＢＣ》【x】", k, sizeof k);
	assert_string_equal(k, "abc(x)");
	cat_material a = {.name = "营业执照"}, b = {.name = "营业执照（副本）"};
	assert_false(cat_material_same(&a, &b));
	snprintf(b.name, sizeof b.name, "营业执照 ");
	assert_true(cat_material_same(&a, &b));
	cat_material c = {.code = "LIC", .name = "营业执照"}, d = {.code = "lic", .name = "执照"};
	assert_true(cat_material_same(&c, &d));
	cat_material e = {.code = "X", .name = "甲"}, g = {.code = "Y", .name = "乙"};
	assert_false(cat_material_same(&e, &g));
}

static void member(cat_item *it, const char *code, const char *mats_json, const char *fields_json,
                   int promised, int depth)
{
	cat_problem p;
	char prom[8], dep[8];
	snprintf(prom, sizeof prom, "%d", promised);
	snprintf(dep, sizeof dep, "%d", depth);
	const char *names[] = {"code",          "name",      "department",   "type",
	                       "online_depth",  "channels",  "accept_tiers", "decide_tier",
	                       "promised_days", "materials", "form_fields"};
	const char *values[] = {
	    code,       code,       "YD-SJ", "licensing", dep,        "window;online",
	    "district", "district", prom,    mats_json,   fields_json};
	if (cat_item_from_flat(names, values, 11, it, &p))
		fail_msg("member %s: %s: %s", code, p.field, p.reason);
}

static void test_bundle_merge(void **state)
{
	(void)state;
	cat_item a, b, c;
	member(
	    &a, "A",
	    "[{\"name\":\"居民身份证\",\"e_licence\":true},{\"name\":\"照片\",\"required\":false,"
	    "\"condition\":\"首次办理的\",\"count\":2},{\"name\":\"营业执照\",\"form\":\"copy\","
	    "\"e_licence\":true}]",
	    "[{\"name\":\"applicant_name\",\"label\":\"申请人\",\"required\":true},{\"name\":"
	    "\"phone\",\"label\":\"电话\",\"type\":\"phone\"}]",
	    5, 4);
	member(
	    &b, "B",
	    "[{\"name\":\" 居民身份证\",\"e_licence\":false},{\"name\":\"照片\",\"required\":false,"
	    "\"condition\":\"证件过期的\",\"count\":4},{\"name\":\"营业执照\",\"form\":\"original\""
	    ",\"e_licence\":true}]",
	    "[{\"name\":\"phone\",\"label\":\"联系电话\",\"type\":\"phone\",\"required\":true},{"
	    "\"name\":\"shop\",\"label\":\"店名\"}]",
	    10, 3);
	member(&c, "C", "[{\"name\":\"照片\"}]",
	       "[{\"name\":\"applicant_name\",\"label\":\"姓名\",\"type\":\"id_number\"}]", 1, 4);
	const cat_item *two[] = {&a, &b};
	cat_merge m;
	assert_int_equal(cat_bundle_merge(two, 2, &m), OS_OK);
	assert_int_equal(m.n_materials, 3); /* each asked once */
	assert_string_equal(m.materials[0].m.name, "居民身份证");
	assert_int_equal(m.materials[0].asked_by, 3);
	assert_true(m.materials[0].m.required);
	assert_false(m.materials[0].m.e_licence); /* B wants the card itself */
	assert_false(m.materials[1].m.required);  /* conditional in both */
	assert_string_equal(m.materials[1].m.condition, "首次办理的；证件过期的");
	assert_int_equal(m.materials[1].m.count, 4);
	assert_int_equal(m.materials[2].m.form, CAT_FORM_BOTH);
	assert_true(m.materials[2].m.e_licence);
	assert_int_equal(m.n_fields, 3);
	assert_string_equal(m.fields[1].f.name, "phone");
	assert_string_equal(m.fields[1].f.label, "电话"); /* first member's label */
	assert_true(m.fields[1].f.required);              /* required by B */
	assert_int_equal(m.fields[1].asked_by, 3);
	assert_int_equal(m.n_conflicts, 0);
	assert_int_equal(m.promised_days, 10);
	assert_int_equal(m.min_depth, 3);
	cat_merge_free(&m);

	/* a required request wins over a conditional one; types conflict */
	const cat_item *three[] = {&a, &b, &c};
	assert_int_equal(cat_bundle_merge(three, 3, &m), OS_OK);
	assert_true(m.materials[1].m.required);
	assert_string_equal(m.materials[1].m.condition, "");
	assert_int_equal(m.materials[1].asked_by, 7);
	assert_int_equal(m.n_conflicts, 1);
	assert_true(m.fields[0].conflict);
	cat_merge_free(&m);
	cat_item_free(&a);
	cat_item_free(&b);
	cat_item_free(&c);
}

static void test_search_plan(void **state)
{
	(void)state;
	cat_filter f = {.life_event = -1};
	cat_search_plan s;
	cat_problem p;
	assert_int_equal(cat_search_plan_build("营业执照", &f, &s, &p), OS_OK);
	assert_string_equal(s.main, "{name}: \"营业执照\"");
	assert_string_equal(s.kw, "(({name keywords}: \"营业执照\") NOT ({name}: \"营业执照\"))");
	assert_string_equal(s.all,
	                    "(({namekw materials}: \"营业执照\") NOT ({namekw}: \"营业执照\"))");
	assert_string_equal(s.grams, "");
	assert_false(s.short_only);
	/* short words: the name index only */
	assert_int_equal(cat_search_plan_build("社保", &f, &s, &p), OS_OK);
	assert_true(s.short_only);
	assert_string_equal(s.grams, "{grams}: \"社保\"");
	assert_string_equal(s.main, "");
	/* mixed: the name and keyword index, long words as pair phrases */
	assert_int_equal(cat_search_plan_build("营业执照 补办", &f, &s, &p), OS_OK);
	assert_true(s.short_only);
	assert_string_equal(s.grams, "{grams}: \"营业 业执 执照\" AND {grams}: \"补办\"");
	assert_string_equal(s.main, "");
	assert_string_equal(s.all, "");
	/* punctuation splits words; quotes cannot reach the FTS syntax */
	assert_int_equal(cat_search_plan_build("\"营业\"执照\"OR", &f, &s, &p), OS_OK);
	assert_true(s.short_only);
	assert_string_equal(s.grams, "{grams}: \"营业\" AND {grams}: \"执照\" AND {grams}: \"OR\"");
	/* two long words with a filter */
	cat_filter fd = {.life_event = -1, .depth = 4};
	assert_int_equal(cat_search_plan_build("食品经营 许可证", &fd, &s, &p), OS_OK);
	assert_string_equal(s.main,
	                    "{name}: \"食品经营\" AND {name}: \"许可证\" AND {tags}: \"p04\"");
	assert_string_equal(s.all,
	                    "(({namekw materials}: \"食品经营\" AND {namekw materials}: "
	                    "\"许可证\") NOT ({namekw}: \"食品经营\" AND {namekw}: \"许可证\")) "
	                    "AND {tags}: \"p04\"");
	/* nothing at all: every item */
	assert_int_equal(cat_search_plan_build(NULL, &f, &s, &p), OS_OK);
	assert_string_equal(s.main, "{tags}: \"all\"");
	/* filters as tags; no query browses */
	f = (cat_filter){.department_id = 37,
	                 .tier = TIER_VILLAGE,
	                 .depth = 4,
	                 .type = CAT_LEVY,
	                 .channel = CAT_CH_POST,
	                 .life_event = 13};
	assert_int_equal(cat_search_plan_build("", &f, &s, &p), OS_OK);
	assert_string_equal(s.main, "{tags}: \"d11\" AND {tags}: \"t04\" AND {tags}: \"p04\" AND "
	                            "{tags}: \"c05\" AND {tags}: \"r03\" AND {tags}: \"e0d\"");
	assert_string_equal(s.all, "");
	/* refused */
	f = (cat_filter){.life_event = -1};
	assert_int_equal(cat_search_plan_build("a b c d e f g h i", &f, &s, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "q");
	assert_int_equal(cat_search_plan_build("bad\xff", &f, &s, &p), OS_ERR_INVALID);
	f.depth = 5;
	assert_int_equal(cat_search_plan_build("", &f, &s, &p), OS_ERR_INVALID);
	f = (cat_filter){.life_event = -1, .department_id = 1296};
	assert_int_equal(cat_search_plan_build("", &f, &s, &p), OS_ERR_INVALID);
	assert_string_equal(p.field, "department_id");
}

static void test_tags_and_grams(void **state)
{
	(void)state;
	cat_item it;
	cat_problem p;
	assert_int_equal(flat_with(NULL, NULL, &it, &p), OS_OK);
	it.department_id = 37;
	char tags[128], grams[256];
	cat_item_tags(&it, tags, sizeof tags);
	assert_string_equal(tags, "all d11 t01 p03 c01 c02 r01 r02 e0e");
	cat_name_grams("社保卡（补办）A1", grams, sizeof grams);
	assert_string_equal(grams, "社 保 卡 社保 保卡 补 办 补办 A 1 A1");
	cat_item_free(&it);
}

static const char items_csv_head[] =
    "code,name,department,type,online_depth,channels,accept_tiers,decide_tier,materials\r\n";

static void test_import_csv_errors_name_line_and_field(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 1 << 16);
	buf_adds(&b, items_csv_head);
	buf_adds(&b, "A-1,甲事项,YD-SJ,licensing,3,window;online,district,district,\r\n");
	buf_adds(&b,
	         "A-2,\"乙事项\n（两行）\",YD-SJ,licensing,3,window;online,district,district,\r\n");
	buf_adds(&b, "A-3,丙事项,YD-SJ,licensing,9,window;online,district,district,\r\n");
	buf_adds(&b,
	         "A-4,丁事项,YD-SJ,licensing,3,window;online,district,district,\"[{\"\"name\"\":"
	         "\"\"照片\"\",\"\"count\"\":100}]\"\r\n");
	cat_import im;
	cat_row_error errs[8];
	size_t n = 0;
	assert_int_equal(
	    cat_import_parse(b.data, b.len, CAT_FMT_CSV, CAT_WHAT_NONE, &im, errs, 8, &n),
	    OS_ERR_INVALID);
	assert_int_equal(n, 3);
	assert_int_equal(errs[0].line, 3); /* the name holds a newline */
	assert_string_equal(errs[0].field, "name");
	assert_int_equal(errs[1].line, 5);
	assert_string_equal(errs[1].field, "online_depth");
	assert_int_equal(errs[2].line, 6);
	assert_string_equal(errs[2].field, "materials[0].count");
	assert_int_equal(im.n, 0); /* nothing kept */
	buf_free(&b);

	/* a good file */
	buf_init(&b, 1 << 16);
	buf_adds(&b, items_csv_head);
	buf_adds(&b, "A-1,甲事项,YD-SJ,licensing,3,window;online,district,district,\r\n\r\n");
	buf_adds(&b, "A-2,乙事项,YD-MZ,public_service,4,online,village,district,[]\r\n");
	assert_int_equal(
	    cat_import_parse(b.data, b.len, CAT_FMT_CSV, CAT_WHAT_NONE, &im, errs, 8, &n), OS_OK);
	assert_int_equal(im.what, CAT_WHAT_ITEMS);
	assert_int_equal(im.n, 2);
	assert_int_equal(im.lines[1], 4);
	cat_import_free(&im);
	/* the wrong kind, a wrong count of fields, an unknown column */
	assert_int_equal(
	    cat_import_parse(b.data, b.len, CAT_FMT_CSV, CAT_WHAT_SITES, &im, errs, 8, &n),
	    OS_ERR_INVALID);
	assert_int_equal(errs[0].line, 1);
	buf_free(&b);
	const char *short_row = "site,number,kind\nA,1\n";
	assert_int_equal(cat_import_parse(short_row, strlen(short_row), CAT_FMT_CSV, CAT_WHAT_NONE,
	                                  &im, errs, 8, &n),
	                 OS_ERR_INVALID);
	assert_int_equal(errs[0].line, 2);
	const char *unknown = "site,number,kind,colour\nA,1,comprehensive,red\n";
	assert_int_equal(cat_import_parse(unknown, strlen(unknown), CAT_FMT_CSV, CAT_WHAT_WINDOWS,
	                                  &im, errs, 8, &n),
	                 OS_ERR_INVALID);
	assert_string_equal(errs[0].field, "colour");
	const char *windows = "site,number,kind,department\n430802,90,department,\n";
	assert_int_equal(cat_import_parse(windows, strlen(windows), CAT_FMT_CSV, CAT_WHAT_NONE, &im,
	                                  errs, 8, &n),
	                 OS_ERR_INVALID);
	assert_string_equal(errs[0].field, "department");
}

static void test_import_json_lines(void **state)
{
	(void)state;
	const char *doc =
	    "{\"what\": \"bundles\",\n"
	    "\"rows\": [\n"
	    "{\"code\":\"B1\",\"name\":\"一\",\"lead_department\":\"YD-SJ\",\"items\":[\"a\",\"b\"]"
	    "},\n"
	    "{\"code\":\"B2\",\"name\":\"二\",\n "
	    "\"lead_department\":\"YD-SJ\",\"items\":[\"a\"]},\n"
	    "{\"code\":\"B3\",\"name\":\"三\",\"lead_department\":\"YD-SJ\",\"items\":\"a;b\"}\n"
	    "]}\n";
	size_t lines[4], n;
	cat_json_row_lines(doc, strlen(doc), lines, 4, &n);
	assert_int_equal(n, 3);
	assert_int_equal(lines[0], 3);
	assert_int_equal(lines[1], 4);
	assert_int_equal(lines[2], 6);
	cat_import im;
	cat_row_error errs[8];
	size_t ne;
	assert_int_equal(
	    cat_import_parse(doc, strlen(doc), CAT_FMT_JSON, CAT_WHAT_NONE, &im, errs, 8, &ne),
	    OS_ERR_INVALID);
	assert_int_equal(ne, 2);
	assert_int_equal(errs[0].line, 4);
	assert_string_equal(errs[0].field, "items");
	assert_int_equal(errs[1].line, 6);
	assert_string_equal(errs[1].field, "items");
	const char *bad = "{\"what\": \"items\", \"rows\": [}";
	assert_int_equal(
	    cat_import_parse(bad, strlen(bad), CAT_FMT_JSON, CAT_WHAT_NONE, &im, errs, 8, &ne),
	    OS_ERR_INVALID);
	const char *what = "{\"what\": \"people\", \"rows\": []}";
	assert_int_equal(
	    cat_import_parse(what, strlen(what), CAT_FMT_JSON, CAT_WHAT_NONE, &im, errs, 8, &ne),
	    OS_ERR_INVALID);
	assert_string_equal(errs[0].field, "what");
}

static void test_export_then_import(void **state)
{
	(void)state;
	cat_item it;
	cat_problem p;
	assert_int_equal(flat_with("effective_from", "2025-01-02", &it, &p), OS_OK);
	cat_item_set_text(&it.conditions, "条件一，\"引号\"\n条件二");
	for (int f = CAT_FMT_CSV; f <= CAT_FMT_JSON; f++) {
		buf b;
		buf_init(&b, 1 << 20);
		json_t *row = cat_item_to_json(&it, true);
		assert_int_equal(cat_export_begin(&b, (cat_format)f, CAT_WHAT_ITEMS), OS_OK);
		assert_int_equal(cat_export_row(&b, (cat_format)f, CAT_WHAT_ITEMS, row, true),
		                 OS_OK);
		assert_int_equal(cat_export_row(&b, (cat_format)f, CAT_WHAT_ITEMS, row, false),
		                 OS_OK);
		assert_int_equal(cat_export_end(&b, (cat_format)f), OS_OK);
		json_decref(row);
		cat_import im;
		cat_row_error errs[4];
		size_t n;
		os_err e = cat_import_parse(b.data, b.len, (cat_format)f, CAT_WHAT_ITEMS, &im, errs,
		                            4, &n);
		if (e)
			fail_msg("format %d: line %zu %s: %s", f, errs[0].line, errs[0].field,
			         errs[0].reason);
		assert_int_equal(im.n, 2);
		char *a = cat_item_doc(&it), *c = cat_item_doc(&im.items[1]);
		assert_string_equal(a, c);
		assert_int_equal(im.items[1].effective_from, it.effective_from);
		free(a);
		free(c);
		cat_import_free(&im);
		buf_free(&b);
	}
	cat_item_free(&it);
}

static void test_demo_catalog_figures(void **state)
{
	(void)state;
	demo_district *d = demo_generate();
	demo_catalog *c = demo_catalog_generate(d, DEMO_CATALOG_ITEMS);
	assert_non_null(c);
	assert_int_equal(c->n_items, 1330);
	size_t power = 0, online = 0, d4 = 0;
	for (size_t i = 0; i < c->n_items; i++) {
		cat_problem p;
		if (cat_item_validate(&c->items[i], &p))
			fail_msg("%s %s: %s: %s", c->items[i].code, c->items[i].name, p.field,
			         p.reason);
		power += cat_is_power(&c->items[i]);
		online += cat_is_online(&c->items[i]);
		d4 += c->items[i].depth == 4;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->items[i].code, c->items[j].code))
				fail_msg("repeated code %s", c->items[i].code);
	}
	assert_int_equal(power, DEMO_CATALOG_POWER);
	assert_int_equal(online, DEMO_CATALOG_ONLINE);
	assert_int_equal(d4, DEMO_CATALOG_DEPTH4);
	assert_true(c->n_bundles >= 10);
	const char *kaiban = NULL;
	for (size_t b = 0; b < c->n_bundles; b++) {
		cat_problem p;
		assert_int_equal(cat_bundle_validate(&c->bundles[b], &p), OS_OK);
		if (!strcmp(c->bundles[b].name, "开办企业"))
			kaiban = c->bundles[b].code;
	}
	assert_non_null(kaiban);
	/* deterministic */
	demo_catalog *again = demo_catalog_generate(d, DEMO_CATALOG_ITEMS);
	for (size_t i = 0; i < c->n_items; i += 97) {
		char *x = cat_item_doc(&c->items[i]), *y = cat_item_doc(&again->items[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	demo_catalog_free(again);
	/* beyond the lists */
	assert_null(demo_catalog_generate(d, demo_catalog_capacity() + 1));
	demo_catalog_free(c);
	demo_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flat_valid_and_defaults),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test(test_fee),
	    cmocka_unit_test(test_material_identity),
	    cmocka_unit_test(test_bundle_merge),
	    cmocka_unit_test(test_search_plan),
	    cmocka_unit_test(test_tags_and_grams),
	    cmocka_unit_test(test_import_csv_errors_name_line_and_field),
	    cmocka_unit_test(test_import_json_lines),
	    cmocka_unit_test(test_export_then_import),
	    cmocka_unit_test(test_demo_catalog_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
