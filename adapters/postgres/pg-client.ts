import { CadlensError, storeConflict, storeUnavailable } from 'cadlens';

/** The part of a `pg` query result the adapter uses. */
export interface PgQueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number | null;
}

/** The part of a `pg.PoolClient` the adapter uses (structural, so `@types/pg` is not required). */
export interface PgClientLike {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
  release(err?: Error | boolean): void;
}

/** The part of a `pg.Pool` the adapter uses. Pass your own `new pg.Pool(...)`. */
export interface PgPoolLike {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
  on?(event: 'error', listener: (err: Error) => void): unknown;
}

/** How to reach PostgreSQL: an existing pool (not closed by cadlens) or a connection string. */
export type PgConnectionOptions =
  | { pool: PgPoolLike; connectionString?: never }
  | {
      pool?: never;
      /** `postgres://user:pass@host:5432/db`. Never logged or put into errors. */
      connectionString: string;
      /**
       * Extra `pg.Pool` options (`max`, `ssl`, …).
       * @defaultValue `{ max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 10000 }`
       */
      poolOptions?: Record<string, unknown>;
    };

/** @internal a pool plus whether cadlens owns (and must end) it. */
export interface ResolvedPool {
  pool: PgPoolLike;
  owned: boolean;
}

/**
 * Loads `pg` lazily (an optional peer dependency) and builds a pool, or uses the given one.
 *
 * @throws CadlensError `CONFIG_INVALID` when neither option is given or `pg` is not installed.
 * @internal
 */
export async function resolvePool(options: PgConnectionOptions): Promise<ResolvedPool> {
  if (options.pool) return { pool: options.pool, owned: false };
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new CadlensError('CONFIG_INVALID', 'postgres adapter needs `pool` or `connectionString`', { kind: 'permanent', stage: 'config' });
  }
  let pg: { Pool: new (cfg: Record<string, unknown>) => PgPoolLike };
  try {
    const mod = (await import('pg')) as unknown as { default?: typeof pg } & typeof pg;
    pg = mod.default ?? mod;
  } catch (e) {
    throw new CadlensError('CONFIG_INVALID', 'the postgres adapter needs the optional peer dependency `pg` (npm install pg)', {
      kind: 'systemic',
      stage: 'config',
      cause: e,
    });
  }
  const pool = new pg.Pool({
    max: 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10_000,
    ...(options.poolOptions ?? {}),
    connectionString: options.connectionString,
  });
  // An idle client whose backend dies emits 'error' on the pool; without a listener that would
  // crash the process. The next query reconnects; the failure itself surfaces as STORE_UNAVAILABLE.
  pool.on?.('error', () => undefined);
  return { pool, owned: true };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates a schema name and returns it double-quoted for SQL.
 * @throws CadlensError `CONFIG_INVALID`
 * @internal
 */
export function quoteSchema(schema: string): string {
  if (!IDENT.test(schema)) {
    throw new CadlensError('CONFIG_INVALID', 'postgres schema must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*, ≤ 63 chars)', {
      kind: 'permanent',
      stage: 'config',
      details: { option: 'schema' },
    });
  }
  return `"${schema}"`;
}

/**
 * Maps a `pg`/network error to a `CadlensError`. Unique violations become `STORE_CONFLICT`; every
 * other failure (connection refused/reset, backend terminated, missing table, …) is
 * `STORE_UNAVAILABLE` (systemic). Only the SQLSTATE and errno go into details: never the
 * connection string or query parameters.
 * @internal
 */
export function mapPgError(e: unknown, op: string, conflict?: { what: string; id: string }): CadlensError {
  const err = e as { code?: string; errno?: number; message?: string };
  if (err && typeof err === 'object' && (err as Record<symbol, unknown>)[Symbol.for('cadlens.error')] === true) return e as CadlensError;
  if (err?.code === '23505' && conflict) return storeConflict('postgres', conflict.what, conflict.id);
  const out = storeUnavailable('postgres', op, e);
  if (typeof err?.code === 'string') out.details.errorCode = err.code; // SQLSTATE or errno name
  // A schema nobody migrated fails every statement with "undefined table" (or "undefined schema"): say
  // so, since "unavailable" alone sends the reader looking for a network fault. Found when a
  // `cadlens worker` on an unmigrated CADLENS_PG_SCHEMA retried its dead letters with no other clue.
  if (err?.code === '42P01' || err?.code === '3F000')
    out.message = `${out.message}: its tables do not exist in this schema (SQLSTATE ${err.code}); run 'cadlens migrate' (or migrate()) on it first`;
  return out;
}
