/* config_load.h - fill an os_config from its sources, in order: defaults,
 * the file (--config PATH, else ONESTOP_CONFIG, else ./onestop.conf when it
 * exists), the environment (ONESTOP_<KEY>), then flags (--key VALUE or
 * --key=VALUE). Errors name their source: "onestop.conf:3: threads: ...",
 * "environment ONESTOP_THREADS: ...", "--threads: ...". */
#ifndef ONESTOP_CLI_CONFIG_LOAD_H
#define ONESTOP_CLI_CONFIG_LOAD_H

#include "core/config.h"

/* Parses argv[1..] (argv[0] is the subcommand). `allowed` is a NULL-
 * terminated list of config keys this subcommand accepts as flags (NULL =
 * all). Non-flag arguments are refused. Returns 0, or the exit status (2 for
 * a usage error, 1 for a bad value) after printing one line. */
int config_load(os_config *c, int argc, char **argv, const char *const *allowed);

#include "store/store.h"

/* Remove "--name VALUE" or "--name=VALUE" from argv (argc updated) and
 * return VALUE, or NULL when absent. Call before config_load() for flags
 * that are not settings. *missing is set when the flag has no value. */
const char *cli_take_flag(int *argc, char **argv, const char *name, bool *missing);

/* The store options every command uses: the database, its key file (the
 * configured one, or onestop.key beside the database) and pool sizes.
 * key_buf must outlive the options. */
void cli_store_options(const os_config *c, store_options *so, bool create, char *key_buf,
                       size_t key_cap);

#endif
