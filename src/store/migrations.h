/* migrations.h - numbered schema migrations compiled into the binary
 * (generated from src/store/migrations/NNNN_*.sql by tools/embed-sql.sh). */
#ifndef ONESTOP_STORE_MIGRATIONS_H
#define ONESTOP_STORE_MIGRATIONS_H

typedef struct store_migration {
	int version;
	const char *name;
	const char *sql;
} store_migration;

extern const store_migration store_migrations[];
extern const int store_migrations_count;

#endif
