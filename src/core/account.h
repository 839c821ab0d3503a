/* account.h - account policy (pure, no I/O): user names, passwords, and
 * where an account of a role may be placed.
 *
 * Passwords, ASVS 2.1: at least 12 characters (counted as Unicode code points, so a
 * Chinese passphrase counts its characters, not its bytes), at most
 * PASSWORD_MAX_BYTES bytes, any printable character including spaces; no
 * composition rules and no forced periodic change. Refused: invalid UTF-8,
 * control characters, and the account's own login (ignoring ASCII case).
 * Hashing (argon2id) happens at the edges (src/api, src/cli) with libsodium. */
#ifndef ONESTOP_CORE_ACCOUNT_H
#define ONESTOP_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 256

/* OS_OK, or OS_ERR_INVALID with *reason (never NULL on return) a static
 * English sentence naming the rule. */
os_err password_check(const char *login, const char *pw, size_t len, const char **reason);

/* A user name: 3 to 64 letters, digits, '.', '_', '-' or '@', starting with
 * a letter or a digit. */
bool account_login_ok(const char *login);

/* Where an account of `role` (a role key) may be placed: only staff belong
 * to a site or a department; an approver needs a department (he decides for
 * it). OS_OK, or OS_ERR_INVALID with *field ("role", "site_code",
 * "department_code") and *reason (static English). */
os_err account_placement_check(const char *role, bool has_site, bool has_department,
                               const char **field, const char **reason);

/* Whether `role` is one of the comma-separated role keys in `list`
 * (spaces around keys are ignored; "" lists none). */
bool role_in_list(const char *list, const char *role);

#endif
