/* db_schema: embedded schema migrations, numbered from 1, one script per backend. */
#ifndef XG_DB_SCHEMA_H
#define XG_DB_SCHEMA_H

struct db_migration {
	const char *sqlite;
	const char *pg;
};

/* The newest schema version this binary knows. */
int db_schema_latest(void);
/* Migration number version (1..latest), or NULL; static storage. */
const struct db_migration *db_schema_migration(int version);

#endif
