/* account.c - account policy (see account.h). */
#include "core/account.h"

#include <string.h>
#include <strings.h>

#include "core/roles.h"

/* Code points of valid UTF-8 without control characters; -1 otherwise. */
static long count_chars(const unsigned char *s, size_t len)
{
	long n = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t k;
		unsigned long cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return -1;
			i++;
			n++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (len - i <= k) /* the sequence runs past the end */
			return -1;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
			return -1;
		i += k + 1;
		n++;
	}
	return n;
}

os_err password_check(const char *login, const char *pw, size_t len, const char **reason)
{
	if (!pw || len > PASSWORD_MAX_BYTES || strnlen(pw, len + 1) != len) {
		*reason = "a password is at most 256 bytes";
		return OS_ERR_INVALID;
	}
	long n = count_chars((const unsigned char *)pw, len);
	if (n < 0) {
		*reason = "a password must be valid UTF-8 without control characters";
		return OS_ERR_INVALID;
	}
	if (n < PASSWORD_MIN_CHARS) {
		*reason = "a password needs at least 12 characters";
		return OS_ERR_INVALID;
	}
	if (login && strlen(login) == len && strncasecmp(login, pw, len) == 0) {
		*reason = "the password must not be the user name";
		return OS_ERR_INVALID;
	}
	*reason = "ok";
	return OS_OK;
}

bool role_in_list(const char *list, const char *role)
{
	if (!list || !role || !*role)
		return false;
	size_t rl = strlen(role);
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if ((size_t)(end - start) == rl && memcmp(start, role, rl) == 0)
			return true;
	}
	return false;
}

bool account_login_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		             (ch >= '0' && ch <= '9');
		if (!alnum && (i == 0 || (ch != '.' && ch != '_' && ch != '-' && ch != '@')))
			return false;
	}
	return true;
}

os_err account_placement_check(const char *role, bool has_site, bool has_department,
                               const char **field, const char **reason)
{
	const role_info *ri = role ? role_by_key(role) : NULL;
	if (!ri) {
		*field = "role";
		*reason = "exactly one role key, e.g. clerk (an account has one role)";
		return OS_ERR_INVALID;
	}
	if (!(ri->role & ROLES_STAFF) && (has_site || has_department)) {
		*field = has_site ? "site_code" : "department_code";
		*reason = "only staff accounts belong to a site or department";
		return OS_ERR_INVALID;
	}
	if (ri->role == ROLE_APPROVER && !has_department) {
		*field = "department_code";
		*reason = "an approver decides for one department";
		return OS_ERR_INVALID;
	}
	*field = NULL;
	*reason = "ok";
	return OS_OK;
}
