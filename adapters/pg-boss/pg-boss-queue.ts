import { readFile } from 'node:fs/promises';
import { CadlensError, createDeadLetterQueue, isCadlensError, type AnalysisResult, type DeadLetterQueue, type DeadLetterQueueOptions, type DeadLetterRecord, type ErrorKind } from 'cadlens';
import type PgBoss from 'pg-boss';

/** Where a job's input is: a path on storage every worker sees, a URL a worker may fetch, or the bytes themselves (stored in Postgres with the job). */
export type AnalysisJobInput = { path: string } | { url: string } | { bytesBase64: string };

/** The data of one analysis job in pg-boss. */
export interface AnalysisJobData {
  input: AnalysisJobInput;
  /** Name for messages and `result.input.name`. */
  name: string;
  batchId: string;
  correlationId?: string;
}

/** What a finished job holds as its pg-boss output: exactly one of a result or a dead letter. */
export type AnalysisJobOutcome = { outcome: 'result'; result: AnalysisResult } | { outcome: 'dead_letter'; deadLetterId: string; code: string; kind: ErrorKind };

/** Options of {@link createPgBossQueue}. */
export interface PgBossQueueOptions {
  /** A started pg-boss instance (you own it), or… */
  boss?: PgBoss;
  /** …a connection string: the queue creates, starts and (on `close()`) stops its own pg-boss. */
  connectionString?: string;
  /** pg-boss schema when the queue creates pg-boss. @defaultValue `'pgboss'` */
  schema?: string;
  /** Queue name. @defaultValue `'cadlens-analyze'` */
  queue?: string;
  /** Retries of a transient failure (pg-boss backoff). @defaultValue 3 */
  retryLimit?: number;
  /** First retry delay (s); doubled by pg-boss's backoff. @defaultValue 2 */
  retryDelaySeconds?: number;
  /** A job whose worker stops answering expires after this long and runs again elsewhere (s). @defaultValue 900 */
  expireInSeconds?: number;
  /** How often the queue's own pg-boss runs maintenance, which expires such jobs (s). @defaultValue pg-boss's (120) */
  maintenanceIntervalSeconds?: number;
}

/** What a worker analyses with: `createNodeAnalyzer()` or the pool, *without* a dead-letter queue (the queue records its own). */
export interface QueueAnalyzer {
  analyze(bytes: Uint8Array, options: { name: string; requestId: string; signal?: AbortSignal }): Promise<AnalysisResult>;
}

/** Counts of a batch by pg-boss state. */
export interface BatchStatus {
  batchId: string;
  total: number;
  byState: Partial<Record<'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed', number>>;
}

/** One finished job of a batch. */
export type BatchResult = { jobId: string; name: string; correlationId: string | null } & AnalysisJobOutcome;

/** An analysis queue on pg-boss (see {@link createPgBossQueue}). */
export interface PgBossAnalysisQueue {
  /** Enqueue one job per input; resolves to the batch id and the job ids in input order. */
  submit(items: readonly { input: AnalysisJobInput; name: string; correlationId?: string }[], options?: { batchId?: string }): Promise<{ batchId: string; jobIds: string[] }>;
  /**
   * Consume jobs until `stop()`: each job is analysed with `analyzer`; a result completes it, a
   * permanent error goes straight to the dead-letter store, a transient one is retried by pg-boss, and
   * the last failed retry is dead-lettered too. `deadLetters` are the options of the dead-letter queue
   * the jobs write with (its store, audit, secrets…): the record id is the job id, so a job re-run after
   * its worker died between recording and completing finds its dead letter instead of writing a second.
   * Jobs run one at a time per call of `work` (call it again, or run more processes, for more).
   */
  work(worker: { analyzer: QueueAnalyzer; deadLetters: Omit<DeadLetterQueueOptions, 'generateId'> }): Promise<{ stop(): Promise<void> }>;
  status(batchId: string): Promise<BatchStatus>;
  /**
   * Re-enqueues dead-lettered jobs through pg-boss: for each record id (= the job id), a new job with
   * the original job's data (same input reference, batch and correlation id); the record is marked
   * `reprocessed` by the queue's `reprocess`. Resolves to the new job ids, in order.
   * @throws CadlensError `DLQ_NOT_FOUND`, `USAGE` (not pending, or no such job in pg-boss)
   */
  redrive(deadLetters: DeadLetterQueue, recordIds: readonly string[]): Promise<string[]>;
  /** The finished jobs of a batch (completed: a result or a dead letter), oldest first. */
  results(batchId: string): Promise<BatchResult[]>;
  /** Stops the pg-boss this queue created (graceful: running jobs finish). */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Loads pg-boss only when a queue is created (optional peer dependency). */
async function loadPgBoss(): Promise<typeof PgBoss> {
  try {
    return (await import('pg-boss')).default;
  } catch (error) {
    throw new CadlensError('CONFIG_INVALID', 'cadlens/adapters/pg-boss needs the pg-boss package (npm install pg-boss@10)', { stage: 'config', cause: error });
  }
}

async function readInput(input: AnalysisJobInput, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if ('bytesBase64' in input) return new Uint8Array(Buffer.from(input.bytesBase64, 'base64'));
  if ('path' in input) {
    try {
      return new Uint8Array(await readFile(input.path, signal ? { signal } : {}));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A missing or unreadable file will not appear by retrying; a busy disk might.
      const kind: ErrorKind = code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' ? 'permanent' : 'transient';
      throw new CadlensError(code === 'ENOENT' ? 'INTAKE_NOT_FOUND' : code === 'EISDIR' ? 'INTAKE_NOT_A_FILE' : 'INTAKE_NOT_READABLE', `cannot read the job's input file (${code ?? 'error'})`, { stage: 'input', kind, cause: error });
    }
  }
  const res = await fetch(input.url, signal ? { signal } : {});
  if (!res.ok) {
    throw new CadlensError('INTAKE_NOT_READABLE', `the job's input URL answered ${res.status}`, { stage: 'input', kind: res.status >= 500 || res.status === 429 ? 'transient' : 'permanent' });
  }
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Records the job's dead letter under the job's id, once: if a previous run of the job already
 * recorded it (and died before completing), that record is the answer.
 */
async function deadLetterOnce(
  options: Omit<DeadLetterQueueOptions, 'generateId'>,
  jobId: string,
  entry: Parameters<ReturnType<typeof createDeadLetterQueue>['add']>[0],
): Promise<DeadLetterRecord> {
  const queue = createDeadLetterQueue({ ...options, generateId: () => jobId });
  try {
    return await queue.add(entry);
  } catch (error) {
    if (!isCadlensError(error) || error.code !== 'STORE_CONFLICT') throw error;
    const existing = await options.store.get(jobId);
    if (!existing) throw error;
    return existing;
  }
}

/**
 * An analysis queue on pg-boss 10 (Postgres or Supabase): `submit` on any machine, `work` on any
 * number of machines. pg-boss retries transient failures with backoff and re-runs a job whose worker
 * died (no completion before `expireInSeconds`); each job ends completed with one
 * {@link AnalysisJobOutcome} as its output.
 *
 * @example
 * ```ts
 * import { createPgBossQueue } from 'cadlens/adapters/pg-boss';
 * const queue = await createPgBossQueue({ connectionString: process.env.DATABASE_URL });
 * const { batchId } = await queue.submit([{ input: { path: '/shared/parts/a.step' }, name: 'a.step' }]);
 * ```
 */
export async function createPgBossQueue(options: PgBossQueueOptions): Promise<PgBossAnalysisQueue> {
  const queue = options.queue ?? 'cadlens-analyze';
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema)) throw new CadlensError('CONFIG_INVALID', 'schema must be a lower-case SQL identifier', { stage: 'config' });
  let owned = false;
  let boss = options.boss;
  if (!boss) {
    if (!options.connectionString) throw new CadlensError('CONFIG_INVALID', 'createPgBossQueue needs `boss` or `connectionString`', { stage: 'config' });
    const PgBossClass = await loadPgBoss();
    boss = new PgBossClass({
      connectionString: options.connectionString,
      schema,
      ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    });
    boss.on('error', () => undefined); // pg-boss reports maintenance errors here; they must not crash the host
    await boss.start();
    owned = true;
  }
  const b = boss;
  const retryLimit = options.retryLimit ?? 3;
  await b.createQueue(queue, {
    name: queue,
    retryLimit,
    retryDelay: options.retryDelaySeconds ?? 2,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 900,
  });
  const tables = `${schema}.job`;
  const archive = `${schema}.archive`;

  return {
    async submit(items, submitOptions = {}) {
      const batchId = submitOptions.batchId ?? crypto.randomUUID();
      const jobIds: string[] = [];
      for (const item of items) {
        const data: AnalysisJobData = { input: item.input, name: item.name, batchId, ...(item.correlationId ? { correlationId: item.correlationId } : {}) };
        const id = await b.send(queue, data);
        if (!id) throw new CadlensError('STORE_UNAVAILABLE', 'pg-boss did not accept the job', { stage: 'storage', kind: 'transient' });
        jobIds.push(id);
      }
      return { batchId, jobIds };
    },

    async work({ analyzer, deadLetters }) {
      const workerId = await b.work<AnalysisJobData>(queue, { batchSize: 1, includeMetadata: true }, async ([job]) => {
        if (!job) return undefined;
        const { data } = job;
        const attempt = job.retryCount + 1;
        let bytes: Uint8Array | undefined;
        let error: unknown;
        try {
          bytes = await readInput(data.input, undefined);
          const result = await analyzer.analyze(bytes, { name: data.name, requestId: job.id });
          if (!result.error) return { outcome: 'result', result } satisfies AnalysisJobOutcome;
          error = new CadlensError(result.error.code as never, result.error.message, { kind: result.error.kind, ...(result.error.stage ? { stage: result.error.stage as never } : {}) });
        } catch (thrown) {
          error = thrown;
        }
        const kind: ErrorKind = isCadlensError(error) ? error.kind : 'transient';
        // Transient and retries left: fail the attempt, pg-boss runs it again after its backoff.
        if (kind !== 'permanent' && job.retryCount < job.retryLimit) throw error;
        const record = await deadLetterOnce(deadLetters, job.id, {
          error,
          input: { name: data.name, ...(bytes ? { bytes } : {}) },
          stage: isCadlensError(error) && error.stage ? error.stage : 'unknown',
          requestId: job.id,
        });
        return { outcome: 'dead_letter', deadLetterId: record.id, code: record.error.code, kind: record.error.kind, attempts: attempt } as AnalysisJobOutcome;
      });
      return { stop: () => b.offWork({ id: workerId }) };
    },

    async redrive(deadLetters, recordIds) {
      const jobIds: string[] = [];
      for (const id of recordIds) {
        let newId: string | null = null;
        const outcome = await deadLetters.reprocess(id, async () => {
          const job = await b.getJobById<AnalysisJobData>(queue, id, { includeArchive: true });
          if (!job) throw new CadlensError('USAGE', `no pg-boss job ${id} in queue ${queue} to re-enqueue`, { kind: 'permanent' });
          newId = await b.send(queue, job.data);
          if (!newId) throw new CadlensError('STORE_UNAVAILABLE', 'pg-boss did not accept the job', { stage: 'storage', kind: 'transient' });
        });
        if (outcome.outcome !== 'reprocessed' || !newId) throw outcome.error ?? new CadlensError('USAGE', `dead letter ${id} was not re-enqueued`, { kind: 'permanent' });
        jobIds.push(newId);
      }
      return jobIds;
    },

    async status(batchId) {
      const { rows } = await b.getDb().executeSql(
        `SELECT state, count(*)::int AS n FROM (SELECT state FROM ${tables} WHERE name = $1 AND data->>'batchId' = $2
         UNION ALL SELECT state FROM ${archive} WHERE name = $1 AND data->>'batchId' = $2) j GROUP BY state`,
        [queue, batchId],
      );
      const byState: BatchStatus['byState'] = {};
      let total = 0;
      for (const r of rows as { state: keyof BatchStatus['byState']; n: number }[]) {
        byState[r.state] = r.n;
        total += r.n;
      }
      return { batchId, total, byState };
    },

    async results(batchId) {
      const { rows } = await b.getDb().executeSql(
        `SELECT id, data, output, completed_on FROM (SELECT id, data, output, completed_on, state FROM ${tables} WHERE name = $1 AND data->>'batchId' = $2
         UNION ALL SELECT id, data, output, completed_on, state FROM ${archive} WHERE name = $1 AND data->>'batchId' = $2) j
         WHERE state = 'completed' ORDER BY completed_on, id`,
        [queue, batchId],
      );
      return (rows as { id: string; data: AnalysisJobData; output: AnalysisJobOutcome }[]).map((r) => ({
        jobId: r.id,
        name: r.data.name,
        correlationId: r.data.correlationId ?? null,
        ...r.output,
      }));
    },

    async close() {
      if (owned) await b.stop({ graceful: true, wait: true });
    },
  };
}
