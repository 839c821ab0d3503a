/* org.h - the organisation model: sites in three tiers, departments, areas,
 * windows, staff (DOMAIN.md §2). Plain structs, no I/O.
 *
 * Strings are fixed-size arrays so that lists can be copied and freed as one
 * block; caps are the database's CHECK limits too. */
#ifndef ONESTOP_CORE_ORG_H
#define ONESTOP_CORE_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define ORG_CODE_MAX 32
#define ORG_NAME_MAX 128

typedef enum site_tier { TIER_DISTRICT = 1, TIER_TOWNSHIP = 2, TIER_VILLAGE = 3 } site_tier;

typedef enum window_kind {
	WINDOW_COMPREHENSIVE = 1, /* 综合窗口: accepts any item */
	WINDOW_DEPARTMENT = 2,
	WINDOW_POSTAL = 3,    /* 邮政寄递 */
	WINDOW_PROXY = 4,     /* 帮代办 */
	WINDOW_COMPLAINT = 5, /* 办不成事反映 */
	WINDOW_GREEN = 6,     /* 绿色通道 */
	WINDOW_PORT_VISA = 7, /* 口岸签证 */
} window_kind;

typedef struct org_site {
	int64_t id;
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	char name_en[ORG_NAME_MAX];
	site_tier tier;
	int64_t parent_id; /* 0 for the district center */
	char hours[ORG_NAME_MAX];
	char address[ORG_NAME_MAX];
} org_site;

typedef struct org_department {
	int64_t id;
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	char name_en[ORG_NAME_MAX];
} org_department;

typedef struct org_area {
	int64_t id;
	int64_t site_id;
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	char name_en[ORG_NAME_MAX];
} org_area;

typedef struct org_window {
	int64_t id;
	int64_t site_id;
	int64_t area_id; /* 0 when the site has no areas */
	int number;      /* shown on the board: "5 号窗口" */
	window_kind kind;
	int64_t department_id; /* 0 for comprehensive and service windows */
} org_window;

const char *site_tier_key(site_tier t); /* "district" | "township" | "village" */
int site_tier_parse(const char *s);     /* 0 when unknown */
const char *window_kind_key(window_kind k);

#endif
