import {
  deadLetterNotFound,
  throwIfAborted,
  type AuditEvent,
  type AuditQuery,
  type AuditStore,
  type BreakerSharedState,
  type BreakerStateStore,
  type BreakerStateUpdate,
  type CadlensStores,
  type DeadLetterFilter,
  type DeadLetterKindCounts,
  type DeadLetterPatch,
  type DeadLetterRecord,
  type DeadLetterStore,
  type IsoTime,
  type MetricsSampleStore,
  type ProcessingSample,
  type SampleAggregate,
  type SampleWindow,
  type StoreCallOptions,
  type StoreCapabilities,
} from 'cadlens';
import { auditEventFromRow, breakerStateFromRow, deadLetterFromRow, sampleFromRow, type Row } from '../shared/schema-rows.js';
import { mapPgError, quoteSchema, resolvePool, type PgConnectionOptions, type PgPoolLike } from './pg-client.js';

/** Options of {@link createPostgresStores}. */
export type PostgresStoresOptions = PgConnectionOptions & {
  /**
   * Schema holding the tables (run {@link migrate} for it first).
   * @defaultValue `'public'`
   */
  schema?: string;
  signal?: AbortSignal;
};

const CAPS: StoreCapabilities = { persistent: true, multiProcess: true, serverSideQuery: true };
const ID = 'postgres';


/** @internal runs one statement, mapping failures to CadlensError. */
class Db {
  constructor(
    readonly pool: PgPoolLike,
    readonly s: string,
  ) {}
  async q<R = Row>(op: string, text: string, values: unknown[] = [], signal?: AbortSignal, conflict?: { what: string; id: string }): Promise<{ rows: R[]; rowCount: number }> {
    throwIfAborted(signal);
    try {
      const r = await this.pool.query<R>(text, values);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    } catch (e) {
      throw mapPgError(e, op, conflict);
    }
  }
}

// ------------------------------------------------------------------ dead letters


/** @internal builds `WHERE …` for a time window plus extra equality filters. */
function where(parts: [string, unknown][], since?: string, until?: string): { sql: string; values: unknown[] } {
  const conds: string[] = [];
  const values: unknown[] = [];
  for (const [col, v] of parts) {
    if (v === undefined) continue;
    values.push(v);
    conds.push(`${col} = $${values.length}`);
  }
  if (since !== undefined) {
    values.push(since);
    conds.push(`time >= $${values.length}`);
  }
  if (until !== undefined) {
    values.push(until);
    conds.push(`time < $${values.length}`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', values };
}

class PgDeadLetterStore implements DeadLetterStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  private readonly t: string;
  constructor(private readonly db: Db) {
    this.t = `${db.s}.failed_cad_analyses`;
  }

  async put(r: DeadLetterRecord, options?: StoreCallOptions): Promise<void> {
    await this.db.q(
      'deadLetters.put',
      `INSERT INTO ${this.t} (id, time, request_id, input_name, input_size_bytes, input_sha256, input_bytes, error_code, error_kind,
        error_message, error_stack, stage, tier, retry_count, attempts, status, resolution)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15::jsonb,$16,$17::jsonb)`,
      [
        r.id, r.time, r.requestId ?? null, r.input.name, r.input.sizeBytes, r.input.sha256, r.input.bytes ?? null,
        r.error.code, r.error.kind, r.error.message, r.error.stack ?? null, r.stage, r.tier, r.retryCount,
        JSON.stringify(r.attempts ?? []), r.status, r.resolution === undefined ? null : JSON.stringify(r.resolution),
      ],
      options?.signal,
      { what: 'dead letter', id: r.id },
    );
  }

  async get(id: string, options?: StoreCallOptions): Promise<DeadLetterRecord | undefined> {
    const { rows } = await this.db.q('deadLetters.get', `SELECT * FROM ${this.t} WHERE id = $1`, [id], options?.signal);
    return rows[0] ? deadLetterFromRow(rows[0]) : undefined;
  }

  async list(f: DeadLetterFilter = {}, options?: StoreCallOptions): Promise<DeadLetterRecord[]> {
    const w = where([['error_kind', f.kind], ['error_code', f.code], ['status', f.status]], f.since, f.until);
    const dir = f.order === 'asc' ? 'ASC' : 'DESC';
    let limit = '';
    if (f.limit !== undefined) {
      w.values.push(Math.max(0, Math.floor(f.limit)));
      limit = `LIMIT $${w.values.length}`;
    }
    const { rows } = await this.db.q('deadLetters.list', `SELECT * FROM ${this.t} ${w.sql} ORDER BY time ${dir}, id ${dir} ${limit}`, w.values, options?.signal);
    return rows.map(deadLetterFromRow);
  }

  async update(id: string, p: DeadLetterPatch, options?: StoreCallOptions): Promise<DeadLetterRecord> {
    const sets: string[] = ['updated_at = now()'];
    const values: unknown[] = [id];
    const set = (col: string, v: unknown, cast = '') => {
      values.push(v);
      sets.push(`${col} = $${values.length}${cast}`);
    };
    if (p.status !== undefined) set('status', p.status);
    if (p.retryCount !== undefined) set('retry_count', p.retryCount);
    if (p.attempts !== undefined) set('attempts', JSON.stringify(p.attempts), '::jsonb');
    if (p.resolution !== undefined) set('resolution', JSON.stringify(p.resolution), '::jsonb');
    const { rows } = await this.db.q('deadLetters.update', `UPDATE ${this.t} SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, values, options?.signal);
    if (!rows[0]) throw deadLetterNotFound(id);
    return deadLetterFromRow(rows[0]);
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    return (await this.db.q('deadLetters.purge', `DELETE FROM ${this.t} WHERE time < $1`, [olderThan], options?.signal)).rowCount;
  }

  async countByKind(range: { since?: IsoTime; until?: IsoTime }, options?: StoreCallOptions): Promise<DeadLetterKindCounts> {
    const w = where([], range.since, range.until);
    const { rows } = await this.db.q<{ k: string; n: string }>(
      'deadLetters.countByKind',
      `SELECT error_kind AS k, count(*) AS n FROM ${this.t} ${w.sql} GROUP BY error_kind`,
      w.values,
      options?.signal,
    );
    const c: DeadLetterKindCounts = { transient: 0, permanent: 0, systemic: 0 };
    for (const r of rows) if (r.k in c) c[r.k as keyof DeadLetterKindCounts] = Number(r.n);
    return c;
  }
}

// ------------------------------------------------------------------ audit

class PgAuditStore implements AuditStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  private readonly t: string;
  constructor(private readonly db: Db) {
    this.t = `${db.s}.cad_processing_audit`;
  }

  async append(e: AuditEvent, options?: StoreCallOptions): Promise<void> {
    await this.db.q(
      'audit.append',
      `INSERT INTO ${this.t} (id, time, event_type, request_id, part_sha256, details) VALUES ($1,$2,$3,$4,$5,$6::jsonb)`,
      [e.id, e.time, e.type, e.requestId, e.partSha256, JSON.stringify(e.details ?? {})],
      options?.signal,
      { what: 'audit event', id: e.id },
    );
  }

  async query(q: AuditQuery = {}, options?: StoreCallOptions): Promise<AuditEvent[]> {
    const w = where([['request_id', q.requestId], ['part_sha256', q.partSha256]], q.since, q.until);
    if (q.type !== undefined) {
      w.values.push(typeof q.type === 'string' ? [q.type] : [...q.type]);
      w.sql = `${w.sql ? `${w.sql} AND` : 'WHERE'} event_type = ANY($${w.values.length}::text[])`;
    }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    let limit = '';
    if (q.limit !== undefined) {
      w.values.push(Math.max(0, Math.floor(q.limit)));
      limit = `LIMIT $${w.values.length}`;
    }
    const { rows } = await this.db.q('audit.query', `SELECT * FROM ${this.t} ${w.sql} ORDER BY time ${dir}, id ${dir} ${limit}`, w.values, options?.signal);
    return rows.map(auditEventFromRow);
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    return (await this.db.q('audit.purge', `DELETE FROM ${this.t} WHERE time < $1`, [olderThan], options?.signal)).rowCount;
  }
}

// ------------------------------------------------------------------ metrics samples

class PgMetricsSampleStore implements MetricsSampleStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  private readonly t: string;
  constructor(private readonly db: Db) {
    this.t = `${db.s}.cad_processing_samples`;
  }

  async record(s: ProcessingSample, options?: StoreCallOptions): Promise<void> {
    await this.db.q(
      'metrics.record',
      `INSERT INTO ${this.t} (time, duration_ms, quality_score, recognized, tier, ok, request_id) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [s.time, s.durationMs, s.qualityScore, s.recognized, s.tier, s.ok, s.requestId ?? null],
      options?.signal,
    );
  }

  async query(win: SampleWindow = {}, options?: StoreCallOptions): Promise<ProcessingSample[]> {
    const w = where([], win.since, win.until);
    const { rows } = await this.db.q('metrics.query', `SELECT * FROM ${this.t} ${w.sql} ORDER BY time ASC, id ASC`, w.values, options?.signal);
    return rows.map(sampleFromRow);
  }

  async purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number> {
    return (await this.db.q('metrics.purge', `DELETE FROM ${this.t} WHERE time < $1`, [olderThan], options?.signal)).rowCount;
  }

  async aggregate(win: SampleWindow, options?: StoreCallOptions): Promise<SampleAggregate> {
    const w = where([], win.since, win.until);
    const { rows } = await this.db.q(
      'metrics.aggregate',
      `SELECT count(*) AS count, coalesce(sum(duration_ms), 0) AS sum_d, count(quality_score) AS q_count,
              coalesce(sum(quality_score), 0) AS sum_q, count(*) FILTER (WHERE recognized) AS rec, count(*) FILTER (WHERE ok) AS ok
         FROM ${this.t} ${w.sql}`,
      w.values,
      options?.signal,
    );
    const r = rows[0];
    return {
      count: Number(r.count),
      sumDurationMs: Number(r.sum_d),
      qualityCount: Number(r.q_count),
      sumQualityScore: Number(r.sum_q),
      recognizedCount: Number(r.rec),
      okCount: Number(r.ok),
    };
  }
}

// ------------------------------------------------------------------ breaker state


/**
 * Breaker state in `system_state`. Every write is one statement, so it is atomic under READ
 * COMMITTED: a concurrent UPDATE of the same row waits and re-checks its WHERE clause on the
 * committed row, so of N racing compare-and-sets (or lease grabs) exactly one matches.
 */
class PgBreakerStateStore implements BreakerStateStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  private readonly t: string;
  constructor(private readonly db: Db) {
    this.t = `${db.s}.system_state`;
  }

  async get(name: string, options?: StoreCallOptions): Promise<BreakerSharedState | undefined> {
    const { rows } = await this.db.q('breakerState.get', `SELECT * FROM ${this.t} WHERE name = $1`, [name], options?.signal);
    return rows[0] ? breakerStateFromRow(rows[0]) : undefined;
  }

  async compareAndSet(name: string, expectedVersion: number, n: BreakerStateUpdate, options?: StoreCallOptions): Promise<boolean> {
    const v = [name, n.state, n.failureCount, n.openedAt, n.lastFailureTime, n.windowStartedAt];
    if (expectedVersion === 0) {
      const r = await this.db.q(
        'breakerState.compareAndSet',
        `INSERT INTO ${this.t} (name, state, failure_count, opened_at, last_failure_time, window_started_at, version)
         VALUES ($1,$2,$3,$4,$5,$6,1) ON CONFLICT (name) DO NOTHING`,
        v,
        options?.signal,
      );
      return r.rowCount === 1;
    }
    const r = await this.db.q(
      'breakerState.compareAndSet',
      `UPDATE ${this.t} SET state = $2, failure_count = $3, opened_at = $4, last_failure_time = $5, window_started_at = $6,
              version = version + 1, updated_at = now()
        WHERE name = $1 AND version = $7`,
      [...v, expectedVersion],
      options?.signal,
    );
    return r.rowCount === 1;
  }

  async acquireProbeLease(name: string, owner: string, ttlMs: number, now: number, options?: StoreCallOptions): Promise<boolean> {
    const r = await this.db.q(
      'breakerState.acquireProbeLease',
      `UPDATE ${this.t} SET probe_lease_owner = $2, probe_lease_expires_at = $3::bigint + $4::bigint, updated_at = now()
        WHERE name = $1
          AND (probe_lease_owner IS NULL OR probe_lease_expires_at IS NULL OR probe_lease_expires_at <= $3::bigint OR probe_lease_owner = $2)`,
      [name, owner, now, ttlMs],
      options?.signal,
    );
    return r.rowCount === 1;
  }

  async releaseProbeLease(name: string, owner: string, options?: StoreCallOptions): Promise<boolean> {
    const r = await this.db.q(
      'breakerState.releaseProbeLease',
      `UPDATE ${this.t} SET probe_lease_owner = NULL, probe_lease_expires_at = NULL, updated_at = now()
        WHERE name = $1 AND probe_lease_owner = $2`,
      [name, owner],
      options?.signal,
    );
    return r.rowCount === 1;
  }
}

/** The Postgres adapter's stores. */
export interface PostgresStores extends CadlensStores {
  /** The pool in use (yours when you passed `pool`). */
  readonly pool: PgPoolLike;
  /** The schema in use. */
  readonly schema: string;
}

/**
 * The four cadlens stores on PostgreSQL via `pg` (an optional peer dependency, imported lazily when
 * you pass `connectionString`). Run {@link migrate} for the schema first.
 *
 * `close()` ends the pool only when cadlens created it (from `connectionString`).
 *
 * @throws CadlensError `CONFIG_INVALID` (bad schema name, neither `pool` nor `connectionString`,
 *   `pg` missing). Store methods throw `STORE_UNAVAILABLE` (systemic) while the database is
 *   unreachable and work again once it is back.
 * @example
 * ```ts
 * await migrate({ connectionString: url });
 * const stores = await createPostgresStores({ connectionString: url });
 * const analyzer = createAnalyzer({ stores });
 * ```
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<PostgresStores> {
  throwIfAborted(options.signal);
  const schema = options.schema ?? 'public';
  const s = quoteSchema(schema);
  const { pool, owned } = await resolvePool(options);
  const db = new Db(pool, s);
  let closed = false;
  return {
    id: ID,
    pool,
    schema,
    deadLetters: new PgDeadLetterStore(db),
    audit: new PgAuditStore(db),
    metrics: new PgMetricsSampleStore(db),
    breakerState: new PgBreakerStateStore(db),
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await pool.end().catch(() => undefined);
    },
  };
}
