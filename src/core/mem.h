/* mem.h - allocation wrappers and the out-of-memory policy.
 *
 * Policy (stated once): OneStop never handles a NULL from malloc. The wrappers
 * below print one line to stderr and abort() when the system is out of
 * memory, as redis' zmalloc does. A server that cannot allocate a few bytes
 * cannot answer correctly either; the supervisor restarts it and the store's
 * write-ahead log guarantees that nothing acknowledged is lost.
 *
 * Ownership: memory from os_malloc/os_calloc/os_realloc/os_strdup/os_strndup
 * belongs to the caller and is released with free(). */
#ifndef ONESTOP_CORE_MEM_H
#define ONESTOP_CORE_MEM_H

#include <stddef.h>

void *os_malloc(size_t n);
void *os_calloc(size_t count, size_t size);
void *os_realloc(void *p, size_t n);
char *os_strdup(const char *s);
char *os_strndup(const char *s, size_t n);

#endif
