/**
 * `cadlens/adapters/postgres`: the four cadlens stores on PostgreSQL (`pg`, optional peer
 * dependency), the shipped SQL migrations, `migrate()` and the `cadlens migrate` command.
 * See docs/adapters/postgres.md.
 *
 * @packageDocumentation
 * @module cadlens/adapters/postgres
 */
export { createPostgresStores } from './postgres-stores.js';
export type { PostgresStores, PostgresStoresOptions } from './postgres-stores.js';
export { migrate, runMigrateCommand, listMigrations } from './migrate.js';
export { describePostgresFailure } from './describe-failure.js';
export type { MigrateOptions, MigrateResult, MigrateCommandIo } from './migrate.js';
export type { PgConnectionOptions, PgPoolLike, PgClientLike, PgQueryResult } from './pg-client.js';
