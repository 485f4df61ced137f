import { CadlensError, throwIfAborted } from 'cadlens';
import { POSTGRES_MIGRATIONS, type EmbeddedMigration } from './migrations.js';
import { mapPgError, quoteSchema, resolvePool, type PgConnectionOptions } from './pg-client.js';
import { describePostgresFailure } from './describe-failure.js';

/** Options of {@link migrate}. */
export type MigrateOptions = PgConnectionOptions & {
  /**
   * Schema to create the tables in (created if missing).
   * @defaultValue `'public'`
   */
  schema?: string;
  signal?: AbortSignal;
};

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  alreadyApplied: string[];
}

/** @internal the shipped migrations (name, sha256, SQL). */
export function listMigrations(): readonly EmbeddedMigration[] {
  return POSTGRES_MIGRATIONS;
}

/**
 * Applies the shipped SQL migrations (`adapters/postgres/migrations/*.sql`) that are not yet
 * applied, in one transaction, under a transaction-scoped advisory lock keyed by the schema, so
 * concurrent `migrate` calls (several service replicas starting at once) are safe and idempotent.
 * Applied migrations are recorded in `<schema>.cadlens_migrations` with their sha256.
 *
 * @throws CadlensError `STORE_UNAVAILABLE` when the database cannot be reached or a statement
 *   fails; `STORE_CORRUPT` when an applied migration's checksum differs from the shipped one;
 *   `CONFIG_INVALID` for a bad schema name or missing `pg`; `ABORTED`.
 * @example
 * ```ts
 * await migrate({ connectionString: process.env.DATABASE_URL!, schema: 'cadlens' });
 * ```
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  throwIfAborted(options.signal);
  const schema = options.schema ?? 'public';
  const q = quoteSchema(schema);
  const { pool, owned } = await resolvePool(options);
  try {
    let client;
    try {
      client = await pool.connect();
    } catch (e) {
      throw mapPgError(e, 'migrate');
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cadlens.migrate:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
      await client.query(`SET LOCAL search_path TO ${q}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${q}.cadlens_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Map(
        (await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${q}.cadlens_migrations`)).rows.map((r) => [r.name, r.checksum]),
      );
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const m of POSTGRES_MIGRATIONS) {
        throwIfAborted(options.signal);
        const prev = done.get(m.name);
        if (prev !== undefined) {
          if (prev !== m.checksum) {
            throw new CadlensError('STORE_CORRUPT', `migration ${m.name} was changed after it was applied`, {
              kind: 'systemic',
              stage: 'storage',
              details: { migration: m.name, schema },
            });
          }
          result.alreadyApplied.push(m.name);
          continue;
        }
        await client.query(m.sql);
        await client.query(`INSERT INTO ${q}.cadlens_migrations (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        result.applied.push(m.name);
      }
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw mapPgError(e, 'migrate');
    } finally {
      client.release();
    }
  } finally {
    if (owned) await pool.end().catch(() => undefined);
  }
}

/** Streams and environment for {@link runMigrateCommand} (defaults: the process's). */
export interface MigrateCommandIo {
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
  env?: Record<string, string | undefined>;
}

const HELP = `Usage: cadlens migrate [--database-url <url>] [--schema <name>] [--list]

Applies cadlens's PostgreSQL migrations (idempotent; safe to run from several replicas at once).

  --database-url <url>  Connection string (default: $DATABASE_URL, then $CADLENS_DATABASE_URL)
  --schema <name>       Target schema (default: $CADLENS_PG_SCHEMA, as 'cadlens serve' uses, then public)
  --list                Print the shipped migrations and exit
  -h, --help            Show this help
`;

/**
 * The `cadlens migrate` CLI command. Returns the process exit code (0 ok, 1 failure, 2 usage).
 * The connection string is never printed.
 *
 * @example
 * ```ts
 * process.exitCode = await runMigrateCommand(process.argv.slice(3));
 * ```
 */
export async function runMigrateCommand(argv: readonly string[], io: MigrateCommandIo = {}): Promise<number> {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  let url: string | undefined;
  let schema: string | undefined;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      return argv[++i];
    };
    if (a === '-h' || a === '--help') {
      out.write(HELP);
      return 0;
    } else if (a === '--list') list = true;
    else if (a === '--database-url' || a.startsWith('--database-url=')) url = value();
    else if (a === '--schema' || a.startsWith('--schema=')) schema = value();
    else {
      err.write(`cadlens migrate: unknown argument ${JSON.stringify(a.startsWith('--database-url') ? '--database-url' : a)}\n${HELP}`);
      return 2;
    }
  }
  if (list) {
    for (const m of POSTGRES_MIGRATIONS) out.write(`${m.name}  sha256:${m.checksum}\n`);
    return 0;
  }
  url ??= env.DATABASE_URL ?? env.CADLENS_DATABASE_URL;
  // The schema 'cadlens serve' opens, so that migrate-then-serve with one environment agree.
  schema ??= env.CADLENS_PG_SCHEMA || undefined;
  if (!url) {
    err.write('cadlens migrate: no database: pass --database-url or set DATABASE_URL\n');
    return 2;
  }
  try {
    const r = await migrate({ connectionString: url, schema });
    for (const n of r.applied) out.write(`applied ${n}\n`);
    out.write(`schema ${schema ?? 'public'} is up to date (${r.applied.length} applied, ${r.alreadyApplied.length} already applied)\n`);
    return 0;
  } catch (e) {
    err.write(`cadlens migrate: ${describePostgresFailure(e, url)}\n`);
    return 1;
  }
}
