/* demo_catalog.h - the demo district's catalog (DOMAIN.md §3): service items
 * of the stationed departments, generated from per-department lists of
 * matters (有限责任公司, 食品经营许可证, 残疾人证 ...) and the actions that
 * apply to them (设立登记/变更登记/注销登记, 核发/延续/补办 ...), with real
 * material names, and the "one thing, one go" bundles. Deterministic, no I/O.
 *
 * With n = DEMO_CATALOG_ITEMS the figures are the seed's: 1,330 items (the
 * seed says "more than 1,300" and "1,316 can be handled online", so the
 * catalog needs at least 1,316 items), exactly 996 administrative-power
 * items, exactly 1,316 handled online (depth 3 or 4) of which exactly 663
 * at depth 4. Other n scale the three figures in proportion (n is capped by
 * the number of distinct names the lists can form). */
#ifndef ONESTOP_CORE_DEMO_CATALOG_H
#define ONESTOP_CORE_DEMO_CATALOG_H

#include <stddef.h>

#include "core/catalog.h"
#include "core/demo.h"

#define DEMO_CATALOG_ITEMS  1330
#define DEMO_CATALOG_POWER  996
#define DEMO_CATALOG_ONLINE 1316
#define DEMO_CATALOG_DEPTH4 663

typedef struct demo_catalog {
	cat_item *items;
	size_t n_items;
	cat_bundle *bundles;
	size_t n_bundles;
} demo_catalog;

/* Items for the departments of d (matched by code "YD-xx"); NULL when n is
 * larger than the lists can form. Free with demo_catalog_free(). */
demo_catalog *demo_catalog_generate(const demo_district *d, size_t n);
/* The largest n demo_catalog_generate() accepts. */
size_t demo_catalog_capacity(void);
void demo_catalog_free(demo_catalog *c);

#endif
