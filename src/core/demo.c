#include "core/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

static void cpy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* Departments stationed at the district center (code, name, English). */
static const char *const depts[][3] = {
    {"SJ", "区市场监督管理局", "Market Supervision"},
    {"NY", "区农业农村局", "Agriculture and Rural Affairs"},
    {"SB", "区人力资源和社会保障局", "Human Resources and Social Security"},
    {"YB", "区医疗保障局", "Medical Insurance"},
    {"SW", "区税务局", "Taxation"},
    {"GA", "公安永定分局", "Public Security"},
    {"CL", "区残疾人联合会", "Disabled Persons' Federation"},
    {"MZ", "区民政局", "Civil Affairs"},
    {"BDC", "区不动产登记中心", "Real Estate Registration"},
    {"GJJ", "住房公积金永定管理部", "Housing Provident Fund"},
    {"YZ", "中国邮政永定分公司", "China Post"},
    {"ZR", "区自然资源局", "Natural Resources"},
    {"ZJ", "区住房和城乡建设局", "Housing and Urban-Rural Development"},
    {"WJ", "区卫生健康局", "Health"},
    {"JT", "区交通运输局", "Transport"},
    {"JY", "区教育局", "Education"},
    {"TY", "区退役军人事务局", "Veterans Affairs"},
};
enum {
	D_SJ,
	D_NY,
	D_SB,
	D_YB,
	D_SW,
	D_GA,
	D_CL,
	D_MZ,
	D_BDC,
	D_GJJ,
	D_YZ,
	D_ZR,
	D_ZJ,
	D_WJ,
	D_JT,
	D_JY,
	D_TY,
	N_DEPTS
};

/* District center functional areas: name, English, window kind, department
 * (-1 for none), number of windows. The windows add up to 86. */
static const struct {
	const char *name, *en;
	window_kind kind;
	int dept;
	int windows;
} areas[] = {
    {"综合受理区", "Comprehensive acceptance", WINDOW_COMPREHENSIVE, -1, 12},
    {"商事登记区", "Business registration", WINDOW_DEPARTMENT, D_SJ, 10},
    {"社会保障区", "Social security", WINDOW_DEPARTMENT, D_SB, 8},
    {"医疗保障区", "Medical insurance", WINDOW_DEPARTMENT, D_YB, 6},
    {"税务服务区", "Tax services", WINDOW_DEPARTMENT, D_SW, 10},
    {"公安服务区", "Public security services", WINDOW_DEPARTMENT, D_GA, 6},
    {"不动产登记区", "Real estate registration", WINDOW_DEPARTMENT, D_BDC, 7},
    {"公积金服务区", "Housing provident fund", WINDOW_DEPARTMENT, D_GJJ, 4},
    {"民政服务区", "Civil affairs", WINDOW_DEPARTMENT, D_MZ, 3},
    {"残联服务区", "Disabled persons' services", WINDOW_DEPARTMENT, D_CL, 2},
    {"农业服务区", "Agriculture", WINDOW_DEPARTMENT, D_NY, 2},
    {"工程建设项目区", "Construction projects", WINDOW_DEPARTMENT, D_ZJ, 4},
    {"交通运输区", "Transport", WINDOW_DEPARTMENT, D_JT, 2},
    {"卫生健康区", "Health", WINDOW_DEPARTMENT, D_WJ, 2},
    {"教育服务区", "Education", WINDOW_DEPARTMENT, D_JY, 1},
    {"退役军人服务区", "Veterans", WINDOW_DEPARTMENT, D_TY, 1},
    {"邮政寄递区", "Postal delivery", WINDOW_POSTAL, -1, 2},
    {"帮代办服务区", "Proxy service", WINDOW_PROXY, -1, 2},
    {"办不成事反映区", "Could-not-get-done window", WINDOW_COMPLAINT, -1, 1},
    {"绿色通道区", "Green channel", WINDOW_GREEN, -1, 1},
    {"自助服务区", "Self-service terminals", 0, -1, 0},
    {"政务公开区", "Government information", 0, -1, 0},
};

/* 24 township centers and streets (乡镇/街道便民服务中心). */
static const char *const townships[][2] = {
    {"南庄坪街道", "Nanzhuangping Street"},
    {"大庸桥街道", "Dayongqiao Street"},
    {"西溪坪街道", "Xixiping Street"},
    {"崇文街道", "Chongwen Street"},
    {"官黎坪街道", "Guanliping Street"},
    {"永定街道", "Yongding Street"},
    {"阳湖坪街道", "Yanghuping Street"},
    {"沙堤街道", "Shadi Street"},
    {"新桥镇", "Xinqiao Town"},
    {"茅岩河镇", "Maoyanhe Town"},
    {"教字垭镇", "Jiaoziya Town"},
    {"天门山镇", "Tianmenshan Town"},
    {"尹家溪镇", "Yinjiaxi Town"},
    {"王家坪镇", "Wangjiaping Town"},
    {"四都坪乡", "Siduping Township"},
    {"罗塔坪乡", "Luotaping Township"},
    {"桥头乡", "Qiaotou Township"},
    {"谢家垭乡", "Xiejiaya Township"},
    {"罗水乡", "Luoshui Township"},
    {"三家馆乡", "Sanjiaguan Township"},
    {"合作桥乡", "Hezuoqiao Township"},
    {"枫香岗乡", "Fengxianggang Township"},
    {"温塘镇", "Wentang Town"},
    {"后坪镇", "Houping Town"},
};

/* Village and community names are built from a surname and a landform. */
static const char *const surnames[][2] = {
    {"彭", "Peng"}, {"王", "Wang"}, {"李", "Li"},    {"张", "Zhang"}, {"刘", "Liu"},
    {"陈", "Chen"}, {"杨", "Yang"}, {"赵", "Zhao"},  {"黄", "Huang"}, {"周", "Zhou"},
    {"吴", "Wu"},   {"覃", "Qin"},  {"向", "Xiang"}, {"田", "Tian"},  {"谷", "Gu"},
    {"卓", "Zhuo"}, {"龚", "Gong"}, {"唐", "Tang"},  {"邓", "Deng"},  {"宋", "Song"},
};
static const char *const landforms[][2] = {
    {"家坪", "jiaping"},  {"家湾", "jiawan"},  {"家岗", "jiagang"}, {"家峪", "jiayu"},
    {"家塔", "jiata"},    {"家溪", "jiaxi"},   {"家垭", "jiaya"},   {"家台", "jiatai"},
    {"家冲", "jiachong"}, {"家山", "jiashan"}, {"家桥", "jiaqiao"}, {"家巷", "jiaxiang"},
    {"家院", "jiayuan"},  {"家坡", "jiapo"},
};

/* X department windows of a township ("2+X"), cycling through these. */
static const int township_depts[] = {D_SB, D_YB, D_MZ, D_NY, D_CL, D_BDC};

static const struct {
	const char *login, *name, *role;
	int site;   /* 0 district, 1 first township, 2 first village */
	int dept;   /* -1 none */
	int window; /* 1-based window number at the district center, 0 none */
} users[] = {
    {"citizen", "张伟", "citizen", -1, -1, 0},
    {"enterprise", "永定山水文旅有限公司", "enterprise", -1, -1, 0},
    {"guide", "王芳", "guide", 0, -1, 0},
    {"clerk", "李娜", "clerk", 0, -1, 1},
    {"clerk.sj", "刘洋", "clerk", 0, D_SJ, 13},
    {"clerk.township", "陈静", "clerk", 1, -1, 0},
    {"approver", "杨磊", "approver", 0, D_SJ, 0},
    {"approver.cl", "赵敏", "approver", 0, D_CL, 0},
    {"proxy", "黄丽", "proxy", 0, -1, 0},
    {"butler", "周强", "butler", 2, -1, 0},
    {"complaint", "吴军", "complaint", 0, -1, 0},
    {"manager", "覃勇", "manager", 0, -1, 0},
    {"auditor", "向红", "auditor", 0, -1, 0},
    {"secadmin", "田亮", "secadmin", 0, -1, 0},
    {"sysadmin", "谷明", "sysadmin", 0, -1, 0},
    {"agency", "张家界国际旅行社", "agency", -1, -1, 0},
    {"officer", "卓建国", "officer", -1, -1, 0},
};

demo_district *demo_generate(void)
{
	demo_district *d = os_calloc(1, sizeof *d);
	const size_t n_town = sizeof townships / sizeof townships[0];
	const size_t n_village = 258;
	d->sites = os_calloc(1 + n_town + n_village, sizeof *d->sites);
	d->departments = os_calloc(N_DEPTS, sizeof *d->departments);
	d->areas = os_calloc(sizeof areas / sizeof areas[0], sizeof *d->areas);
	d->windows = os_calloc(86 + n_town * 8 + n_village, sizeof *d->windows);
	d->stationed = os_calloc(N_DEPTS + n_town * 8, sizeof *d->stationed);
	d->users = os_calloc(sizeof users / sizeof users[0], sizeof *d->users);

	for (size_t i = 0; i < N_DEPTS; i++) {
		org_department *p = &d->departments[d->n_departments++];
		p->id = (int64_t)i + 1;
		snprintf(p->code, sizeof p->code, "YD-%s", depts[i][0]);
		cpy(p->name, sizeof p->name, depts[i][1]);
		cpy(p->name_en, sizeof p->name_en, depts[i][2]);
	}

	/* The district center, id 1. */
	org_site *c = &d->sites[d->n_sites++];
	c->id = 1;
	cpy(c->code, sizeof c->code, "430802");
	cpy(c->name, sizeof c->name, "永定区政务服务中心");
	cpy(c->name_en, sizeof c->name_en, "Yongding District Government Service Center");
	c->tier = TIER_DISTRICT;
	cpy(c->hours, sizeof c->hours, "周一至周五 08:30-12:00 14:30-17:30；周六 09:00-12:00");
	cpy(c->address, sizeof c->address, "张家界市永定区政务服务中心");
	for (size_t i = 0; i < N_DEPTS; i++)
		d->stationed[d->n_stationed++] = (demo_station){1, (int64_t)i + 1};

	int number = 1;
	for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
		org_area *ar = &d->areas[d->n_areas++];
		ar->id = (int64_t)a + 1;
		ar->site_id = 1;
		snprintf(ar->code, sizeof ar->code, "A%02zu", a + 1);
		cpy(ar->name, sizeof ar->name, areas[a].name);
		cpy(ar->name_en, sizeof ar->name_en, areas[a].en);
		for (int w = 0; w < areas[a].windows; w++) {
			org_window *win = &d->windows[d->n_windows];
			win->id = (int64_t)++d->n_windows;
			win->site_id = 1;
			win->area_id = ar->id;
			win->number = number++;
			win->kind = areas[a].kind;
			win->department_id = areas[a].dept >= 0 ? areas[a].dept + 1 : 0;
		}
	}

	/* Townships: ids 2..25, each with 2 comprehensive + X department windows. */
	for (size_t t = 0; t < n_town; t++) {
		org_site *s = &d->sites[d->n_sites];
		s->id = (int64_t)++d->n_sites;
		snprintf(s->code, sizeof s->code, "430802%03zu", t + 1);
		snprintf(s->name, sizeof s->name, "%s便民服务中心", townships[t][0]);
		snprintf(s->name_en, sizeof s->name_en, "%s Convenience Service Center",
		         townships[t][1]);
		s->tier = TIER_TOWNSHIP;
		s->parent_id = 1;
		cpy(s->hours, sizeof s->hours, "周一至周五 08:30-12:00 14:30-17:30");
		snprintf(s->address, sizeof s->address, "永定区%s", townships[t][0]);
		int n = 1;
		for (int k = 0; k < 2; k++) {
			org_window *win = &d->windows[d->n_windows];
			win->id = (int64_t)++d->n_windows;
			win->site_id = s->id;
			win->number = n++;
			win->kind = WINDOW_COMPREHENSIVE;
		}
		size_t x = 2 + t % 3; /* X = 2..4 */
		for (size_t k = 0; k < x; k++) {
			int dept = township_depts[(t + k) % (sizeof township_depts / sizeof(int))];
			org_window *win = &d->windows[d->n_windows];
			win->id = (int64_t)++d->n_windows;
			win->site_id = s->id;
			win->number = n++;
			win->kind = WINDOW_DEPARTMENT;
			win->department_id = dept + 1;
			d->stationed[d->n_stationed++] = (demo_station){s->id, dept + 1};
		}
	}

	/* Villages and communities: 258, spread over the townships; streets
	 * (街道) have communities (社区), towns and townships villages (村). */
	const size_t n_sur = sizeof surnames / sizeof surnames[0];
	const size_t n_land = sizeof landforms / sizeof landforms[0];
	for (size_t v = 0; v < n_village; v++) {
		size_t t = v % n_town;
		int street = strstr(townships[t][0], "街道") != NULL;
		size_t combo = (v * 7) % (n_sur * n_land); /* 7 is coprime with 280 */
		const char *const *sur = surnames[combo % n_sur];
		const char *const *land = landforms[combo / n_sur];
		org_site *s = &d->sites[d->n_sites];
		s->id = (int64_t)++d->n_sites;
		snprintf(s->code, sizeof s->code, "430802%03zu%03zu", t + 1, v / n_town + 1);
		snprintf(s->name, sizeof s->name, "%s%s%s便民服务站", sur[0], land[0],
		         street ? "社区" : "村");
		snprintf(s->name_en, sizeof s->name_en, "%s%s %s Service Station", sur[1], land[1],
		         street ? "Community" : "Village");
		s->tier = TIER_VILLAGE;
		s->parent_id = (int64_t)t + 2;
		cpy(s->hours, sizeof s->hours, "周一至周五 08:30-17:30");
		snprintf(s->address, sizeof s->address, "永定区%s", townships[t][0]);
		org_window *win = &d->windows[d->n_windows];
		win->id = (int64_t)++d->n_windows;
		win->site_id = s->id;
		win->number = 1;
		win->kind = WINDOW_COMPREHENSIVE;
	}

	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		demo_user *u = &d->users[d->n_users++];
		cpy(u->login, sizeof u->login, users[i].login);
		cpy(u->display_name, sizeof u->display_name, users[i].name);
		u->role = users[i].role;
		u->site_id = users[i].site == 0   ? 1
		             : users[i].site == 1 ? 2
		             : users[i].site == 2 ? 2 + (int64_t)n_town
		                                  : 0;
		u->department_id = users[i].dept >= 0 ? users[i].dept + 1 : 0;
		u->window_id = users[i].window; /* district windows have ids 1..86 */
	}
	return d;
}

void demo_free(demo_district *d)
{
	if (!d)
		return;
	free(d->sites);
	free(d->departments);
	free(d->stationed);
	free(d->areas);
	free(d->windows);
	free(d->users);
	free(d);
}
