#include "core/org.h"

#include <string.h>

const char *site_tier_key(site_tier t)
{
	switch (t) {
	case TIER_DISTRICT:
		return "district";
	case TIER_TOWNSHIP:
		return "township";
	case TIER_VILLAGE:
		return "village";
	}
	return "unknown";
}

int site_tier_parse(const char *s)
{
	if (!strcmp(s, "district"))
		return TIER_DISTRICT;
	if (!strcmp(s, "township"))
		return TIER_TOWNSHIP;
	if (!strcmp(s, "village"))
		return TIER_VILLAGE;
	return 0;
}

const char *window_kind_key(window_kind k)
{
	static const char *const keys[] = {"",      "comprehensive", "department", "postal",
	                                   "proxy", "complaint",     "green",      "port_visa"};
	if ((unsigned)k < sizeof keys / sizeof keys[0] && k)
		return keys[k];
	return "unknown";
}
