/* demo_visa.c - the port-visa office's demo data: the first week after
 * Hehua airport resumed international flights (the seed: close to 1,000
 * visas issued in the first week, 300+ a day, mostly group tourist visas
 * for travel agencies; the officer at the window on 13 April). Pure and
 * deterministic: a fixed week, a fixed pseudo-random sequence. Flight
 * numbers, agencies, names and passport numbers are made up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/visa.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* xorshift64*: a small deterministic generator. */
typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static int pick(rng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

static const struct {
	const char *name, *en, *licence, *contact, *phone, *email;
} agencies[] = {
    {"张家界国际旅行社", "Zhangjiajie International Travel Service", "L-HUN-CJ00018", "张丽",
     "0744-8221866", "inbound@zjj-its.example"},
    {"张家界天门国际旅行社", "Tianmen International Travel", "L-HUN-CJ00027", "覃海燕",
     "0744-8355210", "ops@tianmen-travel.example"},
    {"湖南武陵源国际旅行社", "Hunan Wulingyuan International Travel", "L-HUN-CJ00035", "向东",
     "0744-5618002", "groups@wly-travel.example"},
    {"张家界峰林国际旅行社", "Fenglin International Travel", "L-HUN-CJ00041", "田晓",
     "0744-8286633", "visa@fenglin.example"},
    {"张家界金鞭溪国际旅行社", "Jinbianxi International Travel", "L-HUN-CJ00052", "卓敏",
     "0744-5719988", "service@jinbianxi.example"},
    {"湘西山水国际旅行社", "Xiangxi Shanshui International Travel", "L-HUN-CJ00066", "龚雪",
     "0743-8523117", "inbound@xxss.example"},
};
#define N_AGENCIES (sizeof agencies / sizeof agencies[0])

/* Names as printed in the MRZ, with the sex they usually go with. */
typedef struct given {
	const char *name;
	char sex;
} given;

static const char *const kor_sur[] = {
    "KIM",  "LEE", "PARK", "CHOI", "JUNG", "KANG",  "CHO",  "YOON", "JANG", "LIM",
    "HAN",  "OH",  "SEO",  "SHIN", "KWON", "HWANG", "AHN",  "SONG", "YOO",  "HONG",
    "JEON", "KO",  "MOON", "YANG", "SON",  "BAE",   "BAEK", "HEO",  "NAM",  "NOH",
};
static const given kor_given[] = {
    {"MINJUN", 'M'}, {"SEOYEON", 'F'},   {"JIHOON", 'M'},    {"JIWOO", 'F'},     {"HYUNWOO", 'M'},
    {"SOYEON", 'F'}, {"YOUNGHO", 'M'},   {"MYUNGSOOK", 'F'}, {"JUNGHEE", 'F'},   {"SUNGMIN", 'M'},
    {"EUNJI", 'F'},  {"HYEJIN", 'F'},    {"DONGHYUN", 'M'},  {"KYUNGSOO", 'M'},  {"MIKYUNG", 'F'},
    {"OKSOON", 'F'}, {"SANGWOO", 'M'},   {"YOUNGJA", 'F'},   {"JAEWON", 'M'},    {"SEUNGHO", 'M'},
    {"HYOJIN", 'F'}, {"BYUNGCHUL", 'M'}, {"SOONJA", 'F'},    {"KWANGSOO", 'M'},  {"MINSEO", 'F'},
    {"JIYEON", 'F'}, {"DAEHO", 'M'},     {"JINHEE", 'F'},    {"YOUNGSOOK", 'F'}, {"CHULSOO", 'M'},
};
static const char *const tha_sur[] = {
    "SRISUK",  "WONGSAWAT",   "CHAIYAPORN", "SUKSAWAT",     "THONGDEE",   "BOONMEE",
    "SAETANG", "RATTANAKORN", "PHROMMA",    "KAEWKLA",      "SRIPRASERT", "CHANTHARA",
    "JAIDEE",  "SANGKHAM",    "PUANGMALI",  "INTHARAPHONG",
};
static const given tha_given[] = {
    {"SOMCHAI", 'M'},   {"NATTAPONG", 'M'}, {"SIRIPORN", 'F'}, {"KANYARAT", 'F'},
    {"PRASERT", 'M'},   {"WIPAWEE", 'F'},   {"SUPAKORN", 'M'}, {"NARUMON", 'F'},
    {"THANAPHON", 'M'}, {"PORNTHIP", 'F'},  {"ARTHIT", 'M'},   {"KHANITTHA", 'F'},
    {"WORAWUT", 'M'},   {"CHUTIMA", 'F'},   {"SURASAK", 'M'},  {"APINYA", 'F'},
};
static const char *const mys_sur[] = {"TAN",   "LIM", "LEE", "WONG", "ONG", "NG",
                                      "CHONG", "TEH", "GOH", "CHAN", "YAP", "LOH"};
static const given mys_given[] = {
    {"WEI MING", 'M'},   {"SIEW LING", 'F'}, {"KAH HOE", 'M'},   {"MEI LING", 'F'},
    {"CHEE KEONG", 'M'}, {"HUI MIN", 'F'},   {"BOON HOCK", 'M'}, {"LAY PENG", 'F'},
};
/* Malay names have no surname: the whole name (given name, bin/binti and
 * the father's name) is the primary identifier. */
static const given malay_given[] = {
    {"MUHAMMAD HAFIZ", 'M'}, {"MOHD RIDZUAN", 'M'},   {"AHMAD FAIZAL", 'M'},
    {"MOHD AZMAN", 'M'},     {"KHAIRUL ANUAR", 'M'},  {"MUHAMMAD SYAFIQ", 'M'},
    {"NURUL AIN", 'F'},      {"SITI AISYAH", 'F'},    {"NOR AZLINA", 'F'},
    {"NURUL HUDA", 'F'},     {"SITI NORHAYATI", 'F'}, {"FARAH NADIA", 'F'},
};
static const char *const malay_father[] = {"ABDULLAH", "ISMAIL",  "RAHMAN",  "HASSAN", "YUSOF",
                                           "OMAR",     "IBRAHIM", "ZAKARIA", "OTHMAN", "AHMAD"};
static const char *const vnm_sur[] = {"NGUYEN", "TRAN", "LE",   "PHAM", "HOANG", "HUYNH",
                                      "VU",     "VO",   "DANG", "BUI",  "DO"};
static const given vnm_given[] = {
    {"VAN HUNG", 'M'}, {"THI LAN", 'F'}, {"MINH TUAN", 'M'}, {"THI HUONG", 'F'},
    {"DUC ANH", 'M'},  {"THI MAI", 'F'}, {"QUANG HUY", 'M'}, {"THU TRANG", 'F'},
};

typedef enum origin { O_KOR, O_THA, O_MYS, O_VNM } origin;

/* Inbound flights of the demo (made-up numbers), their scheduled arrival
 * (minutes after midnight) and where the passengers come from. */
static const struct {
	const char *flight;
	int arrival;
	origin from;
} flights[] = {
    {"7C8567", 12 * 60 + 55, O_KOR}, {"KE8131", 14 * 60 + 20, O_KOR},
    {"BX391", 11 * 60 + 5, O_KOR},   {"FD576", 16 * 60 + 30, O_THA},
    {"AK1526", 18 * 60 + 10, O_MYS}, {"VJ5384", 20 * 60 + 45, O_VNM},
};
enum { F_7C, F_KE, F_BX, F_FD, F_AK, F_VJ };

/* The week, day by day: persons on group visas per flight. Special cases
 * come on top (see specials below). Totals: 977 + 10 = 987 persons. */
static const struct {
	int day; /* April 2023 */
	int flight;
	int persons;
} plan[] = {
    {10, F_7C, 72}, {11, F_FD, 41},  {12, F_BX, 38}, {12, F_KE, 50}, {12, F_AK, 38},
    {13, F_BX, 56}, {13, F_7C, 160}, {13, F_FD, 96}, {14, F_VJ, 58}, {15, F_7C, 154},
    {15, F_KE, 83}, {15, F_AK, 68},  {16, F_BX, 63},
};

static const char *const itineraries[] = {
    "张家界国家森林公园—袁家界—天子山—杨家界—大峡谷玻璃桥—天门山",
    "天门山—张家界国家森林公园—黄龙洞—宝峰湖—凤凰古城",
    "武陵源核心景区—金鞭溪—十里画廊—天门山—七十二奇楼",
    "张家界国家森林公园—大峡谷玻璃桥—芙蓉镇—凤凰古城",
};

static void make_person(rng *r, origin o, os_date today_ref, visa_member *m, int serial)
{
	memset(m, 0, sizeof *m);
	const given *g;
	switch (o) {
	case O_KOR:
		cpy(m->surname, sizeof m->surname,
		    kor_sur[pick(r, sizeof kor_sur / sizeof *kor_sur)]);
		g = &kor_given[pick(r, sizeof kor_given / sizeof *kor_given)];
		cpy(m->given_names, sizeof m->given_names, g->name);
		cpy(m->nationality, sizeof m->nationality, "KOR");
		snprintf(m->passport, sizeof m->passport, "M%08d",
		         (int)(10000000 + (next(r) % 80000000)));
		break;
	case O_THA:
		cpy(m->surname, sizeof m->surname,
		    tha_sur[pick(r, sizeof tha_sur / sizeof *tha_sur)]);
		g = &tha_given[pick(r, sizeof tha_given / sizeof *tha_given)];
		cpy(m->given_names, sizeof m->given_names, g->name);
		cpy(m->nationality, sizeof m->nationality, "THA");
		snprintf(m->passport, sizeof m->passport, "A%c%07d", 'A' + pick(r, 26),
		         (int)(1000000 + next(r) % 9000000));
		break;
	case O_MYS:
		if (pick(r, 3) == 0) {
			g = &malay_given[pick(r, sizeof malay_given / sizeof *malay_given)];
			snprintf(m->surname, sizeof m->surname, "%s %s %s", g->name,
			         g->sex == 'M' ? "BIN" : "BINTI",
			         malay_father[pick(r, sizeof malay_father / sizeof *malay_father)]);
		} else {
			cpy(m->surname, sizeof m->surname,
			    mys_sur[pick(r, sizeof mys_sur / sizeof *mys_sur)]);
			g = &mys_given[pick(r, sizeof mys_given / sizeof *mys_given)];
			cpy(m->given_names, sizeof m->given_names, g->name);
		}
		if (pick(r, 8) == 0) { /* a few Singaporeans travel with the groups */
			cpy(m->nationality, sizeof m->nationality, "SGP");
			snprintf(m->passport, sizeof m->passport, "K%07d%c",
			         (int)(1000000 + next(r) % 9000000), 'A' + pick(r, 26));
		} else {
			cpy(m->nationality, sizeof m->nationality, "MYS");
			snprintf(m->passport, sizeof m->passport, "A%08d",
			         (int)(10000000 + next(r) % 80000000));
		}
		break;
	case O_VNM:
	default:
		cpy(m->surname, sizeof m->surname,
		    vnm_sur[pick(r, sizeof vnm_sur / sizeof *vnm_sur)]);
		g = &vnm_given[pick(r, sizeof vnm_given / sizeof *vnm_given)];
		cpy(m->given_names, sizeof m->given_names, g->name);
		cpy(m->nationality, sizeof m->nationality, "VNM");
		snprintf(m->passport, sizeof m->passport, "C%07d",
		         (int)(1000000 + next(r) % 9000000));
		break;
	}
	m->sex = g->sex;
	/* Tour members are mostly 30 to 75 years old. */
	m->birth = today_ref - (os_date)(30 * 365 + pick(r, 45 * 365));
	m->expiry = today_ref + (os_date)(400 + pick(r, 9 * 365));
	m->status = VM_PENDING;
	m->seq = serial;
}

static void add_group(visa_demo *d, size_t *cap)
{
	if (d->n_groups == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		d->groups = os_realloc(d->groups, *cap * sizeof *d->groups);
	}
	memset(&d->groups[d->n_groups], 0, sizeof d->groups[0]);
	d->n_groups++;
}

static void fill_group(rng *r, visa_demo_group *dg, size_t agency, const char *flight, origin o,
                       os_date day, int arrival, int n_members, int serial)
{
	visa_group *g = &dg->g;
	dg->agency_index = agency;
	g->agency_id = (int64_t)agency + 1;
	cpy(g->agency_name, sizeof g->agency_name, agencies[agency].name);
	int y, mo, dd;
	os_date_to_ymd(day, &y, &mo, &dd);
	snprintf(g->group_no, sizeof g->group_no, "%s-%02d%02d-%02d", flight, mo, dd, serial);
	cpy(g->flight, sizeof g->flight, flight);
	g->arrival_date = day;
	g->arrival_minute = arrival;
	cpy(g->itinerary, sizeof g->itinerary,
	    itineraries[pick(r, sizeof itineraries / sizeof *itineraries)]);
	g->stay_days = 4 + pick(r, 5);
	static const char *const leaders[] = {"李明",   "王珊", "金成浩", "朴善英",
	                                      "陈志强", "刘芳", "黄伟",   "SOMCHAI SRISUK"};
	cpy(g->leader_name, sizeof g->leader_name, leaders[pick(r, 8)]);
	snprintf(g->leader_phone, sizeof g->leader_phone, "139%08d",
	         (int)(10000000 + next(r) % 80000000));
	dg->n_members = (size_t)n_members;
	dg->members = os_calloc((size_t)n_members, sizeof *dg->members);
	for (int i = 0; i < n_members; i++)
		make_person(r, o, day, &dg->members[i], i + 1);
	int64_t at = visa_arrival_unix(day, arrival);
	g->created_at = at - 86400 * (3 + pick(r, 4));
	g->submitted_at = g->created_at + 3600 * (1 + pick(r, 20));
	g->decided_at = g->submitted_at + 3600 * (2 + pick(r, 20));
}

typedef struct special_plan {
	int day, minute;
	visa_type type;
	origin from;
	const char *doc, *note, *flight;
	int stay;
} special_plan;

static const special_plan specials[] = {
    {10, 13 * 60 + 40, VT_STUDY, O_KOR, "吉首大学张家界学院录取通知书 2023-0412",
     "入境求学，学期开始前报到", "7C8567", 30},
    {10, 13 * 60 + 52, VT_STUDY, O_KOR, "吉首大学张家界学院录取通知书 2023-0413",
     "入境求学，学期开始前报到", "7C8567", 30},
    {13, 12 * 60 + 5, VT_SPORTS, O_KOR, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-017",
     "参加大型赛事活动", "BX391", 10},
    {13, 12 * 60 + 9, VT_SPORTS, O_KOR, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-018",
     "参加大型赛事活动", "BX391", 10},
    {13, 13 * 60 + 31, VT_SPORTS, O_KOR, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-021",
     "参加大型赛事活动", "7C8567", 10},
    {13, 13 * 60 + 36, VT_SPORTS, O_KOR, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-022",
     "参加大型赛事活动", "7C8567", 10},
    {13, 17 * 60 + 12, VT_SPORTS, O_THA, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-030",
     "参加大型赛事活动", "FD576", 10},
    {13, 17 * 60 + 18, VT_SPORTS, O_THA, "天门山翼装飞行邀请赛组委会邀请函 TMS-2023-031",
     "参加大型赛事活动", "FD576", 10},
    {15, 14 * 60 + 2, VT_BUSINESS, O_KOR, "张家界市商务局邀请函 ZJJSW-2023-044", "紧急商务洽谈",
     "7C8567", 7},
    {15, 19 * 60 + 1, VT_HUMANITARIAN, O_MYS, "张家界市人民医院病危通知书复印件", "探望病危亲属",
     "AK1526", 15},
};

static void upcoming(visa_demo *d, size_t *cap, os_date today)
{
	/* One group of the demo agency, pre-submitted, arriving tomorrow. */
	rng r = {0x9e3779b97f4a7c15ull ^ (uint64_t)(uint32_t)today};
	add_group(d, cap);
	visa_demo_group *dg = &d->groups[d->n_groups - 1];
	os_date day = today + 1;
	fill_group(&r, dg, 0, "7C8567", O_KOR, day, flights[F_7C].arrival, 12, 1);
	visa_group *g = &dg->g;
	cpy(g->itinerary, sizeof g->itinerary, itineraries[0]);
	g->stay_days = 6;
	g->status = VG_SUBMITTED;
	int64_t now = visa_arrival_unix(today, 9 * 60);
	g->created_at = now - 3600;
	g->submitted_at = now;
	g->decided_at = 0;
	for (size_t i = 0; i < dg->n_members; i++) {
		dg->members[i].expiry = today + 700 + (os_date)(i * 97);
		dg->members[i].status = VM_PENDING;
	}
}

static int by_issue(const void *a, const void *b)
{
	int64_t x = ((const visa_demo_group *)a)->g.issued_at;
	int64_t y = ((const visa_demo_group *)b)->g.issued_at;
	return x < y ? -1 : x > y;
}

visa_demo *visa_demo_generate(os_date today)
{
	visa_demo *d = os_calloc(1, sizeof *d);
	d->n_agencies = N_AGENCIES;
	d->agencies = os_calloc(N_AGENCIES, sizeof *d->agencies);
	for (size_t i = 0; i < N_AGENCIES; i++) {
		visa_agency *a = &d->agencies[i];
		a->id = (int64_t)i + 1;
		cpy(a->name, sizeof a->name, agencies[i].name);
		cpy(a->name_en, sizeof a->name_en, agencies[i].en);
		cpy(a->licence_no, sizeof a->licence_no, agencies[i].licence);
		cpy(a->contact_name, sizeof a->contact_name, agencies[i].contact);
		cpy(a->contact_phone, sizeof a->contact_phone, agencies[i].phone);
		cpy(a->contact_email, sizeof a->contact_email, agencies[i].email);
	}

	rng r = {0x5eed2023041013ull};
	size_t cap = 0;
	os_date apr1;
	os_date_from_ymd(2023, 4, 1, &apr1);
	/* Agencies in turn, the demo agency twice as often. */
	static const size_t turn[] = {0, 1, 0, 2, 3, 0, 4, 5, 0, 1, 2, 3};
	size_t t = 0;
	int serial = 0;
	for (size_t p = 0; p < sizeof plan / sizeof plan[0]; p++) {
		os_date day = apr1 + plan[p].day - 1;
		int left = plan[p].persons;
		int arrival = flights[plan[p].flight].arrival;
		int64_t desk = visa_arrival_unix(day, arrival) + 60 * (12 + pick(&r, 10));
		int k = 1;
		while (left > 0) {
			int size = 14 + pick(&r, 23); /* issued persons of this group */
			if (left - size < 12)
				size = left; /* no tiny last group */
			left -= size;
			int absent = serial % 5 == 4 ? 1 : 0;
			add_group(d, &cap);
			visa_demo_group *dg = &d->groups[d->n_groups - 1];
			fill_group(&r, dg, turn[t++ % (sizeof turn / sizeof *turn)],
			           flights[plan[p].flight].flight, flights[plan[p].flight].from,
			           day, arrival, size + absent, k++);
			visa_group *g = &dg->g;
			g->status = VG_ISSUED;
			g->arrived_at = desk + 60 * pick(&r, 8);
			g->issued_at = g->arrived_at + 60 * (18 + pick(&r, 40));
			desk = g->arrived_at + 60 * (4 + pick(&r, 8)); /* several officers */
			for (size_t i = 0; i < dg->n_members; i++) {
				dg->members[i].status = VM_ISSUED;
				dg->members[i].scanned_at = g->arrived_at + (int64_t)i * 20;
			}
			if (absent) {
				visa_member *m = &dg->members[dg->n_members - 1];
				m->status = VM_ABSENT;
				m->scanned_at = 0;
				cpy(m->note, sizeof m->note, "未随团抵达，现场划除");
			}
			serial++;
		}
	}

	/* Several officers work at once: number the visas in issuing order. */
	qsort(d->groups, d->n_groups, sizeof *d->groups, by_issue);

	/* Special cases at once (特事特办). */
	d->n_specials = sizeof specials / sizeof specials[0];
	d->specials = os_calloc(d->n_specials, sizeof *d->specials);
	for (size_t i = 0; i < d->n_specials; i++) {
		const special_plan *sp = &specials[i];
		visa_demo_special *s = &d->specials[i];
		os_date day = apr1 + sp->day - 1;
		s->type = sp->type;
		cpy(s->document_ref, sizeof s->document_ref, sp->doc);
		cpy(s->note, sizeof s->note, sp->note);
		cpy(s->flight, sizeof s->flight, sp->flight);
		s->stay_days = sp->stay;
		make_person(&r, sp->from, day, &s->person, 1);
		if (sp->type == VT_STUDY) /* students are young */
			s->person.birth = day - (os_date)(19 * 365 + pick(&r, 4 * 365));
		s->at = visa_arrival_unix(day, sp->minute);
	}

	/* The watch list. */
	d->n_watch = 3;
	d->watch = os_calloc(d->n_watch, sizeof *d->watch);
	cpy(d->watch[0].passport, sizeof d->watch[0].passport, "M00731955");
	cpy(d->watch[0].nationality, sizeof d->watch[0].nationality, "KOR");
	cpy(d->watch[0].reason, sizeof d->watch[0].reason,
	    "护照已报失（示例） / Passport reported lost (example)");
	cpy(d->watch[1].surname, sizeof d->watch[1].surname, "DOE");
	cpy(d->watch[1].given_names, sizeof d->watch[1].given_names, "JOHN");
	os_date_from_ymd(1970, 1, 1, &d->watch[1].birth);
	d->watch[1].has_birth = true;
	cpy(d->watch[1].reason, sizeof d->watch[1].reason,
	    "入境限制（示例） / Entry restriction (example)");
	cpy(d->watch[2].passport, sizeof d->watch[2].passport, "AB0000001");
	cpy(d->watch[2].nationality, sizeof d->watch[2].nationality, "THA");
	cpy(d->watch[2].reason, sizeof d->watch[2].reason,
	    "被盗护照（示例） / Stolen passport (example)");
	for (size_t i = 0; i < d->n_watch; i++)
		d->watch[i].created_at = visa_arrival_unix(apr1 + 8, 9 * 60);

	upcoming(d, &cap, today);
	return d;
}

void visa_demo_free(visa_demo *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_groups; i++)
		free(d->groups[i].members);
	free(d->groups);
	free(d->agencies);
	free(d->specials);
	free(d->watch);
	free(d);
}
