/* audit.h - the hash chain of the audit log (pure).
 *
 * hash(row) = SHA-256( prev_hash (32 bytes; 32 zero bytes for the first row)
 *   || id, at, actor_id as 8-byte big-endian integers
 *   || actor_role, action, object, result, client, request_id, detail, each
 *      as a 4-byte big-endian length followed by its bytes ).
 * Changing, removing, inserting or reordering any row changes every later
 * hash, which `onestop audit verify` detects. */
#ifndef ONESTOP_CORE_AUDIT_H
#define ONESTOP_CORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct audit_fields {
	int64_t id, at, actor_id;
	const char *text[7]; /* actor_role, action, object, result, client, request_id, detail */
	size_t len[7];
} audit_fields;

void audit_hash(const uint8_t *prev /* NULL for the first row */, const audit_fields *f,
                uint8_t out[32]);

#endif
