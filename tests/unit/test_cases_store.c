/* test_cases_store.c - cases in the SQLite store (src/store/sqlite_cases.c):
 * the online licensing case from draft to postal delivery, window filing of
 * an immediate item, withdrawal and refusal, illegal transitions that change
 * nothing, deemed acceptance (sweep and next action), the overdue count,
 * idempotency keys, bundles, files, the recount of the counters after a few
 * hundred random cases, and personal data sealed in the database file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sqlite3.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/catalog_io.h"
#include "core/demo.h"
#include "core/embedded.h"
#include "core/ident.h"
#include "pii_grep.h"
#include "store/store.h"

typedef struct fixture {
	char dir[256];
	char path[512];
	store *st;
	os_calendar *cal;
	int64_t citizen, clerk, approver, manager, other;
	int64_t site, window, town_site;
	int64_t lic, imm, sw, sb; /* items */
	int64_t bundle;
	const char *why;
} fixture;

static os_date D(const char *s)
{
	os_date d = 0;
	if (os_date_parse(s, strlen(s), &d) != OS_OK)
		fail_msg("test date %s does not parse", s);
	return d;
}

static int64_t cst(const char *day, int hh, int mm)
{
	return (int64_t)D(day) * 86400 + hh * 3600 + mm * 60 - OS_SHANGHAI_UTC_OFFSET;
}

static os_date day_of(int64_t t)
{
	os_date d = 0;
	os_date_from_unix(t, &d);
	return d;
}

static void assert_day(os_date got, const char *want)
{
	char s[OS_DATE_STRLEN];
	os_date_format(got, s);
	assert_string_equal(s, want);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* The form of the licensing item: one field of each checked type. */
#define LIC_FIELDS                                                                                 \
	"[{\"name\":\"shop\",\"label\":\"店名\",\"required\":true},"                             \
	"{\"name\":\"opened\",\"label\":\"开业日期\",\"type\":\"date\"},"                      \
	"{\"name\":\"staff\",\"label\":\"从业人数\",\"type\":\"number\"},"                     \
	"{\"name\":\"holder_id\",\"label\":\"经营者身份证号\",\"type\":\"id_number\"},"     \
	"{\"name\":\"uscc\",\"label\":\"统一社会信用代码\",\"type\":\"uscc\"},"            \
	"{\"name\":\"tel\",\"label\":\"电话\",\"type\":\"phone\"},"                              \
	"{\"name\":\"chain\",\"label\":\"连锁\",\"type\":\"bool\"},"                             \
	"{\"name\":\"note\",\"label\":\"说明\",\"type\":\"textarea\"}]"

static int64_t item(fixture *f, const char *code, const char *name, const char *dept,
                    const char *immediate, const char *promised, const char *materials)
{
	const char *names[] = {"code",           "name",       "department",    "type",
	                       "online_depth",   "channels",   "accept_tiers",  "decide_tier",
	                       "materials",      "immediate",  "promised_days", "legal_days",
	                       "effective_from", "form_fields"};
	const char *values[] = {code,
	                        name,
	                        dept,
	                        "licensing",
	                        "3",
	                        "window;online;post",
	                        "district;township",
	                        "district",
	                        materials,
	                        immediate,
	                        promised,
	                        "20",
	                        "2026-01-01",
	                        strcmp(code, "T-LIC") ? "[]" : LIC_FIELDS};
	cat_item it;
	cat_problem p;
	if (cat_item_from_flat(names, values, 14, &it, &p))
		fail_msg("%s: %s: %s", code, p.field, p.reason);
	if (store_item_create(f->st, D("2026-01-01"), 1, cst("2026-01-01", 9, 0), &it, &p))
		fail_msg("store %s: %s: %s", code, p.field, p.reason);
	int64_t id = it.id;
	cat_item_free(&it);
	return id;
}

static int64_t user_id(fixture *f, const char *login, store_user *out)
{
	store_user u;
	if (store_user_by_login(f->st, login, &u))
		fail_msg("no demo user %s", login);
	if (out)
		*out = u;
	return u.id;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	/* tmpfs when there is one: the random walk commits a few thousand times */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(f->dir, sizeof f->dir, "%s/onestop-test-cases-XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/onestop.db", f->dir);
	char key[512];
	snprintf(key, sizeof key, "%s/onestop.key", f->dir);
	store_options o = {.path = f->path,
	                   .read_connections = 2,
	                   .group_commit_max = 16,
	                   .create = true,
	                   .key_file = key};
	char err[512];
	if (store_open(&o, &f->st, err, sizeof err))
		fail_msg("store_open: %s", err);
	demo_district *d = demo_generate();
	if (store_demo_load(f->st, d))
		fail_msg("demo load");
	demo_free(d);
	bool seeded;
	if (store_calendar_ensure(f->st, cst("2026-01-01", 8, 0), &seeded))
		fail_msg("calendar");
	char msg[OS_CAL_MSG_SIZE];
	size_t len = (size_t)(os_data_holidays_json_end - os_data_holidays_json);
	if (os_calendar_from_json(os_data_holidays_json, len, &f->cal, msg, sizeof msg))
		fail_msg("embedded calendar: %s", msg);
	store_user u;
	f->citizen = user_id(f, "citizen", NULL);
	f->clerk = user_id(f, "clerk", &u);
	f->site = u.site_id;
	f->window = u.window_id;
	f->approver = user_id(f, "approver", NULL);
	f->manager = user_id(f, "manager", NULL);
	f->other = user_id(f, "butler", NULL);
	f->town_site = user_id(f, "clerk.township", &u) ? u.site_id : 0;
	f->lic = item(f, "T-LIC", "食品经营许可", "YD-SJ", "false", "3",
	              "[{\"name\":\"居民身份证\"},{\"name\":\"营业执照\"},"
	              "{\"name\":\"场地证明\",\"required\":false,\"condition\":\"租用场地时\"}]");
	f->imm = item(f, "T-IMM", "个体工商户名称查询", "YD-SJ", "true", "0",
	              "[{\"name\":\"居民身份证\"}]");
	f->sw = item(f, "T-SW", "新办纳税人涉税事项", "YD-SW", "false", "5", "[]");
	f->sb = item(f, "T-SB", "单位社会保险登记", "YD-SB", "false", "10", "[]");
	cat_bundle b = {
	    .code = "B-OPEN", .name = "开办企业", .lead_department = "YD-SJ", .n_items = 3};
	snprintf(b.items[0], sizeof b.items[0], "T-LIC");
	snprintf(b.items[1], sizeof b.items[1], "T-SW");
	snprintf(b.items[2], sizeof b.items[2], "T-SB");
	cat_problem p;
	if (store_bundle_save(f->st, D("2026-01-01"), 1, 0, &b, &f->bundle, &p))
		fail_msg("bundle: %s: %s", p.field, p.reason);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	os_calendar_free(f->cal);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static const char *const PERSON_NAME = "王小明";
static const char *const PERSON_ID = "430802198503151234";
static const char *const PERSON_PHONE = "13907441234";
static const char *const PERSON_ADDR = "湖南省张家界市永定区解放路88号";

static store_case_new new_case(fixture *f, int64_t item_id, case_channel ch, int64_t now)
{
	bool walk_in = ch == CCH_WINDOW || ch == CCH_PROXY;
	store_case_new n = {.item_id = item_id,
	                    .channel = ch,
	                    .site_id = f->site,
	                    .window_id = ch == CCH_WINDOW ? f->window : 0,
	                    .applicant_id = walk_in ? 0 : f->citizen,
	                    .filed_by = walk_in ? f->clerk : 0,
	                    .applicant_name = PERSON_NAME,
	                    .id_number = PERSON_ID,
	                    .phone = PERSON_PHONE,
	                    .address = PERSON_ADDR,
	                    .form_json = "{\"shop\":\"小明便利店\"}",
	                    .now = now,
	                    .today = day_of(now),
	                    .cal = f->cal};
	return n;
}

static int64_t create(fixture *f, store_case_new *n, store_case *out)
{
	store_case c;
	os_err e = store_case_create(f->st, n, &c, &f->why);
	if (e)
		fail_msg("create: %d %s", e, f->why ? f->why : "");
	int64_t id = c.id;
	if (out)
		*out = c;
	else
		store_case_free(&c);
	return id;
}

typedef struct extra {
	const char *reason, *notice, *tracking;
	int days;
	case_delivery delivery;
} extra;

static int64_t actor_id(fixture *f, unsigned who)
{
	switch (who) {
	case CACT_APPLICANT:
		return f->citizen;
	case CACT_CLERK:
		return f->clerk;
	case CACT_APPROVER:
		return f->approver;
	case CACT_MANAGER:
		return f->manager;
	default:
		return 0;
	}
}

static os_err act(fixture *f, int64_t id, case_action a, unsigned who, int64_t now, const extra *x,
                  store_case *out)
{
	extra none = {0};
	if (!x)
		x = &none;
	store_case_act in = {.case_id = id,
	                     .action = a,
	                     .actor = who,
	                     .actor_id = actor_id(f, who),
	                     .actor_role = who == CACT_CLERK ? "clerk" : "approver",
	                     .site_id = f->site,
	                     .reason = x->reason,
	                     .notice_json = x->notice,
	                     .days = x->days,
	                     .delivery = x->delivery,
	                     .tracking = x->tracking,
	                     .now = now,
	                     .today = day_of(now),
	                     .cal = f->cal};
	store_case c;
	f->why = NULL;
	os_err e = store_case_apply(f->st, &in, &c, &f->why);
	if (out)
		*out = c;
	else
		store_case_free(&c);
	return e;
}

static void act_ok(fixture *f, int64_t id, case_action a, unsigned who, int64_t now, const extra *x,
                   case_state want)
{
	store_case c;
	os_err e = act(f, id, a, who, now, x, &c);
	if (e)
		fail_msg("%s: %d %s", case_action_key(a), e, f->why ? f->why : "");
	assert_int_equal(c.state, want);
	store_case_free(&c);
}

static store_case get(fixture *f, int64_t id)
{
	store_case c;
	assert_int_equal(store_case_get(f->st, id, false, &c), OS_OK);
	return c;
}

static store_case_figures figs(fixture *f, const char *from, const char *to)
{
	store_case_fig_filter q = {.from = D(from), .to = D(to)};
	store_case_figures x;
	assert_int_equal(store_case_figures_get(f->st, &q, &x), OS_OK);
	return x;
}

static void assert_figs(store_case_figures x, int64_t r, int64_t a, int64_t c, int64_t o,
                        int64_t ov)
{
	if (x.received != r || x.accepted != a || x.completed != c || x.on_time != o ||
	    x.overdue != ov)
		fail_msg(
		    "figures r%lld a%lld c%lld o%lld ov%lld, want r%lld a%lld c%lld o%lld ov%lld",
		    (long long)x.received, (long long)x.accepted, (long long)x.completed,
		    (long long)x.on_time, (long long)x.overdue, (long long)r, (long long)a,
		    (long long)c, (long long)o, (long long)ov);
}

static size_t pdf(unsigned char *b, size_t cap, int variant)
{
	int n = snprintf((char *)b, cap, "%%PDF-1.7\n%% variant %d\ntrailer\n%%%%EOF\n", variant);
	return (size_t)n;
}

static int64_t upload(fixture *f, int64_t owner, int variant)
{
	unsigned char b[128];
	size_t n = pdf(b, sizeof b, variant);
	store_case_file file;
	assert_int_equal(store_case_file_put(f->st, owner, "身份证.pdf", CM_PDF, b, n,
	                                     cst("2026-02-01", 9, 0), &file),
	                 OS_OK);
	return file.id;
}

static char *mkey(const char *name)
{
	static char k[160];
	cat_material_key(name, k, sizeof k);
	return k;
}

static size_t n_events(fixture *f, int64_t id)
{
	store_case_event *ev;
	size_t n;
	assert_int_equal(store_case_events(f->st, id, &ev, &n), OS_OK);
	free(ev);
	return n;
}

/* ---- the licensing case, online ---- */

static void test_online_licensing_to_postal_delivery(void **state)
{
	fixture *f = *state;
	store_case c;
	store_case_new n = new_case(f, f->lic, CCH_ONLINE, cst("2026-02-09", 20, 0));
	int64_t id = create(f, &n, &c);
	assert_int_equal(c.state, CS_DRAFT);
	assert_int_equal(c.channel, CCH_ONLINE);
	assert_int_equal(c.received_at, 0);
	assert_string_equal(c.item_code, "T-LIC");
	assert_int_equal(c.limit_days, 3);
	assert_int_equal(c.on_time, -1);
	assert_string_equal(c.id_number, "430802********1234");
	assert_string_equal(c.applicant_name, "王**");
	assert_string_equal(c.phone, "139****1234");
	assert_non_null(strstr(c.no, "-20260209-"));
	store_case_free(&c);
	/* revealed on request */
	assert_int_equal(store_case_get(f->st, id, true, &c), OS_OK);
	assert_string_equal(c.id_number, PERSON_ID);
	assert_string_equal(c.applicant_name, PERSON_NAME);
	assert_string_equal(c.address, PERSON_ADDR);
	assert_string_equal(c.form_json, "{\"shop\":\"小明便利店\"}");
	store_case_free(&c);
	assert_figs(figs(f, "2026-01-01", "2026-12-31"), 0, 0, 0, 0, 0);

	/* submit without the required materials: refused, naming the first */
	int64_t t = cst("2026-02-10", 9, 0);
	assert_int_equal(act(f, id, CA_SUBMIT, CACT_APPLICANT, t, NULL, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "居民身份证"));
	int64_t idf = upload(f, f->citizen, 1), lic = upload(f, f->citizen, 2);
	const char *why = NULL;
	assert_int_equal(store_case_attach(f->st, id, mkey("居民身份证"), idf, f->citizen, t, &why),
	                 OS_OK);
	assert_int_equal(act(f, id, CA_SUBMIT, CACT_APPLICANT, t, NULL, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "营业执照"));
	assert_int_equal(store_case_attach(f->st, id, mkey("户口簿"), lic, f->citizen, t, &why),
	                 OS_ERR_INVALID);
	assert_non_null(strstr(why, "material_key"));
	assert_int_equal(store_case_attach(f->st, id, mkey("营业执照"), lic, f->citizen, t, &why),
	                 OS_OK);
	/* the clerk may not submit the citizen's draft */
	assert_int_equal(act(f, id, CA_SUBMIT, CACT_CLERK, t, NULL, NULL), OS_ERR_FORBIDDEN);
	act_ok(f, id, CA_SUBMIT, CACT_APPLICANT, t, NULL, CS_PREREVIEW);
	c = get(f, id);
	assert_int_equal(c.received_at, t);
	/* 5 working days: 11, 12, 13, 14 (make-up), then the Spring Festival */
	assert_day(c.accept_due, "2026-02-24");
	store_case_free(&c);
	assert_figs(figs(f, "2026-02-10", "2026-02-10"), 1, 0, 0, 0, 0);

	/* the materials view: one row per material, the conditional one missing */
	store_case_material *m;
	size_t nm;
	assert_int_equal(store_case_materials(f->st, id, &m, &nm), OS_OK);
	assert_int_equal(nm, 3);
	assert_int_equal(m[0].file_id, idf);
	assert_true(m[0].required);
	assert_int_equal(m[1].file_id, lic);
	assert_int_equal(m[2].file_id, 0);
	assert_false(m[2].required);
	free(m);

	/* one-time notice, then the supplement; never a second notice */
	t = cst("2026-02-11", 10, 0);
	assert_int_equal(act(f, id, CA_NOTICE, CACT_CLERK, t, NULL, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "notice"));
	extra nx = {.notice = "[{\"material\":\"营业执照\",\"problem\":\"副本不清晰\"},"
	                      "{\"material\":\"场地证明\",\"problem\":\"缺少租赁合同\"}]"};
	act_ok(f, id, CA_NOTICE, CACT_CLERK, t, &nx, CS_NOTICE);
	store_case_notice no;
	assert_int_equal(store_case_notice_get(f->st, id, &no), OS_OK);
	assert_non_null(strstr(no.items_json, "副本不清晰"));
	assert_int_equal(no.answered_at, 0);
	assert_int_equal(no.issued_by, f->clerk);
	free(no.items_json);
	int64_t site_proof = upload(f, f->citizen, 3);
	assert_int_equal(
	    store_case_attach(f->st, id, mkey("场地证明"), site_proof, f->citizen, t + 60, &why),
	    OS_OK);
	t = cst("2026-02-11", 16, 0);
	act_ok(f, id, CA_SUPPLEMENT, CACT_APPLICANT, t, NULL, CS_SUPPLEMENTED);
	assert_int_equal(store_case_notice_get(f->st, id, &no), OS_OK);
	assert_int_equal(no.answered_at, t);
	free(no.items_json);
	assert_int_equal(act(f, id, CA_NOTICE, CACT_CLERK, t + 60, &nx, NULL), OS_ERR_CONFLICT);
	/* materials are closed after the supplement */
	assert_int_equal(store_case_attach(f->st, id, mkey("场地证明"), idf, f->citizen, t, &why),
	                 OS_ERR_CONFLICT);

	/* accepted Thursday 2026-02-12 with 3 working days: due 2026-02-24 */
	t = cst("2026-02-12", 10, 0);
	act_ok(f, id, CA_ACCEPT, CACT_CLERK, t, NULL, CS_ACCEPTED);
	c = get(f, id);
	assert_day(c.due, "2026-02-24");
	assert_int_equal(c.accepted_at, t);
	assert_false(c.deemed);
	store_case_free(&c);
	assert_figs(figs(f, "2026-02-12", "2026-02-12"), 0, 1, 0, 0, 0);

	act_ok(f, id, CA_REVIEW, CACT_APPROVER, cst("2026-02-13", 9, 0), NULL, CS_REVIEW);
	/* extension: reason and 1..10 days, once */
	t = cst("2026-02-24", 9, 0);
	extra ex = {.days = 2};
	assert_int_equal(act(f, id, CA_EXTEND, CACT_APPROVER, t, &ex, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "reason"));
	ex.reason = "需现场核查经营场所";
	ex.days = 11;
	assert_int_equal(act(f, id, CA_EXTEND, CACT_APPROVER, t, &ex, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "days"));
	ex.days = 2;
	act_ok(f, id, CA_EXTEND, CACT_MANAGER, t, &ex, CS_EXTENDED);
	c = get(f, id);
	assert_day(c.due, "2026-02-26");
	assert_int_equal(c.extended_days, 2);
	store_case_free(&c);
	assert_int_equal(act(f, id, CA_EXTEND, CACT_APPROVER, t, &ex, NULL), OS_ERR_CONFLICT);

	/* suspended Wed 25 .. Fri 27: the 26th and 27th do not count */
	extra sx = {.reason = "组织听证"};
	act_ok(f, id, CA_SUSPEND, CACT_APPROVER, cst("2026-02-25", 9, 0), &sx, CS_SUSPENDED);
	act_ok(f, id, CA_RESUME, CACT_APPROVER, cst("2026-02-27", 15, 0), NULL, CS_EXTENDED);
	c = get(f, id);
	assert_day(c.due, "2026-02-28"); /* a make-up working day */
	assert_int_equal(c.suspended_days, 2);
	assert_int_equal(c.suspended_on, 0);
	store_case_free(&c);
	/* still only one extension after the suspension */
	assert_int_equal(act(f, id, CA_EXTEND, CACT_APPROVER, cst("2026-02-27", 16, 0), &ex, NULL),
	                 OS_ERR_CONFLICT);

	act_ok(f, id, CA_APPROVE, CACT_APPROVER, cst("2026-02-28", 9, 0), NULL, CS_DECIDED);
	t = cst("2026-02-28", 11, 0);
	act_ok(f, id, CA_COMPLETE, CACT_APPROVER, t, NULL, CS_COMPLETED);
	c = get(f, id);
	assert_int_equal(c.on_time, 1);
	assert_int_equal(c.decision, 1);
	assert_int_equal(c.completed_at, t);
	store_case_free(&c);
	assert_figs(figs(f, "2026-02-28", "2026-02-28"), 0, 0, 1, 1, 0);

	/* delivery by post: the tracking number is required */
	extra px = {.delivery = CDL_POST};
	t = cst("2026-03-03", 9, 0);
	assert_int_equal(act(f, id, CA_DELIVER, CACT_CLERK, t, &px, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "tracking"));
	px.tracking = "EMS1234567890\n";
	assert_int_equal(act(f, id, CA_DELIVER, CACT_CLERK, t, &px, NULL), OS_ERR_INVALID);
	px.tracking = "EMS1234567890";
	act_ok(f, id, CA_DELIVER, CACT_CLERK, t, &px, CS_DELIVERED);
	c = get(f, id);
	assert_int_equal(c.delivery, CDL_POST);
	assert_string_equal(c.tracking, "EMS1234567890");
	assert_int_equal(c.delivered_at, t);
	store_case_free(&c);
	assert_int_equal(act(f, id, CA_WITHDRAW, CACT_APPLICANT, t, &sx, NULL), OS_ERR_CONFLICT);

	/* the timeline */
	store_case_event *ev;
	size_t ne;
	assert_int_equal(store_case_events(f->st, id, &ev, &ne), OS_OK);
	const case_action want[] = {CA_NONE,   CA_SUBMIT,  CA_NOTICE,   CA_SUPPLEMENT,
	                            CA_ACCEPT, CA_REVIEW,  CA_EXTEND,   CA_SUSPEND,
	                            CA_RESUME, CA_APPROVE, CA_COMPLETE, CA_DELIVER};
	assert_int_equal(ne, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < ne; i++)
		assert_int_equal(ev[i].action, want[i]);
	assert_int_equal(ev[0].to, CS_DRAFT);
	assert_int_equal(ev[4].actor_id, f->clerk);
	assert_string_equal(ev[4].actor_name, "李娜");
	assert_day(ev[4].due, "2026-02-24");
	assert_string_equal(ev[6].note, "需现场核查经营场所");
	assert_string_equal(ev[11].note, "EMS1234567890");
	free(ev);
	assert_figs(figs(f, "2026-01-01", "2026-12-31"), 1, 1, 1, 1, 0);
}

/* ---- at the window ---- */

static void test_window_immediate_item(void **state)
{
	fixture *f = *state;
	store_case c;
	int64_t t = cst("2026-03-04", 9, 30);
	store_case_new n = new_case(f, f->imm, CCH_WINDOW, t);
	n.applicant_name = "";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "applicant_name"));
	n.applicant_name = PERSON_NAME;
	n.id_number = "430802198503151239"; /* wrong check character */
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "id_number"));
	n.id_number = PERSON_ID;
	n.form_json = "[1]";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form"));
	n.form_json = NULL;
	n.window_id = 999999;
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "window_id"));
	/* the item is accepted at district and township sites, not in villages
	 * (demo site 26 is the first village station) */
	n.site_id = 26;
	n.window_id = 0;
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "tier"));
	n.site_id = f->site;
	n.window_id = f->window;
	assert_figs(figs(f, "2026-03-04", "2026-03-04"), 0, 0, 0, 0, 0);

	int64_t id = create(f, &n, &c);
	assert_int_equal(c.state, CS_RECEIVED);
	assert_int_equal(c.channel, CCH_WINDOW);
	assert_int_equal(c.window_id, f->window);
	assert_int_equal(c.filed_by, f->clerk);
	assert_int_equal(c.applicant_id, 0);
	assert_true(c.immediate);
	assert_day(c.accept_due, "2026-03-11");
	store_case_free(&c);
	assert_figs(figs(f, "2026-03-04", "2026-03-04"), 1, 0, 0, 0, 0);
	act_ok(f, id, CA_COMPLETE_NOW, CACT_CLERK, t + 300, NULL, CS_COMPLETED);
	c = get(f, id);
	assert_int_equal(c.on_time, 1);
	assert_int_equal(c.decision, 1);
	store_case_free(&c);
	assert_figs(figs(f, "2026-03-04", "2026-03-04"), 1, 1, 1, 1, 0);
	act_ok(f, id, CA_DELIVER, CACT_CLERK, t + 400, &(extra){.delivery = CDL_PICKUP},
	       CS_DELIVERED);

	/* a promised item is not completed on the spot */
	n = new_case(f, f->lic, CCH_WINDOW, t);
	id = create(f, &n, NULL);
	assert_int_equal(act(f, id, CA_COMPLETE_NOW, CACT_CLERK, t + 60, NULL, NULL),
	                 OS_ERR_CONFLICT);
	c = get(f, id);
	assert_int_equal(c.state, CS_RECEIVED);
	store_case_free(&c);

	/* a proxy filing is recorded as on the person's behalf */
	n = new_case(f, f->lic, CCH_PROXY, t);
	id = create(f, &n, &c);
	assert_true(c.on_behalf);
	assert_int_equal(c.channel, CCH_PROXY);
	store_case_free(&c);
	/* under a proxy request: the request exists, the filer serves it, its
	 * authorisation covers the item (checked in the create's transaction) */
	store_user pu;
	int64_t proxy = user_id(f, "proxy", &pu);
	proxy_auth auth = {.valid_until = day_of(t) + 30, .consent = true};
	snprintf(auth.items, sizeof auth.items, "T-LIC");
	store_proxy_new pn = {.site_id = pu.site_id,
	                      .kind = PK_AGENCY,
	                      .filer = PF_SELF,
	                      .channel = PCH_WINDOW,
	                      .requester_id = f->citizen,
	                      .actor_role = "citizen",
	                      .relation = "",
	                      .person_name = PERSON_NAME,
	                      .id_number = PERSON_ID,
	                      .item_id = f->lic,
	                      .item_code = "T-LIC",
	                      .item_name = "食品经营许可",
	                      .note = "",
	                      .auth = &auth,
	                      .now = t,
	                      .today = day_of(t)};
	store_proxy_request pr;
	const char *pf = NULL;
	assert_int_equal(store_proxy_request_create(f->st, &pn, &pr, &pf), OS_OK);
	n = new_case(f, f->lic, CCH_PROXY, t);
	n.filed_by = proxy;
	n.proxy_request_id = pr.id + 1000;
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "proxy_request_id: no such"));
	n.proxy_request_id = pr.id;
	n.filed_by = f->other; /* the butler: not assigned, no specialist */
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "proxy_request_id: you are neither"));
	n.filed_by = proxy;
	id = create(f, &n, &c);
	assert_int_equal(c.proxy_request_id, pr.id);
	store_case_free(&c);
	n = new_case(f, f->imm, CCH_PROXY, t);
	n.form_json = NULL;
	n.filed_by = proxy;
	n.proxy_request_id = pr.id;
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "proxy_request_id: the authorisation does not cover"));
	/* online filing of an item the catalog does not offer online is refused */
	n = new_case(f, 999999, CCH_ONLINE, t);
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "item_id"));
}

static void test_withdraw_and_refuse(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-03-05", 9, 0);
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, t);
	int64_t a = create(f, &n, NULL), b = create(f, &n, NULL);
	assert_int_equal(act(f, a, CA_WITHDRAW, CACT_APPLICANT, t + 60, NULL, NULL),
	                 OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "reason"));
	act_ok(f, a, CA_WITHDRAW, CACT_APPLICANT, t + 60, &(extra){.reason = "不再需要"},
	       CS_WITHDRAWN);
	assert_int_equal(act(f, b, CA_REFUSE, CACT_CLERK, t + 60, NULL, NULL), OS_ERR_INVALID);
	act_ok(f, b, CA_REFUSE, CACT_CLERK, t + 60,
	       &(extra){.reason = "不属于本部门职权范围，请向区自然资源局申请"}, CS_REJECTED);
	store_case c = get(f, b);
	assert_non_null(strstr(c.reason, "区自然资源局"));
	assert_int_equal(c.due, 0);
	store_case_free(&c);
	/* the reason has a cap */
	char big[CASE_REASON_MAX + 10];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	int64_t d = create(f, &n, NULL);
	assert_int_equal(act(f, d, CA_REFUSE, CACT_CLERK, t + 60, &(extra){.reason = big}, NULL),
	                 OS_ERR_INVALID);
	assert_figs(figs(f, "2026-03-05", "2026-03-05"), 3, 0, 0, 0, 0);
}

/* ---- illegal transitions change nothing ---- */

static void test_illegal_changes_nothing(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-03-06", 9, 0);
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, t);
	int64_t id = create(f, &n, NULL);
	store_case before = get(f, id);
	store_case_figures fb = figs(f, "2026-01-01", "2026-12-31");
	size_t eb = n_events(f, id);
	struct {
		case_action a;
		unsigned who;
		os_err want;
	} tries[] = {
	    {CA_APPROVE, CACT_APPROVER, OS_ERR_CONFLICT},
	    {CA_REVIEW, CACT_APPROVER, OS_ERR_CONFLICT},
	    {CA_ACCEPT, CACT_APPLICANT, OS_ERR_FORBIDDEN},
	    {CA_ACCEPT, CACT_APPROVER, OS_ERR_FORBIDDEN},
	    {CA_DELIVER, CACT_CLERK, OS_ERR_CONFLICT},
	    {CA_SUPPLEMENT, CACT_CLERK, OS_ERR_CONFLICT},
	    {CA_SUBMIT, CACT_APPLICANT, OS_ERR_CONFLICT},
	    {CA_DEEM_ACCEPT, CACT_SYSTEM, OS_ERR_CONFLICT},
	    {CA_WITHDRAW, CACT_CLERK, OS_ERR_FORBIDDEN},
	    {CA_COMPLETE, CACT_CLERK, OS_ERR_CONFLICT},
	};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		os_err e = act(f, id, tries[i].a, tries[i].who, t + 3600,
		               &(extra){.reason = "x", .delivery = CDL_PICKUP}, NULL);
		if (e != tries[i].want)
			fail_msg("%s: got %d want %d", case_action_key(tries[i].a), e,
			         tries[i].want);
		assert_non_null(f->why);
	}
	assert_int_equal(act(f, 987654, CA_ACCEPT, CACT_CLERK, t, NULL, NULL), OS_ERR_NOT_FOUND);
	store_case after = get(f, id);
	assert_int_equal(after.state, before.state);
	assert_int_equal(after.updated_at, before.updated_at);
	assert_int_equal(after.accept_due, before.accept_due);
	assert_int_equal(after.due, before.due);
	store_case_free(&before);
	store_case_free(&after);
	store_case_figures fa = figs(f, "2026-01-01", "2026-12-31");
	assert_memory_equal(&fa, &fb, sizeof fa);
	assert_int_equal(n_events(f, id), eb);
}

/* ---- the clock catching up ---- */

static void test_deemed_acceptance_and_overdue(void **state)
{
	fixture *f = *state;
	/* received Monday 2026-03-16 10:00: acceptance due Mon 23 */
	int64_t r = cst("2026-03-16", 10, 0);
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, r);
	int64_t a = create(f, &n, NULL), b = create(f, &n, NULL), c3 = create(f, &n, NULL);
	store_case c = get(f, a);
	assert_day(c.accept_due, "2026-03-23");
	store_case_free(&c);
	int deemed = -1, overdue = -1;
	assert_int_equal(store_cases_sweep(f->st, D("2026-03-23"), cst("2026-03-23", 23, 0), 100,
	                                   &deemed, &overdue),
	                 OS_OK);
	assert_int_equal(deemed, 0);
	/* the day after: deemed accepted on receipt */
	assert_int_equal(store_cases_sweep(f->st, D("2026-03-24"), cst("2026-03-24", 1, 0), 1,
	                                   &deemed, &overdue),
	                 OS_OK);
	assert_int_equal(deemed, 1);
	c = get(f, a);
	assert_int_equal(c.state, CS_ACCEPTED);
	assert_true(c.deemed);
	assert_int_equal(c.accepted_at, r);
	assert_day(c.due, "2026-03-19"); /* 3 working days from the receipt */
	store_case_free(&c);
	/* accepted on the receipt day in the counters */
	assert_figs(figs(f, "2026-03-16", "2026-03-16"), 3, 1, 0, 0, 0);
	/* b by its next action: deemed first, then the review */
	act_ok(f, b, CA_REVIEW, CACT_APPROVER, cst("2026-03-24", 9, 0), NULL, CS_REVIEW);
	store_case_event *ev;
	size_t ne;
	assert_int_equal(store_case_events(f->st, b, &ev, &ne), OS_OK);
	assert_int_equal(ne, 3);
	assert_int_equal(ev[1].action, CA_DEEM_ACCEPT);
	assert_string_equal(ev[1].actor_role, "system");
	assert_int_equal(ev[2].action, CA_REVIEW);
	free(ev);
	/* ... and its deadline had passed: counted overdue, once, on the 20th */
	assert_figs(figs(f, "2026-03-20", "2026-03-20"), 0, 0, 0, 0, 1);
	/* c3: a refusal after the period is illegal (it counts as accepted) and
	 * leaves the case as it was */
	assert_int_equal(act(f, c3, CA_REFUSE, CACT_CLERK, cst("2026-03-24", 9, 0),
	                     &(extra){.reason = "材料不全"}, NULL),
	                 OS_ERR_CONFLICT);
	c = get(f, c3);
	assert_int_equal(c.state, CS_RECEIVED);
	store_case_free(&c);
	/* the sweep takes c3 and counts a's overdue; then nothing more */
	assert_int_equal(store_cases_sweep(f->st, D("2026-03-24"), cst("2026-03-24", 2, 0), 100,
	                                   &deemed, &overdue),
	                 OS_OK);
	assert_int_equal(deemed, 1);
	assert_int_equal(overdue, 2);
	assert_int_equal(store_cases_sweep(f->st, D("2026-03-25"), cst("2026-03-25", 1, 0), 100,
	                                   &deemed, &overdue),
	                 OS_OK);
	assert_int_equal(deemed, 0);
	assert_int_equal(overdue, 0);
	assert_figs(figs(f, "2026-03-16", "2026-03-31"), 3, 3, 0, 0, 3);
	/* completed late: not on time */
	act_ok(f, b, CA_APPROVE, CACT_APPROVER, cst("2026-03-25", 9, 0), NULL, CS_DECIDED);
	act_ok(f, b, CA_COMPLETE, CACT_APPROVER, cst("2026-03-25", 10, 0), NULL, CS_COMPLETED);
	c = get(f, b);
	assert_int_equal(c.on_time, 0);
	store_case_free(&c);
	assert_figs(figs(f, "2026-03-25", "2026-03-25"), 0, 0, 1, 0, 0);
}

/* ---- idempotency ---- */

static void test_idempotency(void **state)
{
	fixture *f = *state;
	unsigned char h1[32], h2[32];
	memset(h1, 1, 32);
	memset(h2, 2, 32);
	int64_t t = cst("2026-04-01", 9, 0);
	store_idem_state s;
	int status;
	char *resp;
	int64_t res;
	const char *route = "POST /api/v1/cases";
	assert_int_equal(
	    store_idem_claim(f->st, f->citizen, "k-1", route, h1, t, 30, &s, &status, &resp, &res),
	    OS_OK);
	assert_int_equal(s, IDEM_NEW);
	/* a second request while the first runs */
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-1", route, h1, t + 5, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_IN_PROGRESS);
	store_case_new n = new_case(f, f->lic, CCH_ONLINE, t);
	n.idem_user = f->citizen;
	n.idem_key = "k-1";
	int64_t id = create(f, &n, NULL);
	/* committed, no response stored yet: the resource */
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-1", route, h1, t + 6, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_RESOURCE);
	assert_int_equal(res, id);
	assert_int_equal(store_idem_finish(f->st, f->citizen, "k-1", 201, "{\"id\":1}"), OS_OK);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-1", route, h1, t + 7, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_REPLAY);
	assert_int_equal(status, 201);
	assert_string_equal(resp, "{\"id\":1}");
	free(resp);
	/* the same key with another body, or on another route */
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-1", route, h2, t + 8, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_MISMATCH);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-1", "POST /api/v1/bundles/1/apply",
	                                  h1, t + 8, 30, &s, &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_MISMATCH);
	/* keys are per account */
	assert_int_equal(store_idem_claim(f->st, f->other, "k-1", route, h1, t + 8, 30, &s, &status,
	                                  &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_NEW);
	/* one case for the key */
	store_case_filter q = {.applicant_id = f->citizen, .limit = 200};
	store_case_list l;
	assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
	int with_t = 0;
	for (size_t i = 0; i < l.n; i++)
		with_t += l.rows[i].created_at == t;
	assert_int_equal(with_t, 1);
	store_case_list_free(&l);
	/* an abandoned claim (no resource) is taken over after the window */
	assert_int_equal(
	    store_idem_claim(f->st, f->citizen, "k-2", route, h1, t, 30, &s, &status, &resp, &res),
	    OS_OK);
	assert_int_equal(s, IDEM_NEW);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-2", route, h1, t + 29, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_IN_PROGRESS);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-2", route, h1, t + 31, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_NEW);
	/* a failed work releases its claim: the retry does it */
	assert_int_equal(store_idem_release(f->st, f->citizen, "k-2"), OS_OK);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-2", route, h2, t + 32, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_NEW);
	/* a create that fails leaves no resource behind */
	n.idem_key = "k-2";
	n.form_json = "not json";
	store_case c;
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "k-2", route, h2, t + 33, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_IN_PROGRESS);
	assert_int_equal(res, 0);
}

/* ---- bundles ---- */

static void test_bundle(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-04-06", 9, 0); /* a holiday: received the next working day */
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, t);
	n.idem_user = f->clerk;
	n.idem_key = "bundle-1";
	unsigned char h[32] = {7};
	store_idem_state s;
	int64_t res;
	assert_int_equal(store_idem_claim(f->st, f->clerk, "bundle-1", "POST bundle", h, t, 30, &s,
	                                  NULL, NULL, &res),
	                 OS_OK);
	int64_t app;
	store_case_list l;
	const char *why = NULL;
	assert_int_equal(store_case_bundle_create(f->st, f->bundle, &n, &app, &l, &why), OS_OK);
	assert_int_equal(l.n, 3);
	int64_t ids[3];
	for (size_t i = 0; i < 3; i++) {
		ids[i] = l.rows[i].id;
		assert_int_equal(l.rows[i].bundle_app_id, app);
		assert_int_equal(l.rows[i].state, CS_RECEIVED);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(l.rows[i].department_id, l.rows[j].department_id);
	}
	assert_day(l.rows[0].accept_due, "2026-04-14"); /* from Tue 04-07 */
	store_case_list_free(&l);
	assert_int_equal(store_idem_claim(f->st, f->clerk, "bundle-1", "POST bundle", h, t + 1, 30,
	                                  &s, NULL, NULL, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_RESOURCE);
	assert_int_equal(res, app);

	store_case_bundle_app ba;
	assert_int_equal(store_case_bundle_get(f->st, app, &ba, &l), OS_OK);
	assert_int_equal(ba.state, CS_RECEIVED);
	assert_string_equal(ba.bundle_name, "开办企业");
	store_case_list_free(&l);
	int64_t d = cst("2026-04-07", 9, 0);
	act_ok(f, ids[0], CA_ACCEPT, CACT_CLERK, d, NULL, CS_ACCEPTED);
	assert_int_equal(store_case_bundle_get(f->st, app, &ba, NULL), OS_OK);
	assert_int_equal(ba.state, CS_RECEIVED); /* the least advanced */
	/* nothing completed yet: no delivery */
	assert_int_equal(store_case_bundle_deliver(f->st, app, CDL_POST, "SF1", f->clerk, d, &why),
	                 OS_ERR_CONFLICT);
	for (int i = 0; i < 2; i++) {
		if (i)
			act_ok(f, ids[i], CA_ACCEPT, CACT_CLERK, d, NULL, CS_ACCEPTED);
		act_ok(f, ids[i], CA_REVIEW, CACT_APPROVER, d + 60, NULL, CS_REVIEW);
		act_ok(f, ids[i], CA_APPROVE, CACT_APPROVER, d + 120, NULL, CS_DECIDED);
		act_ok(f, ids[i], CA_COMPLETE, CACT_APPROVER, d + 180, NULL, CS_COMPLETED);
	}
	assert_int_equal(store_case_bundle_get(f->st, app, &ba, NULL), OS_OK);
	assert_int_equal(ba.state, CS_RECEIVED);
	act_ok(f, ids[2], CA_WITHDRAW, CACT_APPLICANT, d + 200, &(extra){.reason = "暂不需要"},
	       CS_WITHDRAWN);
	assert_int_equal(store_case_bundle_get(f->st, app, &ba, NULL), OS_OK);
	assert_int_equal(ba.state, CS_COMPLETED); /* the withdrawn one aside */
	assert_int_equal(
	    store_case_bundle_deliver(f->st, app, CDL_POST, "", f->clerk, d + 300, &why),
	    OS_ERR_INVALID);
	assert_int_equal(
	    store_case_bundle_deliver(f->st, app, CDL_POST, "SF1234", f->clerk, d + 300, &why),
	    OS_OK);
	assert_int_equal(store_case_bundle_get(f->st, app, &ba, &l), OS_OK);
	assert_int_equal(ba.state, CS_DELIVERED);
	assert_int_equal(ba.delivery, CDL_POST);
	assert_string_equal(ba.tracking, "SF1234");
	assert_int_equal(l.rows[0].state, CS_DELIVERED);
	assert_int_equal(l.rows[1].state, CS_DELIVERED);
	assert_int_equal(l.rows[2].state, CS_WITHDRAWN);
	assert_string_equal(l.rows[1].tracking, "SF1234");
	store_case_list_free(&l);
	assert_int_equal(
	    store_case_bundle_deliver(f->st, app, CDL_POST, "SF1", f->clerk, d + 400, &why),
	    OS_ERR_CONFLICT);
	assert_int_equal(store_case_bundle_get(f->st, 999999, &ba, NULL), OS_ERR_NOT_FOUND);
}

/* ---- files ---- */

static void test_files(void **state)
{
	fixture *f = *state;
	unsigned char b[128];
	size_t n = pdf(b, sizeof b, 42);
	store_case_file a, a2, o;
	int64_t t = cst("2026-04-08", 9, 0);
	assert_int_equal(
	    store_case_file_put(f->st, f->citizen, "营业执照.pdf", CM_PDF, b, n, t, &a), OS_OK);
	assert_int_equal(
	    store_case_file_put(f->st, f->citizen, "again.pdf", CM_PDF, b, n, t + 1, &a2), OS_OK);
	assert_int_equal(a.id, a2.id); /* the same bytes: the same file */
	assert_string_equal(a2.name, "营业执照.pdf");
	assert_int_equal(store_case_file_put(f->st, f->other, "x.pdf", CM_PDF, b, n, t, &o), OS_OK);
	assert_int_not_equal(o.id, a.id);
	assert_memory_equal(o.sha256, a.sha256, 32);
	/* content, not the name */
	const char *text = "just text\n";
	assert_int_equal(store_case_file_put(f->st, f->citizen, "x.pdf", CM_PDF,
	                                     (const unsigned char *)text, strlen(text), t, &o),
	                 OS_ERR_INVALID);
	assert_int_equal(store_case_file_put(f->st, f->citizen, "x.png", CM_PNG, b, n, t, &o),
	                 OS_ERR_INVALID);
	unsigned char *big = calloc(1, CASE_UPLOAD_MAX + 1);
	memcpy(big, b, n);
	assert_int_equal(store_case_file_put(f->st, f->citizen, "big.pdf", CM_PDF, big,
	                                     CASE_UPLOAD_MAX + 1, t, &o),
	                 OS_ERR_TOO_LARGE);
	free(big);
	/* read back */
	store_case_file meta;
	unsigned char *data;
	size_t len;
	assert_int_equal(store_case_file_get(f->st, a.id, &meta, &data, &len), OS_OK);
	assert_int_equal(len, n);
	assert_memory_equal(data, b, n);
	assert_int_equal(meta.mime, CM_PDF);
	free(data);
	store_case_file *list;
	size_t nl;
	assert_int_equal(store_case_files_of(f->st, f->citizen, &list, &nl), OS_OK);
	bool found = false;
	for (size_t i = 0; i < nl; i++)
		found |= list[i].id == a.id;
	assert_true(found);
	free(list);
	/* reuse in two cases; another owner's file cannot be attached */
	store_case_new cn = new_case(f, f->lic, CCH_ONLINE, t);
	int64_t c1 = create(f, &cn, NULL), c2 = create(f, &cn, NULL);
	const char *why;
	assert_int_equal(store_case_attach(f->st, c1, mkey("营业执照"), a.id, f->citizen, t, &why),
	                 OS_OK);
	assert_int_equal(store_case_attach(f->st, c2, mkey("营业执照"), a.id, f->citizen, t, &why),
	                 OS_OK);
	store_case_file other;
	assert_int_equal(store_case_file_put(f->st, f->other, "y.pdf", CM_PDF, b, n, t, &other),
	                 OS_OK);
	assert_int_equal(
	    store_case_attach(f->st, c1, mkey("居民身份证"), other.id, f->citizen, t, &why),
	    OS_ERR_NOT_FOUND);
	/* attaching twice is one row */
	assert_int_equal(store_case_attach(f->st, c1, mkey("营业执照"), a.id, f->citizen, t, &why),
	                 OS_OK);
	store_case_material *m;
	size_t nm;
	assert_int_equal(store_case_materials(f->st, c1, &m, &nm), OS_OK);
	assert_int_equal(nm, 3);
	assert_int_equal(m[0].file_id, 0);
	assert_int_equal(m[1].file_id, a.id);
	assert_string_equal(m[1].file_name, "营业执照.pdf");
	free(m);
}

/* ---- the recount ---- */

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return ((rnd_state >> 16) & 0x7fff) % n;
}

static void check_recount(fixture *f, store_case_fig_filter q)
{
	store_case_figures a, b;
	assert_int_equal(store_case_figures_get(f->st, &q, &a), OS_OK);
	assert_int_equal(store_case_figures_recount(f->st, &q, &b), OS_OK);
	if (memcmp(&a, &b, sizeof a) != 0)
		fail_msg(
		    "counters r%lld a%lld c%lld o%lld ov%lld != recount r%lld a%lld c%lld o%lld "
		    "ov%lld (site %lld tier %d dept %lld item %lld)",
		    (long long)a.received, (long long)a.accepted, (long long)a.completed,
		    (long long)a.on_time, (long long)a.overdue, (long long)b.received,
		    (long long)b.accepted, (long long)b.completed, (long long)b.on_time,
		    (long long)b.overdue, (long long)q.site_id, q.tier, (long long)q.department_id,
		    (long long)q.item_id);
}

/* The roll-ups (case_counters_day, case_counters_month) hold exactly the
 * sums of the detailed counters: read straight from the database file. */
static int64_t sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static void check_rollups(fixture *f)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
#define SUMS_BY(key)                                                                               \
	"SELECT " key ", site_id, department_id, sum(received), sum(accepted), sum(completed),"    \
	" sum(on_time), sum(overdue) FROM case_counters GROUP BY 1, 2, 3"
#define MONTH_OF_DAY "CAST(strftime('%Y%m', day * 86400, 'unixepoch') AS INTEGER)"
#define ROLLUP(t, key)                                                                             \
	"SELECT " key ", site_id, department_id, received, accepted, completed, on_time, overdue"  \
	" FROM " t
	static const char *const checks[] = {
	    "SELECT count(*) FROM (" SUMS_BY("day") " EXCEPT " ROLLUP("case_counters_day",
	                                                              "day") ")",
	    "SELECT count(*) FROM (" ROLLUP("case_counters_day",
	                                    "day") " EXCEPT " SUMS_BY("day") ")",
	    "SELECT count(*) FROM case_counters_day WHERE month <> " MONTH_OF_DAY,
	    "SELECT count(*) FROM (" SUMS_BY(MONTH_OF_DAY) " EXCEPT " ROLLUP("case_counters_month",
	                                                                     "month") ")",
	    "SELECT count(*) FROM (" ROLLUP("case_counters_month",
	                                    "month") " EXCEPT " SUMS_BY(MONTH_OF_DAY) ")",
	};
#undef SUMS_BY
#undef MONTH_OF_DAY
#undef ROLLUP
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
		if (sql_int(db, checks[i]) != 0)
			fail_msg("roll-up differs from the counters: %s", checks[i]);
	int64_t days = sql_int(db, "SELECT count(*) FROM case_counters_day");
	int64_t months = sql_int(db, "SELECT count(*) FROM case_counters_month");
	print_message("roll-ups: %lld detailed rows, %lld daily, %lld monthly: equal\n",
	              (long long)sql_int(db, "SELECT count(*) FROM case_counters"), (long long)days,
	              (long long)months);
	assert_true(days > 0 && months > 0 && months < days);
	sqlite3_close(db);
}

/* Every page of a list, against the order stated in SQL on the whole table
 * (deadline order: open first, then by coalesce(due, accept_due), then id). */
static void check_list(fixture *f, sqlite3 *db, store_case_filter q, const char *ref)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, ref, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", ref, sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, q.department_id ? q.department_id : q.site_id);
	if (q.applicant_id)
		sqlite3_bind_int64(st, 1, q.applicant_id);
	sqlite3_bind_int64(st, 2, q.states ? q.states : 0x7ffe);
	int64_t want[512];
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 512)
		want[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	size_t got = 0;
	q.limit = 7;
	for (q.offset = 0; q.offset <= (int64_t)n; q.offset += q.limit) {
		store_case_list l;
		assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
		assert_int_equal(l.total, (int64_t)n);
		assert_false(l.total_capped);
		for (size_t i = 0; i < l.n; i++) {
			assert_true(got < n);
			if (l.rows[i].id != want[got])
				fail_msg("list (dept %lld site %lld applicant %lld states %#x) row "
				         "%zu: %lld,"
				         " want %lld",
				         (long long)q.department_id, (long long)q.site_id,
				         (long long)q.applicant_id, q.states, got,
				         (long long)l.rows[i].id, (long long)want[got]);
			got++;
		}
		store_case_list_free(&l);
	}
	assert_int_equal(got, n);
}

static void check_lists(fixture *f)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
#define BY_DUE                                                                                     \
	" AND (?2 >> state) & 1 ORDER BY state IN (7, 12, 13, 14), coalesce(due, accept_due,"      \
	" 2147483647), id"
	const unsigned masks[] = {0,
	                          (1u << CS_ACCEPTED) | (1u << CS_REVIEW) | (1u << CS_SUSPENDED) |
	                              (1u << CS_EXTENDED) | (1u << CS_DECIDED),
	                          (1u << CS_RECEIVED) | (1u << CS_PREREVIEW) |
	                              (1u << CS_SUPPLEMENTED) | (1u << CS_NOTICE) |
	                              (1u << CS_DECIDED) | (1u << CS_COMPLETED),
	                          1u << CS_DELIVERED};
	size_t lists = 0;
	for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++) {
		for (int64_t dep = 1; dep <= 17; dep++, lists++)
			check_list(f, db,
			           (store_case_filter){
			               .department_id = dep, .states = masks[m], .by_due = true},
			           "SELECT id FROM cases WHERE department_id = ?1" BY_DUE);
		const int64_t sites[] = {f->site, f->town_site};
		for (size_t i = 0; i < 2; i++, lists += 2) {
			check_list(f, db,
			           (store_case_filter){.site_id = sites[i],
			                               .below = true,
			                               .states = masks[m],
			                               .by_due = true},
			           "SELECT id FROM cases WHERE site_id IN (SELECT id FROM sites "
			           "WHERE id = ?1"
			           " OR parent_id = ?1 OR parent_id IN (SELECT id FROM sites WHERE"
			           " parent_id = ?1))" BY_DUE);
			check_list(f, db,
			           (store_case_filter){
			               .site_id = sites[i], .states = masks[m], .by_due = true},
			           "SELECT id FROM cases WHERE site_id = ?1" BY_DUE);
		}
		const int64_t people[] = {f->citizen, f->clerk, f->other};
		for (size_t i = 0; i < 3; i++, lists++)
			check_list(
			    f, db,
			    (store_case_filter){.applicant_id = people[i], .states = masks[m]},
			    "SELECT id FROM cases WHERE (applicant_id = ?1 OR filed_by = ?1)"
			    " AND (?2 >> state) & 1 ORDER BY id DESC");
	}
#undef BY_DUE
	print_message("lists: %zu lists paged against the order in SQL\n", lists);
	sqlite3_close(db);
}

static void test_recount(void **state)
{
	fixture *f = *state;
	const int64_t items[] = {f->lic, f->imm, f->sw, f->sb};
	const int64_t sites[] = {f->site, f->town_site};
	int64_t *ids = calloc(400, sizeof *ids);
	size_t n_ids = 0;
	int64_t file = upload(f, f->citizen, 999);
	size_t n_rules;
	const case_rule *rules = case_rules(&n_rules);
	int ok = 0, refused = 0;
	os_date first = D("2026-05-04"), last = D("2026-08-31");
	for (os_date day = first; day <= last; day++) {
		int64_t t = (int64_t)day * 86400 - OS_SHANGHAI_UTC_OFFSET + 8 * 3600;
		/* new cases */
		int fresh = n_ids < 360 ? (int)rnd(8) : 0;
		for (int k = 0; k < fresh; k++) {
			case_channel ch = rnd(3) == 0 ? CCH_ONLINE : CCH_WINDOW;
			store_case_new n = new_case(f, items[rnd(4)], ch, t + k);
			if (n.item_id != f->lic)
				n.form_json = NULL; /* the other items have no form */
			n.site_id = sites[rnd(2)];
			n.window_id = 0;
			int64_t id = create(f, &n, NULL);
			ids[n_ids++] = id;
			if (ch == CCH_ONLINE && n.item_id == f->lic) {
				const char *why;
				assert_int_equal(store_case_attach(f->st, id, mkey("居民身份证"),
				                                   file, f->citizen, t, &why),
				                 OS_OK);
				assert_int_equal(store_case_attach(f->st, id, mkey("营业执照"),
				                                   file, f->citizen, t, &why),
				                 OS_OK);
			} else if (ch == CCH_ONLINE && n.item_id == f->imm) {
				const char *why;
				assert_int_equal(store_case_attach(f->st, id, mkey("居民身份证"),
				                                   file, f->citizen, t, &why),
				                 OS_OK);
			}
		}
		/* random legal actions on random cases, at increasing times */
		int moves = n_ids ? (int)rnd(48) : 0;
		for (int k = 0; k < moves; k++) {
			int64_t id = ids[rnd((unsigned)n_ids)];
			store_case c = get(f, id);
			case_state s = c.state;
			store_case_free(&c);
			const case_rule *pick[20];
			size_t np = 0;
			for (size_t i = 0; i < n_rules; i++)
				if (rules[i].from == s && rules[i].action != CA_DEEM_ACCEPT &&
				    np < 20)
					pick[np++] = &rules[i];
			if (!np)
				continue;
			const case_rule *r = pick[rnd((unsigned)np)];
			/* withdrawals and refusals rarer than progress */
			if ((r->action == CA_WITHDRAW || r->action == CA_REFUSE) && rnd(4))
				continue;
			unsigned who = r->actors & CACT_APPLICANT  ? CACT_APPLICANT
			               : r->actors & CACT_CLERK    ? CACT_CLERK
			               : r->actors & CACT_APPROVER ? CACT_APPROVER
			                                           : CACT_MANAGER;
			extra x = {.reason = "理由",
			           .notice = "[{\"material\":\"营业执照\",\"problem\":\"模糊\"}]",
			           .days = 1 + (int)rnd(10),
			           .delivery = (case_delivery)(1 + rnd(3)),
			           .tracking = "EMS0001"};
			os_err e = act(f, id, r->action, who, t + 3600 + k * 60, &x, NULL);
			if (e == OS_OK)
				ok++;
			else if (e == OS_ERR_CONFLICT || e == OS_ERR_INVALID)
				refused++; /* complete_now of a promised item, a deemed case ... */
			else
				fail_msg("%s: %d %s", case_action_key(r->action), e,
				         f->why ? f->why : "");
		}
		/* the nightly sweep on most days */
		if (rnd(3)) {
			int dm, ov;
			assert_int_equal(
			    store_cases_sweep(f->st, day, t + 15 * 3600, 1000, &dm, &ov), OS_OK);
		}
	}
	print_message("recount: %zu cases, %d actions, %d refused\n", n_ids, ok, refused);
	assert_true(n_ids >= 300);
	assert_true(ok > 500);
	/* the whole period, months, departments, sites, tiers, items */
	store_case_fig_filter q = {.from = D("2026-01-01"), .to = D("2026-12-31")};
	check_recount(f, q);
	store_case_figures all;
	assert_int_equal(store_case_figures_get(f->st, &q, &all), OS_OK);
	print_message(
	    "recount: received %lld accepted %lld completed %lld on time %lld overdue %lld\n",
	    (long long)all.received, (long long)all.accepted, (long long)all.completed,
	    (long long)all.on_time, (long long)all.overdue);
	assert_true(all.received > 250);
	assert_true(all.completed > 30);
	assert_true(all.overdue > 0);
	assert_true(all.on_time > 0);
	const char *months[][2] = {{"2026-05-01", "2026-05-31"}, {"2026-06-01", "2026-06-30"},
	                           {"2026-07-01", "2026-07-31"}, {"2026-08-01", "2026-08-31"},
	                           {"2026-06-10", "2026-06-10"}, {"2026-09-01", "2026-12-31"}};
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
		check_recount(
		    f, (store_case_fig_filter){.from = D(months[i][0]), .to = D(months[i][1])});
	for (int64_t dep = 1; dep <= 17; dep++)
		check_recount(
		    f, (store_case_fig_filter){.from = q.from, .to = q.to, .department_id = dep});
	for (size_t i = 0; i < 2; i++)
		check_recount(
		    f, (store_case_fig_filter){.from = q.from, .to = q.to, .site_id = sites[i]});
	for (int tier = 1; tier <= 3; tier++)
		check_recount(f, (store_case_fig_filter){.from = q.from, .to = q.to, .tier = tier});
	for (size_t i = 0; i < 4; i++)
		check_recount(f, (store_case_fig_filter){.from = D("2026-06-01"),
		                                         .to = D("2026-07-15"),
		                                         .item_id = items[i]});
	/* the groups add up to the total */
	const char *groups[] = {"department", "site", "tier", "month"};
	for (size_t g = 0; g < 4; g++) {
		store_case_fig_row *rows;
		size_t nr;
		assert_int_equal(store_case_figures_by(f->st, &q, groups[g], &rows, &nr), OS_OK);
		store_case_figures sum = {0};
		for (size_t i = 0; i < nr; i++) {
			sum.received += rows[i].f.received;
			sum.completed += rows[i].f.completed;
			sum.overdue += rows[i].f.overdue;
			assert_true(rows[i].name[0] != '\0');
		}
		assert_int_equal(sum.received, all.received);
		assert_int_equal(sum.completed, all.completed);
		assert_int_equal(sum.overdue, all.overdue);
		free(rows);
	}
	store_case_fig_row *rows;
	size_t nr;
	assert_int_equal(store_case_figures_by(f->st, &q, "weekday", &rows, &nr), OS_ERR_INVALID);
	/* figures over ranges that cut months: monthly rows plus daily edges */
	const char *cuts[][2] = {{"2026-05-15", "2026-08-10"},
	                         {"2026-06-01", "2026-08-10"},
	                         {"2026-05-15", "2026-08-31"},
	                         {"2026-06-30", "2026-07-01"},
	                         {"2025-12-31", "2027-01-01"}};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		store_case_fig_filter cq = {.from = D(cuts[i][0]), .to = D(cuts[i][1])};
		check_recount(f, cq);
		cq.site_id = f->town_site;
		check_recount(f, cq);
		cq.site_id = 0;
		cq.department_id = 1;
		check_recount(f, cq);
	}
	check_rollups(f);
	check_lists(f);
	free(ids);
}

/* ---- personal data at rest ---- */

static void test_personal_data_sealed(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-09-01", 9, 0);
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, t);
	int64_t id = create(f, &n, NULL);
	/* a file whose bytes hold a recognisable text */
	unsigned char b[256];
	int len = snprintf((char *)b, sizeof b, "%%PDF-1.7\nSECRET-CONTENT-4711 %s\n%%%%EOF\n",
	                   PERSON_ID);
	store_case_file file;
	assert_int_equal(
	    store_case_file_put(f->st, f->citizen, "a.pdf", CM_PDF, b, (size_t)len, t, &file),
	    OS_OK);
	store_case c;
	assert_int_equal(store_case_get(f->st, id, true, &c), OS_OK);
	assert_string_equal(c.phone, PERSON_PHONE);
	store_case_free(&c);
	/* lists are masked */
	store_case_filter q = {.site_id = f->site, .limit = 5};
	store_case_list l;
	assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
	assert_true(l.n > 0);
	for (size_t i = 0; i < l.n; i++) {
		assert_null(strstr(l.rows[i].id_number, "19850315"));
		assert_null(strstr(l.rows[i].phone, "0744"));
	}
	store_case_list_free(&l);
	assert_int_equal(store_checkpoint(f->st), OS_OK);
	const char *needles[] = {PERSON_ID, PERSON_PHONE, PERSON_NAME, "解放路88号",
	                         "SECRET-CONTENT-4711"};
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_int_equal(pii_file_clean(f->path, needles, sizeof needles / sizeof needles[0]), 1);
	pii_file_clean(wal, needles, sizeof needles / sizeof needles[0]);
}

static void test_lists(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-09-02", 9, 0);
	store_case_new n = new_case(f, f->lic, CCH_WINDOW, t);
	n.site_id = f->town_site;
	n.window_id = 0;
	int64_t a = create(f, &n, NULL);
	n.now = t + 60;
	int64_t b = create(f, &n, NULL);
	store_case c = get(f, a);
	assert_non_null(strstr(c.no, "-20260902-000001"));
	store_case_free(&c);
	assert_int_equal(store_case_by_no(f->st, "nope", false, &c), OS_ERR_NOT_FOUND);
	c = get(f, b);
	store_case byno;
	assert_int_equal(store_case_by_no(f->st, c.no, false, &byno), OS_OK);
	assert_int_equal(byno.id, b);
	store_case_free(&byno);
	store_case_free(&c);
	store_case_filter q = {
	    .site_id = f->town_site, .states = 1u << CS_RECEIVED, .by_due = true, .limit = 10};
	store_case_list l;
	assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
	assert_int_equal(l.total, 2);
	assert_int_equal(l.rows[0].id, a);
	store_case_list_free(&l);
	q.by_due = false;
	assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
	assert_int_equal(l.rows[0].id, b); /* newest first */
	store_case_list_free(&l);
	q.states = 1u << CS_DELIVERED;
	assert_int_equal(store_cases_list(f->st, &q, &l), OS_OK);
	assert_int_equal(l.total, 0);
	store_case_list_free(&l);
}

/* ---- the form against the item's fields; enterprises; idempotency ---- */

static void test_form_checked(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-02-09", 10, 0);
	store_case c;
	/* on create: unknown names, wrong types, missing required fields;
	 * nothing is stored */
	store_case_new n = new_case(f, f->lic, CCH_ONLINE, t);
	n.form_json = "{\"shop\":\"小店\",\"boss\":\"x\"}";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form.boss:"));
	n.form_json = "{\"shop\":\"小店\",\"opened\":\"2026-02-30\"}";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form.opened:"));
	n.form_json = "{\"staff\":\"3\"}";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form.shop:"));
	n.form_json = "{\"shop\":\"小店\",\"holder_id\":\"430802198503151230\"}";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form.holder_id:"));
	store_case_list l;
	store_case_filter cf = {.applicant_id = f->citizen};
	assert_int_equal(store_cases_list(f->st, &cf, &l), OS_OK);
	assert_int_equal(l.total, 0);
	store_case_list_free(&l);

	/* a draft without a form: checked on submit, before the materials */
	n.form_json = NULL;
	int64_t id = create(f, &n, NULL);
	assert_int_equal(act(f, id, CA_SUBMIT, CACT_APPLICANT, t, NULL, NULL), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "form.shop:"));
	/* the owner edits the draft's form: checked, only his, only a draft */
	const char *why = NULL;
	assert_int_equal(store_case_form_set(f->st, id, f->citizen, "{\"shop\":\"\",\"tel\":\"x\"}",
	                                     t, day_of(t), &c, &why),
	                 OS_ERR_INVALID);
	assert_non_null(strstr(why, "form.shop:"));
	assert_int_equal(
	    store_case_form_set(f->st, id, f->other, "{\"shop\":\"小店\"}", t, day_of(t), &c, &why),
	    OS_ERR_NOT_FOUND);
	assert_int_equal(store_case_form_set(f->st, id, f->citizen,
	                                     "{\"shop\":\"小店\",\"staff\":\"3\"}", t, day_of(t),
	                                     &c, &why),
	                 OS_OK);
	assert_string_equal(c.form_json, "{\"shop\":\"小店\",\"staff\":\"3\"}");
	store_case_free(&c);
	/* the submit's own corrected form replaces the draft's */
	int64_t idf = upload(f, f->citizen, 1), lic = upload(f, f->citizen, 2);
	assert_int_equal(store_case_attach(f->st, id, mkey("居民身份证"), idf, f->citizen, t, &why),
	                 OS_OK);
	assert_int_equal(store_case_attach(f->st, id, mkey("营业执照"), lic, f->citizen, t, &why),
	                 OS_OK);
	store_case_act sa = {.case_id = id,
	                     .action = CA_SUBMIT,
	                     .actor = CACT_APPLICANT,
	                     .actor_id = f->citizen,
	                     .actor_role = "citizen",
	                     .form_json = "{\"shop\":\"小店\",\"staff\":\"many\"}",
	                     .now = t,
	                     .today = day_of(t),
	                     .cal = f->cal};
	assert_int_equal(store_case_apply(f->st, &sa, &c, &why), OS_ERR_INVALID);
	assert_non_null(strstr(why, "form.staff:"));
	sa.form_json = "{\"shop\":\"小明便利店\",\"chain\":true}";
	assert_int_equal(store_case_apply(f->st, &sa, &c, &why), OS_OK);
	assert_int_equal(c.state, CS_PREREVIEW);
	assert_string_equal(c.form_json, "{\"shop\":\"小明便利店\",\"chain\":true}");
	store_case_free(&c);
	assert_int_equal(
	    store_case_form_set(f->st, id, f->citizen, "{\"shop\":\"改\"}", t, day_of(t), &c, &why),
	    OS_ERR_CONFLICT);

	/* an enterprise at the window: its credit code, masked as a code */
	char uscc[19] = "91430802MA4L0001A";
	uscc[17] = os_uscc_check_char(uscc);
	n = new_case(f, f->lic, CCH_WINDOW, t);
	n.id_number = uscc;
	id = create(f, &n, &c);
	assert_memory_equal(c.id_number, "91430802******", 14);
	store_case_free(&c);
	assert_int_equal(store_case_get(f->st, id, true, &c), OS_OK);
	assert_string_equal(c.id_number, uscc);
	store_case_free(&c);
	n.id_number = "91430802MA4L0001AA";
	assert_int_equal(store_case_create(f->st, &n, &c, &f->why), OS_ERR_INVALID);
	assert_non_null(strstr(f->why, "id_number"));
}

static void test_idem_release_keeps_resources(void **state)
{
	fixture *f = *state;
	int64_t t = cst("2026-04-01", 9, 0);
	unsigned char h[32];
	memset(h, 3, 32);
	store_idem_state s;
	int status;
	char *resp = NULL;
	int64_t res;
	const char *route = "POST /api/v1/cases";
	assert_int_equal(
	    store_idem_claim(f->st, f->citizen, "r-1", route, h, t, 30, &s, &status, &resp, &res),
	    OS_OK);
	assert_int_equal(s, IDEM_NEW);
	store_case_new n = new_case(f, f->lic, CCH_ONLINE, t);
	n.idem_user = f->citizen;
	n.idem_key = "r-1";
	int64_t id = create(f, &n, NULL);
	/* the work committed, then the response failed: the release must not
	 * drop the claim, or a retry would file a second case */
	assert_int_equal(store_idem_release(f->st, f->citizen, "r-1"), OS_OK);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "r-1", route, h, t + 600, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_RESOURCE);
	assert_int_equal(res, id);
	/* a stored answer is kept too */
	assert_int_equal(store_idem_finish(f->st, f->citizen, "r-1", 201, "{}"), OS_OK);
	assert_int_equal(store_idem_release(f->st, f->citizen, "r-1"), OS_OK);
	assert_int_equal(store_idem_claim(f->st, f->citizen, "r-1", route, h, t + 700, 30, &s,
	                                  &status, &resp, &res),
	                 OS_OK);
	assert_int_equal(s, IDEM_REPLAY);
	free(resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_online_licensing_to_postal_delivery, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_window_immediate_item, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_checked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_idem_release_keeps_resources, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_withdraw_and_refuse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_illegal_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deemed_acceptance_and_overdue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_idempotency, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bundle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recount, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_personal_data_sealed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
