import {
  CadlensError,
  deadLetterNotFound,
  storeConflict,
  throwIfAborted,
  type AuditEvent,
  type AuditQuery,
  type AuditStore,
  type BreakerSharedState,
  type BreakerStateStore,
  type BreakerStateUpdate,
  type CadlensStores,
  type DeadLetterFilter,
  type DeadLetterPatch,
  type DeadLetterRecord,
  type DeadLetterStore,
  type IsoTime,
  type MetricsSampleStore,
  type ProcessingSample,
  type SampleWindow,
  type StoreCallOptions,
  type StoreCapabilities,
} from 'cadlens';
import { auditEventFromRow, breakerStateFromRow, deadLetterFromRow, sampleFromRow, type Row } from '../shared/schema-rows.js';

/**
 * The chainable PostgREST query builder of `@supabase/supabase-js` (structural subset, so the
 * package's types are not needed to use or build this adapter).
 */
export interface PostgrestBuilderLike extends PromiseLike<{ data: unknown; error: { code?: string; message?: string } | null; count?: number | null; status: number }> {
  select(columns?: string, options?: { count?: 'exact'; head?: boolean }): PostgrestBuilderLike;
  insert(values: unknown): PostgrestBuilderLike;
  update(values: unknown): PostgrestBuilderLike;
  delete(options?: { count?: 'exact' }): PostgrestBuilderLike;
  eq(column: string, value: unknown): PostgrestBuilderLike;
  gte(column: string, value: unknown): PostgrestBuilderLike;
  lt(column: string, value: unknown): PostgrestBuilderLike;
  in(column: string, values: readonly unknown[]): PostgrestBuilderLike;
  or(filters: string): PostgrestBuilderLike;
  order(column: string, options: { ascending: boolean }): PostgrestBuilderLike;
  limit(n: number): PostgrestBuilderLike;
  abortSignal(signal: AbortSignal): PostgrestBuilderLike;
  retry?(enabled: boolean): PostgrestBuilderLike;
}

/** The part of a `SupabaseClient` the adapter uses. */
export interface SupabaseClientLike {
  from(table: string): PostgrestBuilderLike;
}

/** Options of {@link createSupabaseStores}. */
export type SupabaseStoresOptions = (
  | { client: SupabaseClientLike; url?: never; serviceRoleKey?: never }
  | {
      client?: never;
      /** Project URL, e.g. `https://xyz.supabase.co` (env `SUPABASE_URL`). */
      url: string;
      /**
       * The service-role key (env `SUPABASE_SERVICE_ROLE_KEY`). The tables deny `anon` and
       * `authenticated` by RLS, so only this key works. Never logged, never put in errors.
       */
      serviceRoleKey: string;
      /** Custom `fetch` (proxies, tests). @defaultValue global `fetch` */
      fetch?: typeof fetch;
      /** Postgres schema exposed by the project's API. @defaultValue `'public'` */
      schema?: string;
    }
) & { signal?: AbortSignal };

const ID = 'supabase';
const CAPS: StoreCapabilities = { persistent: true, multiProcess: true, serverSideQuery: true };


/** @internal Rebuilds an error without anything that could carry the key. */
function unavailable(op: string, status: number, error: { code?: string; message?: string } | null, secret: string | undefined): CadlensError {
  const scrub = (s: string | undefined) => (s && secret ? s.split(secret).join('[redacted]') : (s ?? ''));
  const cause = new Error(scrub(error?.message).slice(0, 500));
  return new CadlensError('STORE_UNAVAILABLE', `Store "${ID}" is unavailable (${op})`, {
    kind: 'systemic',
    stage: 'storage',
    cause,
    details: { store: ID, operation: op, httpStatus: status, ...(error?.code ? { errorCode: error.code } : {}) },
  });
}

/** @internal runs one PostgREST request and maps its failure. */
class Api {
  constructor(
    private readonly client: SupabaseClientLike,
    private readonly secret: string | undefined,
  ) {}

  async run<T = Row[]>(
    op: string,
    build: (from: (t: string) => PostgrestBuilderLike) => PostgrestBuilderLike,
    signal: AbortSignal | undefined,
    conflict?: { what: string; id: string },
  ): Promise<{ data: T; count: number | null }> {
    throwIfAborted(signal);
    let q = build((t) => this.client.from(t));
    // cadlens has its own retry policy (transient errors only): no hidden client retries.
    if (typeof q.retry === 'function') q = q.retry(false);
    if (signal) q = q.abortSignal(signal);
    let res: Awaited<PostgrestBuilderLike>;
    try {
      res = await q;
    } catch (e) {
      if (signal?.aborted) throwIfAborted(signal);
      throw unavailable(op, 0, { message: (e as Error)?.message }, this.secret);
    }
    if (res.error) {
      if (signal?.aborted) throwIfAborted(signal);
      if (res.error.code === '23505' && conflict) throw storeConflict(ID, conflict.what, conflict.id);
      throw unavailable(op, res.status, res.error, this.secret);
    }
    return { data: res.data as T, count: res.count ?? null };
  }
}

function dlqRow(r: DeadLetterRecord): Row {
  return {
    id: r.id,
    time: r.time,
    request_id: r.requestId ?? null,
    input_name: r.input.name,
    input_size_bytes: r.input.sizeBytes,
    input_sha256: r.input.sha256,
    input_bytes: r.input.bytes ?? null,
    error_code: r.error.code,
    error_kind: r.error.kind,
    error_message: r.error.message,
    error_stack: r.error.stack ?? null,
    stage: r.stage,
    tier: r.tier,
    retry_count: r.retryCount,
    attempts: r.attempts ?? [],
    status: r.status,
    resolution: r.resolution ?? null,
  };
}


function window<Q extends PostgrestBuilderLike>(q: Q, since?: string, until?: string): PostgrestBuilderLike {
  let out: PostgrestBuilderLike = q;
  if (since !== undefined) out = out.gte('time', since);
  if (until !== undefined) out = out.lt('time', until);
  return out;
}

class SbDeadLetterStore implements DeadLetterStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  constructor(private readonly api: Api) {}

  async put(r: DeadLetterRecord, o?: StoreCallOptions): Promise<void> {
    await this.api.run('deadLetters.put', (f) => f('failed_cad_analyses').insert(dlqRow(r)), o?.signal, { what: 'dead letter', id: r.id });
  }

  async get(id: string, o?: StoreCallOptions): Promise<DeadLetterRecord | undefined> {
    const { data } = await this.api.run('deadLetters.get', (f) => f('failed_cad_analyses').select('*').eq('id', id).limit(1), o?.signal);
    return data[0] ? deadLetterFromRow(data[0]) : undefined;
  }

  async list(fl: DeadLetterFilter = {}, o?: StoreCallOptions): Promise<DeadLetterRecord[]> {
    if (fl.limit !== undefined && fl.limit <= 0) {
      throwIfAborted(o?.signal);
      return [];
    }
    const asc = fl.order === 'asc';
    const { data } = await this.api.run(
      'deadLetters.list',
      (f) => {
        let q = f('failed_cad_analyses').select('*');
        if (fl.kind !== undefined) q = q.eq('error_kind', fl.kind);
        if (fl.code !== undefined) q = q.eq('error_code', fl.code);
        if (fl.status !== undefined) q = q.eq('status', fl.status);
        q = window(q, fl.since, fl.until).order('time', { ascending: asc }).order('id', { ascending: asc });
        return fl.limit !== undefined ? q.limit(Math.floor(fl.limit)) : q;
      },
      o?.signal,
    );
    return data.map(deadLetterFromRow);
  }

  async update(id: string, p: DeadLetterPatch, o?: StoreCallOptions): Promise<DeadLetterRecord> {
    const patch: Row = { updated_at: new Date().toISOString() };
    if (p.status !== undefined) patch.status = p.status;
    if (p.retryCount !== undefined) patch.retry_count = p.retryCount;
    if (p.attempts !== undefined) patch.attempts = p.attempts;
    if (p.resolution !== undefined) patch.resolution = p.resolution;
    const { data } = await this.api.run('deadLetters.update', (f) => f('failed_cad_analyses').update(patch).eq('id', id).select('*'), o?.signal);
    if (!data[0]) throw deadLetterNotFound(id);
    return deadLetterFromRow(data[0]);
  }

  async purge(olderThan: IsoTime, o?: StoreCallOptions): Promise<number> {
    const { count } = await this.api.run('deadLetters.purge', (f) => f('failed_cad_analyses').delete({ count: 'exact' }).lt('time', olderThan), o?.signal);
    return count ?? 0;
  }
}

class SbAuditStore implements AuditStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  constructor(private readonly api: Api) {}

  async append(e: AuditEvent, o?: StoreCallOptions): Promise<void> {
    await this.api.run(
      'audit.append',
      (f) => f('cad_processing_audit').insert({ id: e.id, time: e.time, event_type: e.type, request_id: e.requestId, part_sha256: e.partSha256, details: e.details ?? {} }),
      o?.signal,
      { what: 'audit event', id: e.id },
    );
  }

  async query(qy: AuditQuery = {}, o?: StoreCallOptions): Promise<AuditEvent[]> {
    if (qy.limit !== undefined && qy.limit <= 0) {
      throwIfAborted(o?.signal);
      return [];
    }
    const asc = qy.order !== 'desc';
    const { data } = await this.api.run(
      'audit.query',
      (f) => {
        let q = f('cad_processing_audit').select('*');
        if (qy.type !== undefined) q = typeof qy.type === 'string' ? q.eq('event_type', qy.type) : q.in('event_type', [...qy.type]);
        if (qy.requestId !== undefined) q = q.eq('request_id', qy.requestId);
        if (qy.partSha256 !== undefined) q = q.eq('part_sha256', qy.partSha256);
        q = window(q, qy.since, qy.until).order('time', { ascending: asc }).order('id', { ascending: asc });
        return qy.limit !== undefined ? q.limit(Math.floor(qy.limit)) : q;
      },
      o?.signal,
    );
    return data.map(auditEventFromRow);
  }

  async purge(olderThan: IsoTime, o?: StoreCallOptions): Promise<number> {
    const { count } = await this.api.run('audit.purge', (f) => f('cad_processing_audit').delete({ count: 'exact' }).lt('time', olderThan), o?.signal);
    return count ?? 0;
  }
}

class SbMetricsSampleStore implements MetricsSampleStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  constructor(private readonly api: Api) {}

  async record(s: ProcessingSample, o?: StoreCallOptions): Promise<void> {
    await this.api.run(
      'metrics.record',
      (f) =>
        f('cad_processing_samples').insert({
          time: s.time,
          duration_ms: s.durationMs,
          quality_score: s.qualityScore,
          recognized: s.recognized,
          tier: s.tier,
          ok: s.ok,
          request_id: s.requestId ?? null,
        }),
      o?.signal,
    );
  }

  async query(w: SampleWindow = {}, o?: StoreCallOptions): Promise<ProcessingSample[]> {
    const { data } = await this.api.run(
      'metrics.query',
      (f) => window(f('cad_processing_samples').select('*'), w.since, w.until).order('time', { ascending: true }).order('id', { ascending: true }),
      o?.signal,
    );
    return data.map(sampleFromRow);
  }

  async purge(olderThan: IsoTime, o?: StoreCallOptions): Promise<number> {
    const { count } = await this.api.run('metrics.purge', (f) => f('cad_processing_samples').delete({ count: 'exact' }).lt('time', olderThan), o?.signal);
    return count ?? 0;
  }
}

/** @internal a value quoted for a PostgREST logic tree (`or=(…)`). */
export function quotePostgrestValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Breaker state in `system_state`. Compare-and-set is one `PATCH …?name=eq.N&version=eq.V`
 * (a single UPDATE in PostgreSQL, atomic); creation is an INSERT whose unique violation means
 * "someone else created it"; the probe lease is one conditional PATCH with an `or=(…)` filter.
 */
class SbBreakerStateStore implements BreakerStateStore {
  readonly id = ID;
  readonly capabilities = CAPS;
  constructor(private readonly api: Api) {}

  async get(name: string, o?: StoreCallOptions): Promise<BreakerSharedState | undefined> {
    const { data } = await this.api.run('breakerState.get', (f) => f('system_state').select('*').eq('name', name).limit(1), o?.signal);
    const r = data[0];
    if (!r) return undefined;
    return breakerStateFromRow(r);
  }

  async compareAndSet(name: string, expectedVersion: number, n: BreakerStateUpdate, o?: StoreCallOptions): Promise<boolean> {
    const fields = {
      state: n.state,
      failure_count: n.failureCount,
      opened_at: n.openedAt,
      last_failure_time: n.lastFailureTime,
      window_started_at: n.windowStartedAt,
    };
    if (expectedVersion === 0) {
      try {
        await this.api.run('breakerState.compareAndSet', (f) => f('system_state').insert({ name, ...fields, version: 1 }), o?.signal, { what: 'breaker', id: name });
        return true;
      } catch (e) {
        if ((e as CadlensError).code === 'STORE_CONFLICT') return false;
        throw e;
      }
    }
    const { data } = await this.api.run(
      'breakerState.compareAndSet',
      (f) =>
        f('system_state')
          .update({ ...fields, version: expectedVersion + 1, updated_at: new Date().toISOString() })
          .eq('name', name)
          .eq('version', expectedVersion)
          .select('name'),
      o?.signal,
    );
    return data.length === 1;
  }

  async acquireProbeLease(name: string, owner: string, ttlMs: number, now: number, o?: StoreCallOptions): Promise<boolean> {
    const nowInt = Math.floor(now);
    const { data } = await this.api.run(
      'breakerState.acquireProbeLease',
      (f) =>
        f('system_state')
          .update({ probe_lease_owner: owner, probe_lease_expires_at: nowInt + Math.floor(ttlMs), updated_at: new Date().toISOString() })
          .eq('name', name)
          .or(`probe_lease_owner.is.null,probe_lease_expires_at.is.null,probe_lease_expires_at.lte.${nowInt},probe_lease_owner.eq.${quotePostgrestValue(owner)}`)
          .select('name'),
      o?.signal,
    );
    return data.length === 1;
  }

  async releaseProbeLease(name: string, owner: string, o?: StoreCallOptions): Promise<boolean> {
    const { data } = await this.api.run(
      'breakerState.releaseProbeLease',
      (f) =>
        f('system_state')
          .update({ probe_lease_owner: null, probe_lease_expires_at: null, updated_at: new Date().toISOString() })
          .eq('name', name)
          .eq('probe_lease_owner', owner)
          .select('name'),
      o?.signal,
    );
    return data.length === 1;
  }
}

/** @internal realtime is never used by the adapter. */
class NoRealtimeTransport {
  constructor() {
    throw new Error('cadlens supabase adapter does not use realtime');
  }
}

/**
 * The four cadlens stores on a Supabase project through its REST API (`@supabase/supabase-js`, an
 * optional peer dependency imported lazily when you pass `url` + `serviceRoleKey`). Apply the
 * migrations in `supabase/migrations/` first (`supabase db push`).
 *
 * @throws CadlensError `CONFIG_INVALID` when options are missing or the package is not installed.
 *   Store methods throw `STORE_UNAVAILABLE` (systemic; never containing the key) when the API fails.
 * @example
 * ```ts
 * const stores = await createSupabaseStores({
 *   url: process.env.SUPABASE_URL!,
 *   serviceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY!,
 * });
 * ```
 */
export async function createSupabaseStores(options: SupabaseStoresOptions): Promise<CadlensStores> {
  throwIfAborted(options.signal);
  let client: SupabaseClientLike;
  let secret: string | undefined;
  if (options.client) {
    client = options.client;
  } else {
    if (!options.url || !options.serviceRoleKey) {
      throw new CadlensError('CONFIG_INVALID', 'supabase adapter needs `client`, or `url` and `serviceRoleKey` (SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY)', {
        kind: 'permanent',
        stage: 'config',
        details: { url: Boolean(options.url), serviceRoleKey: Boolean(options.serviceRoleKey) },
      });
    }
    secret = options.serviceRoleKey;
    let createClient: (url: string, key: string, o: Record<string, unknown>) => SupabaseClientLike;
    try {
      ({ createClient } = (await import('@supabase/supabase-js')) as unknown as { createClient: typeof createClient });
    } catch (e) {
      throw new CadlensError('CONFIG_INVALID', 'the supabase adapter needs the optional peer dependency `@supabase/supabase-js`', {
        kind: 'systemic',
        stage: 'config',
        cause: e,
      });
    }
    try {
      client = createClient(options.url, options.serviceRoleKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        // Only REST is used. On Node < 22 supabase-js refuses to build its realtime client without
        // a WebSocket implementation; this placeholder satisfies it and fails loudly if ever used.
        realtime: { transport: NoRealtimeTransport },
        ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
        ...(options.schema ? { db: { schema: options.schema } } : {}),
      });
    } catch {
      // createClient validates the URL; its message could echo options, so it is not kept.
      throw new CadlensError('CONFIG_INVALID', 'supabase adapter: invalid SUPABASE_URL', { kind: 'permanent', stage: 'config' });
    }
  }
  const api = new Api(client, secret);
  return {
    id: ID,
    deadLetters: new SbDeadLetterStore(api),
    audit: new SbAuditStore(api),
    metrics: new SbMetricsSampleStore(api),
    breakerState: new SbBreakerStateStore(api),
    async close() {
      // supabase-js holds no connections for REST calls; nothing to release.
    },
  };
}
