/* roles.h - who may do what (DOMAIN.md §1). Pure data, no I/O.
 *
 * A role is one bit so that a route can declare the set it admits. ROLE_ANON
 * is "no session". The three administrator duties are separate roles
 * (系统管理员 / 安全管理员 / 审计员) and are never combined on one account. */
#ifndef ONESTOP_CORE_ROLES_H
#define ONESTOP_CORE_ROLES_H

#include <stddef.h>
#include <stdint.h>

typedef enum os_role {
	ROLE_NONE = 0,
	ROLE_ANON = 1u << 0,
	ROLE_CITIZEN = 1u << 1,
	ROLE_ENTERPRISE = 1u << 2,
	ROLE_GUIDE = 1u << 3,
	ROLE_CLERK = 1u << 4,
	ROLE_APPROVER = 1u << 5,
	ROLE_PROXY = 1u << 6,
	ROLE_BUTLER = 1u << 7,
	ROLE_COMPLAINT = 1u << 8,
	ROLE_MANAGER = 1u << 9,
	ROLE_AUDITOR = 1u << 10,
	ROLE_SECADMIN = 1u << 11,
	ROLE_SYSADMIN = 1u << 12,
	ROLE_AGENCY = 1u << 13,
	ROLE_OFFICER = 1u << 14,
} os_role;

#define ROLE_COUNT 15
#define ROLES_STAFF                                                                                \
	(ROLE_GUIDE | ROLE_CLERK | ROLE_APPROVER | ROLE_PROXY | ROLE_BUTLER | ROLE_COMPLAINT |     \
	 ROLE_MANAGER | ROLE_AUDITOR | ROLE_SECADMIN | ROLE_SYSADMIN | ROLE_OFFICER)
#define ROLES_SIGNED_IN (ROLES_STAFF | ROLE_CITIZEN | ROLE_ENTERPRISE | ROLE_AGENCY)
#define ROLES_ALL       (ROLES_SIGNED_IN | ROLE_ANON)

typedef struct role_info {
	os_role role;
	const char *key;     /* stable identifier used in the API and the database */
	const char *name_zh; /* 中文名称 */
	const char *name_en;
	const char *const *capabilities; /* NULL-terminated task keys for the home page */
} role_info;

/* The table of all roles except ROLE_ANON, in display order; *n gets its length. */
const role_info *roles_all(size_t *n);
/* Look up by bit or by key; NULL when unknown. */
const role_info *role_by_bit(os_role r);
const role_info *role_by_key(const char *key);
/* Task keys offered to someone not signed in. NULL-terminated. */
const char *const *roles_public_capabilities(void);

#endif
