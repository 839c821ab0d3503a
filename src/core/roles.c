#include "core/roles.h"

#include <string.h>

/* Task keys name pages of the web shell (web/assets/tasks.js maps them to a
 * link and a label in both languages). Later issues add the pages. */
static const char *const cap_public[] = {
    "catalog.search", "hall.ticket",    "hall.board", "appointment.book",
    "case.track",     "complaint.file", "login",      NULL};
static const char *const cap_citizen[] = {"catalog.search",   "case.apply",     "case.mine",
                                          "appointment.book", "hall.ticket",    "proxy.request",
                                          "review.rate",      "complaint.file", NULL};
static const char *const cap_enterprise[] = {
    "catalog.search",   "case.apply",  "bundle.apply",   "case.mine",
    "appointment.book", "review.rate", "complaint.file", NULL};
static const char *const cap_guide[] = {"hall.guide", "hall.ticket", "hall.board", "catalog.search",
                                        NULL};
static const char *const cap_clerk[] = {"hall.window", "case.accept", "case.site", "catalog.search",
                                        NULL};
static const char *const cap_approver[] = {"case.review", "case.department", NULL};
static const char *const cap_proxy[] = {"proxy.queue", "proxy.visits", "case.accept", NULL};
static const char *const cap_butler[] = {"proxy.mine", "proxy.visits", NULL};
static const char *const cap_complaint[] = {"complaint.queue", "complaint.figures",
                                            "review.followup", NULL};
static const char *const cap_manager[] = {"hall.monitor", "stats.site",        "review.followup",
                                          "org.windows",  "complaint.figures", NULL};
static const char *const cap_auditor[] = {"audit.log", "stats.site", NULL};
static const char *const cap_secadmin[] = {"security.accounts", "security.policy", NULL};
static const char *const cap_sysadmin[] = {"org.sites", "org.windows", "catalog.admin",
                                           "calendar.admin", NULL};
static const char *const cap_agency[] = {"visa.groups", "visa.submit", NULL};
static const char *const cap_officer[] = {"visa.review", "visa.issue", "visa.special", "stats.visa",
                                          NULL};

static const role_info roles[] = {
    {ROLE_CITIZEN, "citizen", "办事群众", "Citizen", cap_citizen},
    {ROLE_ENTERPRISE, "enterprise", "企业", "Enterprise", cap_enterprise},
    {ROLE_GUIDE, "guide", "导办员", "Guide", cap_guide},
    {ROLE_CLERK, "clerk", "窗口人员", "Window clerk", cap_clerk},
    {ROLE_APPROVER, "approver", "审批人员", "Approver", cap_approver},
    {ROLE_PROXY, "proxy", "帮代办专员", "Proxy specialist", cap_proxy},
    {ROLE_BUTLER, "butler", "政务管家", "Volunteer butler", cap_butler},
    {ROLE_COMPLAINT, "complaint", "办不成事反映窗口", "Complaint coordinator", cap_complaint},
    {ROLE_MANAGER, "manager", "中心主任", "Manager", cap_manager},
    {ROLE_AUDITOR, "auditor", "审计员", "Auditor", cap_auditor},
    {ROLE_SECADMIN, "secadmin", "安全管理员", "Security administrator", cap_secadmin},
    {ROLE_SYSADMIN, "sysadmin", "系统管理员", "System administrator", cap_sysadmin},
    {ROLE_AGENCY, "agency", "旅行社", "Travel agency", cap_agency},
    {ROLE_OFFICER, "officer", "口岸签证民警", "Border officer", cap_officer},
};

const role_info *roles_all(size_t *n)
{
	*n = sizeof roles / sizeof roles[0];
	return roles;
}

const role_info *role_by_bit(os_role r)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == r)
			return &roles[i];
	return NULL;
}

const role_info *role_by_key(const char *key)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].key, key) == 0)
			return &roles[i];
	return NULL;
}

const char *const *roles_public_capabilities(void)
{
	return cap_public;
}
