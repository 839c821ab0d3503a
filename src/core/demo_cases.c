/* demo_cases.c - the demo year of cases (see demo_cases.h). */
#include "core/demo_cases.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/ident.h"
#include "core/mem.h"

/* Department shares (per mille), by the department's code in the demo
 * district (src/core/demo.c). A county-level hall's volume is dominated by
 * the "people's livelihood" departments, and the weights follow what such
 * halls publish about their own traffic:
 *   - 社保 social security (205): the largest: insurance enrolment and
 *     transfers, pension qualification checks, social security cards,
 *     unemployment and work-injury benefits; every resident is concerned,
 *     several times a year.
 *   - 医保 medical insurance (160): the yearly resident insurance enrolment
 *     (December), reimbursements, transfers, chronic-disease certificates.
 *   - 税务 tax (140): invoices, registrations, individual income tax and
 *     property-transfer tax at the windows, small-business declarations.
 *   - 公安 public security (110): household registration (户籍) moves and
 *     certificates, ID cards, residence permits, vehicle and licence matters.
 *   - 不动产 real estate (90): transfers, mortgages and their cancellation,
 *     certificates for new flats; registration is one of the busiest areas
 *     (7 windows at the center).
 *   - 市监 market supervision (80): business registration (设立/变更/注销),
 *     food business licences, records; Yongding registers several thousand
 *     market entities a year, with far more changes than creations.
 *   - 公积金 housing provident fund (60): withdrawals, loans, transfers.
 *   - 民政 civil affairs (40): marriage registration, subsistence allowances,
 *     elderly and child welfare.
 *   - 农业 agriculture (25), 卫健 health (20), 残联 disabled persons (15),
 *     交通 transport (15), 住建 housing and construction (15), 自然资源
 *     natural resources (10), 教育 education (8), 退役军人 veterans (5),
 *     邮政 post (2, its own items only; the mailing of certificates is part
 *     of the other departments' cases).
 * They add up to 1000. A department of another catalog gets 5. */
static const struct {
	const char *code;
	int permille;
} dept_weights[] = {
    {"YD-SB", 205}, {"YD-YB", 160}, {"YD-SW", 140}, {"YD-GA", 110}, {"YD-BDC", 90}, {"YD-SJ", 80},
    {"YD-GJJ", 60}, {"YD-MZ", 40},  {"YD-NY", 25},  {"YD-WJ", 20},  {"YD-CL", 15},  {"YD-JT", 15},
    {"YD-ZJ", 15},  {"YD-ZR", 10},  {"YD-JY", 8},   {"YD-TY", 5},   {"YD-YZ", 2},
};
#define DEPT_DEFAULT_WEIGHT 5

/* Channels (per cent) before the item's own channels restrict them: the
 * window still takes the largest share of a district's cases; online (PC)
 * and mobile (掌上办) together about half; proxy service (帮代办) for the
 * elderly, the disabled and remote villages a small but real share. */
static const struct {
	case_channel ch;
	unsigned cat_bit;
	int weight;
} channel_weights[] = {
    {CCH_WINDOW, CAT_CH_WINDOW, 42},
    {CCH_ONLINE, CAT_CH_ONLINE, 35},
    {CCH_MOBILE, CAT_CH_MOBILE, 15},
    {CCH_PROXY, CAT_CH_PROXY, 8},
};

/* Where the case is received, by channel (per cent for the district center,
 * the 24 township/street centers, the 258 village/community stations),
 * before the item's acceptance tiers restrict them. Online cases are handled
 * by the center or the township that decides them; villages accept and
 * forward at their one window and do most of the proxy work. */
static const int tier_weights[CCH__COUNT][4] = {
    [CCH_ONLINE] = {0, 80, 20, 0},
    [CCH_WINDOW] = {0, 50, 35, 15},
    [CCH_PROXY] = {0, 20, 30, 50},
    [CCH_MOBILE] = {0, 80, 20, 0},
};

#define DAY_SECONDS 86400
#define MIN         60
#define HOUR        3600

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next64(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double unif(rng *r)
{
	return (double)(next64(r) >> 11) * 0x1.0p-53;
}

/* 0 .. n-1 */
static int64_t below(rng *r, int64_t n)
{
	if (n <= 1)
		return 0;
	int64_t v = (int64_t)(unif(r) * (double)n);
	return v >= n ? n - 1 : v;
}

static int64_t between(rng *r, int64_t lo, int64_t hi)
{
	return lo + below(r, hi - lo + 1);
}

/* Index of the first cumulative weight above a uniform draw. */
static size_t pick_cum(rng *r, const double *cum, size_t n)
{
	if (n == 0)
		return 0;
	double x = unif(r) * cum[n - 1];
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

typedef struct dept_pool {
	int64_t id;
	size_t *items; /* indices into in->items, catalog order */
	double *cum;   /* Zipf weights, cumulative */
	size_t n;
} dept_pool;

struct demo_cases {
	demo_cases_in in;
	rng r;
	os_date first, last_work;
	/* days of the year: cases per day and the acceptance deadline */
	int64_t per_day[DEMO_CASES_DAYS];
	os_date accept_due[DEMO_CASES_DAYS];
	int day; /* index of the day being handed out */
	/* the year's working days, and for each day of the year the index of
	 * the first working day on or after it (the clock's arithmetic within
	 * the year, without asking the calendar for every case) */
	os_date wd[DEMO_CASES_DAYS];
	int n_wd;
	int wpos[DEMO_CASES_DAYS];
	/* decision deadlines, memoised by (day of the year, limit): 0 unknown,
	 * -1 the calendar cannot say */
	os_date *due_memo;
	/* departments with items */
	dept_pool *depts;
	size_t n_depts;
	double *dept_cum;
	/* sites by tier, townships weighted by their villages */
	size_t *tier_sites[4];
	double *tier_cum[4];
	size_t tier_n[4];
	/* windows grouped by site: win_first[s] .. +win_n[s] in win_idx */
	size_t *win_idx, *win_first, *win_n;
	/* the applicant pool */
	int64_t pool;
	/* the current day's cases, sorted by receipt time */
	demo_case *buf;
	size_t buf_n, buf_pos, buf_cap;
	int64_t *seq; /* per site: the daily sequence */
	int64_t produced;
};

int demo_cases_dept_weight(const char *code)
{
	for (size_t i = 0; i < sizeof dept_weights / sizeof dept_weights[0]; i++)
		if (!strcmp(dept_weights[i].code, code))
			return dept_weights[i].permille;
	return DEPT_DEFAULT_WEIGHT;
}

/* ---- applicants ---- */
static const char *const surnames[] = {
    "张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "覃", "向", "田", "彭", "谷",
    "卓", "龚", "唐", "邓", "宋", "朱", "胡", "熊", "符", "钟", "侯", "郭", "罗", "易", "全",
};
/* the Tujia and Bai surnames of Zhangjiajie (覃 向 田 彭 谷 卓) weigh more */
static const int surname_w[] = {
    9, 8, 8, 6, 6, 5, 4, 4, 4, 4, 6, 6, 6, 6, 3, 3, 3, 3, 3, 2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1,
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "英", "华", "玉", "兰", "平", "刚", "桂", "红", "建", "文", "辉", "林",
    "志", "春", "海", "云", "霞", "斌", "鹏", "宇", "浩", "晨", "欣", "怡", "雪", "婷", "俊",
    "峰", "波", "梅", "琳", "丹", "德", "福", "贵", "荣", "清", "远", "鑫", "凤", "家", "国",
};
/* Yongding and the neighbouring divisions of Zhangjiajie (GB/T 2260) */
static const char *const divisions[] = {"430802", "430802", "430802", "430802", "430802",
                                        "430802", "430802", "430811", "430821", "430822"};
static const char *const mobile_prefix[] = {"138", "139", "135", "136", "137", "150", "151",
                                            "152", "158", "159", "182", "183", "187", "188",
                                            "130", "131", "132", "155", "156", "185", "186",
                                            "133", "153", "180", "189", "177", "199", "173"};

void demo_cases_person(uint64_t seed, int64_t p, os_date today, char name[DEMO_CASES_NAME],
                       char id_number[DEMO_CASES_ID], char phone[DEMO_CASES_PHONE])
{
	rng r = {seed ^ ((uint64_t)p * 0xD1B54A32D192ED03ull) ^ 0x5EEDull};
	next64(&r);
	int total = 0;
	for (size_t i = 0; i < sizeof surname_w / sizeof surname_w[0]; i++)
		total += surname_w[i];
	int x = (int)below(&r, total);
	size_t s = 0;
	while (x >= surname_w[s]) {
		x -= surname_w[s];
		s++;
	}
	const size_t ng = sizeof given / sizeof given[0];
	if (below(&r, 10) < 7)
		snprintf(name, DEMO_CASES_NAME, "%s%s%s", surnames[s],
		         given[below(&r, (int64_t)ng)], given[below(&r, (int64_t)ng)]);
	else
		snprintf(name, DEMO_CASES_NAME, "%s%s", surnames[s], given[below(&r, (int64_t)ng)]);
	/* born 18 to 85 years before today */
	os_date birth = today - (os_date)between(&r, 18 * 365 + 5, 85 * 365);
	int y, m, d;
	os_date_to_ymd(birth, &y, &m, &d);
	char digits[18];
	snprintf(digits, sizeof digits, "%s%04d%02d%02d%03d",
	         divisions[below(&r, sizeof divisions / sizeof divisions[0])], y, m, d,
	         (int)between(&r, 1, 999));
	snprintf(id_number, DEMO_CASES_ID, "%s%c", digits, os_id_check_char(digits));
	snprintf(phone, DEMO_CASES_PHONE, "%s%08lld",
	         mobile_prefix[below(&r, sizeof mobile_prefix / sizeof mobile_prefix[0])],
	         (long long)below(&r, 100000000));
}

/* ---- the year ---- */
/* Relative traffic of a working day: Mondays carry the weekend's backlog;
 * February has the Spring Festival, October the Golden Week; March (after
 * the festival: registrations, social security), July (graduates: household
 * registration, provident fund), September (school enrolment) and December
 * (the resident medical insurance enrolment ends) are busy. A make-up
 * Saturday or Sunday is quieter than an ordinary day. */
static double day_weight(os_date d, bool weekend)
{
	static const double month_w[13] = {0,    1.00, 0.80, 1.25, 1.05, 0.95, 1.00,
	                                   1.10, 1.00, 1.10, 0.85, 0.95, 1.15};
	static const double wday_w[8] = {0, 1.25, 1.05, 1.00, 0.95, 0.90, 0.80, 0.80};
	int y, m, dd;
	os_date_to_ymd(d, &y, &m, &dd);
	return month_w[m] * (weekend ? 0.8 : wday_w[os_date_weekday(d)]);
}

typedef struct frac {
	double f;
	int day;
} frac;

static int frac_cmp(const void *a, const void *b)
{
	const frac *x = a, *y = b;
	if (x->f != y->f)
		return x->f > y->f ? -1 : 1;
	return x->day - y->day;
}

static int64_t shanghai_midnight(os_date d)
{
	return (int64_t)d * DAY_SECONDS - OS_SHANGHAI_UTC_OFFSET;
}

static os_err plan_days(demo_cases *g, const char **why)
{
	double w[DEMO_CASES_DAYS], total = 0;
	for (int i = 0; i < DEMO_CASES_DAYS; i++) {
		os_date d = g->first + i;
		bool work = false;
		w[i] = 0;
		if (os_calendar_is_workday(g->in.cal, d, &work, NULL) || !work)
			continue;
		/* a day whose acceptance period the calendar cannot compute
		 * (the next year's notice is not out) takes no case */
		if (case_accept_due(g->in.cal, shanghai_midnight(d) + 9 * HOUR, &g->accept_due[i],
		                    NULL))
			continue;
		w[i] = day_weight(d, os_date_weekday(d) >= 6);
		total += w[i];
		g->last_work = d;
	}
	/* the working days (those with a computable acceptance period) */
	for (int i = 0; i < DEMO_CASES_DAYS; i++)
		if (w[i] > 0)
			g->wd[g->n_wd++] = g->first + i;
	for (int i = 0, k = 0; i < DEMO_CASES_DAYS; i++) {
		while (k < g->n_wd && g->wd[k] < g->first + i)
			k++;
		g->wpos[i] = k;
	}
	if (total <= 0) {
		*why = "the calendar knows no working day of the year (publish its notice first)";
		return OS_ERR_INVALID;
	}
	/* largest remainder: the days add up to exactly n */
	frac fr[DEMO_CASES_DAYS];
	int64_t sum = 0;
	for (int i = 0; i < DEMO_CASES_DAYS; i++) {
		double q = (double)g->in.n * w[i] / total;
		g->per_day[i] = (int64_t)floor(q);
		sum += g->per_day[i];
		fr[i] = (frac){w[i] > 0 ? q - floor(q) : -1, i};
	}
	qsort(fr, DEMO_CASES_DAYS, sizeof fr[0], frac_cmp);
	for (int k = 0; sum < g->in.n; k = (k + 1) % DEMO_CASES_DAYS) {
		if (fr[k].f < 0)
			continue;
		g->per_day[fr[k].day]++;
		sum++;
	}
	return OS_OK;
}

static int64_t site_index_of(const demo_cases *g, int64_t site_id)
{
	for (size_t i = 0; i < g->in.n_sites; i++)
		if (g->in.sites[i].id == site_id)
			return (int64_t)i;
	return -1;
}

static void plan_sites(demo_cases *g)
{
	const demo_cases_in *in = &g->in;
	size_t *children = os_calloc(in->n_sites + 1, sizeof *children);
	for (size_t i = 0; i < in->n_sites; i++) {
		int64_t p = in->sites[i].parent_id ? site_index_of(g, in->sites[i].parent_id) : -1;
		if (p >= 0)
			children[p]++;
	}
	for (int t = 1; t <= 3; t++) {
		g->tier_sites[t] = os_calloc(in->n_sites + 1, sizeof(size_t));
		g->tier_cum[t] = os_calloc(in->n_sites + 1, sizeof(double));
		double acc = 0;
		for (size_t i = 0; i < in->n_sites; i++) {
			if ((int)in->sites[i].tier != t)
				continue;
			/* a township's traffic grows with the villages it serves */
			acc += t == TIER_TOWNSHIP ? 2.0 + (double)children[i] : 1.0;
			g->tier_sites[t][g->tier_n[t]] = i;
			g->tier_cum[t][g->tier_n[t]++] = acc;
		}
	}
	free(children);
	/* windows by site */
	g->win_idx = os_calloc(in->n_windows + 1, sizeof(size_t));
	g->win_first = os_calloc(in->n_sites + 1, sizeof(size_t));
	g->win_n = os_calloc(in->n_sites + 1, sizeof(size_t));
	size_t k = 0;
	for (size_t s = 0; s < in->n_sites; s++) {
		g->win_first[s] = k;
		for (size_t w = 0; w < in->n_windows; w++)
			if (in->windows[w].site_id == in->sites[s].id)
				g->win_idx[k++] = w;
		g->win_n[s] = k - g->win_first[s];
	}
}

static void plan_depts(demo_cases *g)
{
	const demo_cases_in *in = &g->in;
	g->depts = os_calloc(in->n_depts + 1, sizeof *g->depts);
	g->dept_cum = os_calloc(in->n_depts + 1, sizeof(double));
	double acc = 0;
	for (size_t d = 0; d < in->n_depts; d++) {
		dept_pool *p = &g->depts[g->n_depts];
		p->id = in->depts[d].id;
		p->items = os_calloc(in->n_items + 1, sizeof(size_t));
		p->cum = os_calloc(in->n_items + 1, sizeof(double));
		double c = 0;
		for (size_t i = 0; i < in->n_items; i++) {
			if (in->items[i].department_id != p->id)
				continue;
			/* Zipf: the k-th item of the department weighs 1/k */
			c += 1.0 / (double)(p->n + 1);
			p->items[p->n] = i;
			p->cum[p->n++] = c;
		}
		if (!p->n) {
			free(p->items);
			free(p->cum);
			memset(p, 0, sizeof *p);
			continue;
		}
		acc += demo_cases_dept_weight(in->depts[d].code);
		g->dept_cum[g->n_depts++] = acc;
	}
}

os_err demo_cases_new(const demo_cases_in *in, demo_cases **out, const char **why)
{
	*out = NULL;
	*why = NULL;
	if (in->n < 0 || in->n > DEMO_CASES_MAX) {
		*why = "n must be 0..2000000";
		return OS_ERR_INVALID;
	}
	if (!in->cal || !in->n_items || !in->n_sites || !in->n_depts) {
		*why = "the demo year needs a calendar, items, sites and departments";
		return OS_ERR_INVALID;
	}
	demo_cases *g = os_calloc(1, sizeof *g);
	g->in = *in;
	g->r.s = in->seed ? in->seed : 0x0DE30C45E5ull;
	g->first = in->last_day - (DEMO_CASES_DAYS - 1);
	g->pool = in->n * 55 / 100 > 0 ? in->n * 55 / 100 : 1;
	os_err e = plan_days(g, why);
	if (!e) {
		plan_sites(g);
		plan_depts(g);
		if (!g->n_depts) {
			*why = "no department has an item";
			e = OS_ERR_INVALID;
		} else if (!g->tier_n[TIER_DISTRICT] && !g->tier_n[TIER_TOWNSHIP] &&
		           !g->tier_n[TIER_VILLAGE]) {
			*why = "no site to receive cases";
			e = OS_ERR_INVALID;
		}
	}
	if (e) {
		demo_cases_free(g);
		return e;
	}
	g->seq = os_calloc(in->n_sites + 1, sizeof(int64_t));
	g->due_memo = os_calloc((size_t)DEMO_CASES_DAYS * (CAT_MAX_DAYS + 1), sizeof(os_date));
	g->day = -1;
	*out = g;
	return OS_OK;
}

void demo_cases_free(demo_cases *g)
{
	if (!g)
		return;
	for (size_t d = 0; d < g->n_depts; d++) {
		free(g->depts[d].items);
		free(g->depts[d].cum);
	}
	free(g->depts);
	free(g->dept_cum);
	for (int t = 0; t < 4; t++) {
		free(g->tier_sites[t]);
		free(g->tier_cum[t]);
	}
	free(g->win_idx);
	free(g->win_first);
	free(g->win_n);
	free(g->buf);
	free(g->seq);
	free(g->due_memo);
	free(g);
}

int64_t demo_cases_count(const demo_cases *g)
{
	return g->produced;
}

os_date demo_cases_first_day(const demo_cases *g)
{
	return g->first;
}

/* ---- one case ---- */
static case_channel pick_channel(rng *r, unsigned channels)
{
	int total = 0;
	for (size_t i = 0; i < sizeof channel_weights / sizeof channel_weights[0]; i++)
		if (channels & channel_weights[i].cat_bit)
			total += channel_weights[i].weight;
	if (!total)
		return CCH_WINDOW;
	int x = (int)below(r, total);
	for (size_t i = 0; i < sizeof channel_weights / sizeof channel_weights[0]; i++) {
		if (!(channels & channel_weights[i].cat_bit))
			continue;
		if (x < channel_weights[i].weight)
			return channel_weights[i].ch;
		x -= channel_weights[i].weight;
	}
	return CCH_WINDOW;
}

static int pick_tier(const demo_cases *g, rng *r, case_channel ch, unsigned accept_tiers)
{
	int w[4] = {0}, total = 0;
	for (int t = 1; t <= 3; t++) {
		bool ok = g->tier_n[t] && (!accept_tiers || (accept_tiers & CAT_TIER_BIT(t)));
		w[t] = ok ? tier_weights[ch][t] : 0;
		total += w[t];
	}
	if (!total) /* the channel's tiers are not the item's: any tier it allows */
		for (int t = 1; t <= 3; t++) {
			bool ok =
			    g->tier_n[t] && (!accept_tiers || (accept_tiers & CAT_TIER_BIT(t)));
			w[t] = ok ? 1 : 0;
			total += w[t];
		}
	if (!total)
		for (int t = 1; t <= 3; t++)
			if (g->tier_n[t])
				return t;
	int x = (int)below(r, total);
	for (int t = 1; t <= 3; t++) {
		if (x < w[t])
			return t;
		x -= w[t];
	}
	return TIER_DISTRICT;
}

/* The window that receives it: a proxy window for proxy filings at the
 * center, the department's window, else a comprehensive one (无差别受理),
 * else any window of the site; 0 online. */
static int64_t pick_window(const demo_cases *g, rng *r, size_t s, case_channel ch, int64_t dept)
{
	if (ch == CCH_ONLINE || ch == CCH_MOBILE || !g->win_n[s])
		return 0;
	const size_t *ws = g->win_idx + g->win_first[s];
	size_t n = g->win_n[s];
	for (int pass = 0; pass < 3; pass++) {
		size_t cand[128], k = 0;
		for (size_t i = 0; i < n && k < sizeof cand / sizeof cand[0]; i++) {
			const demo_cases_window *w = &g->in.windows[ws[i]];
			bool ok = pass == 0   ? (ch == CCH_PROXY ? w->kind == WINDOW_PROXY
			                                         : w->kind == WINDOW_DEPARTMENT &&
                                                                     w->department_id == dept)
			          : pass == 1 ? w->kind == WINDOW_COMPREHENSIVE
			                      : true;
			if (ok)
				cand[k++] = ws[i];
		}
		if (k)
			return g->in.windows[cand[below(r, (int64_t)k)]].id;
	}
	return 0;
}

static case_delivery pick_delivery(rng *r, bool online, bool immediate)
{
	int x = (int)below(r, 100);
	if (immediate)
		return online ? (x < 90 ? CDL_ELECTRONIC : CDL_POST)
		              : (x < 85 ? CDL_PICKUP : CDL_ELECTRONIC);
	if (online)
		return x < 55 ? CDL_ELECTRONIC : x < 90 ? CDL_POST : CDL_PICKUP;
	return x < 45 ? CDL_PICKUP : x < 75 ? CDL_POST : CDL_ELECTRONIC;
}

/* The time of a receipt: window hours 08:30-12:00 and 14:30-17:30, online
 * 07:00-19:00. */
static int64_t receipt_time(rng *r, os_date d, bool online)
{
	int64_t base = shanghai_midnight(d), sec;
	if (online)
		sec = between(r, 7 * HOUR, 19 * HOUR);
	else if (below(r, 10) < 6)
		sec = between(r, 8 * HOUR + 30 * MIN, 12 * HOUR - 10 * MIN);
	else
		sec = between(r, 14 * HOUR + 30 * MIN, 17 * HOUR + 30 * MIN - 10 * MIN);
	return base + sec;
}

static os_date date_of(int64_t t)
{
	os_date d = 0;
	os_date_from_unix(t, &d);
	return d;
}

/* The decision deadline of a case accepted at `at` on `acc` (a working day
 * of the year) with `limit` days: case_decision_due(), memoised. */
static bool decision_due(demo_cases *g, os_date acc, int64_t at, int limit, os_date *due)
{
	if (limit < 0 || limit > CAT_MAX_DAYS)
		return case_decision_due(g->in.cal, at, limit, due, NULL) == OS_OK;
	os_date *m = &g->due_memo[(size_t)(acc - g->first) * (CAT_MAX_DAYS + 1) + (size_t)limit];
	if (*m == 0)
		*m = case_decision_due(g->in.cal, at, limit, due, NULL) ? -1 : *due;
	*due = *m;
	return *m != -1;
}

static void make_case(demo_cases *g, int day, demo_case *c)
{
	rng *r = &g->r;
	const demo_cases_in *in = &g->in;
	os_date d = g->first + day;
	memset(c, 0, sizeof *c);
	const dept_pool *dp = &g->depts[pick_cum(r, g->dept_cum, g->n_depts)];
	const demo_cases_item *it = &in->items[dp->items[pick_cum(r, dp->cum, dp->n)]];
	c->item_id = it->id;
	c->item_version = it->version;
	c->department_id = it->department_id;
	c->channel = pick_channel(r, it->channels);
	int tier = pick_tier(g, r, c->channel, it->accept_tiers);
	c->site_index = g->tier_sites[tier][pick_cum(r, g->tier_cum[tier], g->tier_n[tier])];
	c->site_id = in->sites[c->site_index].id;
	c->window_id = pick_window(g, r, c->site_index, c->channel, c->department_id);
	bool online = c->channel == CCH_ONLINE || c->channel == CCH_MOBILE;
	c->immediate = it->immediate;
	c->received_at = receipt_time(r, d, online);
	c->received_on = d;
	c->accept_due = g->accept_due[day];
	if (!c->immediate) {
		c->limit_days = it->promised_days > 0 ? it->promised_days : CASE_DEFAULT_DAYS;
		/* acceptance: at once at a window; after the online pre-review
		 * within one or two working days (never after the year) */
		int ia = g->wpos[day]; /* d itself: a working day of wd[] */
		if (online) {
			int k = below(r, 10) < 7 ? 1 : 2;
			if (ia + k < g->n_wd)
				ia += k;
		}
		os_date acc = g->wd[ia];
		c->accepted_at = acc == d ? c->received_at + between(r, 3 * MIN, 20 * MIN)
		                          : shanghai_midnight(acc) + between(r, 8 * HOUR + 30 * MIN,
		                                                             16 * HOUR + 30 * MIN);
		if (!decision_due(g, acc, c->accepted_at, c->limit_days, &c->due)) {
			/* the deadline falls in a year without a notice: this
			 * case becomes an immediate one (never a guessed date) */
			c->immediate = true;
			c->limit_days = 0;
		} else {
			/* most cases finish well before the promise (承诺时限
			 * 压缩): k = 1 + limit * u^2 working days, within the year */
			int most = g->n_wd - 1 - ia;
			double u = unif(r);
			int k = 1 + (int)((double)c->limit_days * u * u);
			if (k > c->limit_days)
				k = c->limit_days;
			if (k > most)
				k = most;
			os_date done = g->wd[ia + k];
			c->decided_at =
			    done == acc ? c->accepted_at + between(r, 10 * MIN, 60 * MIN)
			                : shanghai_midnight(done) + between(r, 9 * HOUR, 16 * HOUR);
		}
	}
	if (c->immediate) {
		/* 即办件: accepted and decided on the spot */
		c->accepted_at = c->received_at + between(r, 2 * MIN, 15 * MIN);
		c->decided_at = c->accepted_at + between(r, 1 * MIN, 20 * MIN);
		c->due = d;
	}
	c->completed_at = c->decided_at + between(r, 2 * MIN, 20 * MIN);
	c->delivery = pick_delivery(r, online, c->immediate);
	c->delivered_at = c->completed_at + between(r, 5 * MIN, 60 * MIN);
	if (c->delivery == CDL_POST) /* EMS domestic: 13 digits */
		snprintf(c->tracking, sizeof c->tracking, "11%011lld",
		         (long long)below(r, 100000000000ll));
	c->accepted_on = date_of(c->accepted_at);
	c->completed_on = date_of(c->completed_at);
	c->person = below(r, g->pool);
}

static int case_time_cmp(const void *a, const void *b)
{
	const demo_case *x = a, *y = b;
	if (x->received_at != y->received_at)
		return x->received_at < y->received_at ? -1 : 1;
	return x->site_id < y->site_id ? -1 : x->site_id > y->site_id;
}

static bool fill_day(demo_cases *g)
{
	while (++g->day < DEMO_CASES_DAYS && g->per_day[g->day] == 0)
		;
	if (g->day >= DEMO_CASES_DAYS)
		return false;
	size_t n = (size_t)g->per_day[g->day];
	if (n > g->buf_cap) {
		free(g->buf);
		g->buf = os_calloc(n, sizeof *g->buf);
		g->buf_cap = n;
	}
	for (size_t i = 0; i < n; i++)
		make_case(g, g->day, &g->buf[i]);
	qsort(g->buf, n, sizeof *g->buf, case_time_cmp);
	memset(g->seq, 0, (g->in.n_sites + 1) * sizeof *g->seq);
	os_date d = g->first + g->day;
	for (size_t i = 0; i < n; i++) {
		demo_case *c = &g->buf[i];
		c->seq = ++g->seq[c->site_index];
		if (case_number_format(g->in.sites[c->site_index].code, d, c->seq, c->no))
			snprintf(c->no, sizeof c->no, "DEMO-%lld",
			         (long long)(g->produced + i + 1));
	}
	g->buf_n = n;
	g->buf_pos = 0;
	return true;
}

bool demo_cases_next(demo_cases *g, demo_case *out)
{
	if (g->produced >= g->in.n)
		return false;
	if (g->buf_pos >= g->buf_n && !fill_day(g))
		return false;
	*out = g->buf[g->buf_pos++];
	demo_cases_person(g->in.seed, out->person, g->in.last_day, out->name, out->id_number,
	                  out->phone);
	g->produced++;
	return true;
}
