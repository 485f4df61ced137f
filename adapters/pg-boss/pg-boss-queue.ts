import { hostname } from 'node:os';
import {
  CadlensError,
  classify,
  createDeadLetterQueue,
  isCadlensError,
  redactSecretText,
  type AnalysisResult,
  type DeadLetterQueue,
  type DeadLetterQueueOptions,
  type DeadLetterRecord,
  type ErrorKind,
  type RetryAttempt,
} from 'cadlens';
import type PgBoss from 'pg-boss';
import { createAttemptLog, type JobAttempt } from './attempt-log.js';
import { checkJobAnalysisOptions, jobAnalysisOptionsKey, type JobAnalysisOptions } from './job-analysis-options.js';
import { readJobInput, type AnalysisJobInput } from './read-job-input.js';
import type { SupabaseStorageOptions } from './supabase-storage-input.js';
import { parseInputUrl, urlSecrets, type UrlInputOptions } from './url-input.js';

export type { AnalysisJobInput } from './read-job-input.js';
export type { JobAnalysisOptions } from './job-analysis-options.js';
export type { UrlInputOptions } from './url-input.js';
export type { StorageObjectRef, SupabaseStorageOptions } from './supabase-storage-input.js';

/** The data of one analysis job in pg-boss. */
export interface AnalysisJobData {
  input: AnalysisJobInput;
  /** Name for messages and `result.input.name`. */
  name: string;
  batchId: string;
  correlationId?: string;
  /** How to analyse it (mesh mode, tier, recognition); absent: the worker's defaults. */
  options?: JobAnalysisOptions;
}

/**
 * What a finished job holds as its pg-boss output: exactly one of a result or a dead letter, and how
 * many attempts it took (the dead letter holds each attempt: time, worker, error code and kind).
 */
export type AnalysisJobOutcome = (
  | { outcome: 'result'; result: AnalysisResult }
  | { outcome: 'dead_letter'; deadLetterId: string; code: string; kind: ErrorKind }
) & { attempts: number; /** The worker that ended the job. */ workerId: string };

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
  /**
   * Retries of a transient failure or of a job whose worker died (pg-boss backoff). The queue asks
   * pg-boss for one run more: a job whose worker died on its last attempt is dead-lettered by that
   * run (pg-boss alone would mark it `failed`, with no dead letter). @defaultValue 3
   */
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
  /** Called by `stop()` for the analyzers `analyzerFor` made (the queue owns those; `analyzer` stays yours). */
  dispose?(): Promise<void>;
}

/** Options of {@link PgBossAnalysisQueue.work}. */
export interface WorkOptions {
  /** Analyses jobs submitted without analysis options. */
  analyzer: QueueAnalyzer;
  /**
   * Makes the analyzer for jobs submitted with {@link JobAnalysisOptions} (e.g.
   * `(o) => createNodeAnalyzer({ ...o, recognizers })`), once per distinct option set, kept until
   * `stop()`, which disposes them. Without it a job with options is not analysed with the wrong settings:
   * it fails `CONFIG_INVALID` as a systemic error (retried: another worker may honour it, then dead-lettered).
   */
  analyzerFor?: (options: JobAnalysisOptions) => QueueAnalyzer | Promise<QueueAnalyzer>;
  deadLetters: Omit<DeadLetterQueueOptions, 'generateId'>;
  /** Names this worker in each attempt of the dead letters' history. @defaultValue `<host>:<pid>:<random>` */
  workerId?: string;
  /** Limits of fetching `{ url }` (and `{ storage }`) inputs. */
  url?: UrlInputOptions;
  /** Where `{ storage }` inputs are read; without it such jobs fail (systemic) on this worker. */
  supabaseStorage?: SupabaseStorageOptions;
  /**
   * How often an idle worker looks for jobs (s; pg-boss's minimum is 0.5). A worker that just ended a job
   * looks again at once, so this bounds only the wait for new work. @defaultValue 2
   */
  pollingIntervalSeconds?: number;
  /**
   * Jobs this call runs at once (one pg-boss worker each, sharing the analyzers). Above 1, give an
   * analyzer that runs jobs in parallel: the analyzer pool (`createAnalyzerPool({ workers: n })`);
   * `createNodeAnalyzer()` runs one analysis at a time on this thread. @defaultValue 1
   */
  concurrency?: number;
}

/** Counts of a batch by pg-boss state, with its pace so far (times from the database's clock). */
export interface BatchStatus {
  batchId: string;
  total: number;
  byState: Partial<Record<'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed', number>>;
  /** Completed jobs whose outcome is a dead letter (the rest of `completed` have a result). */
  deadLetters: number;
  /** When the first job of the batch started; `null` before any did. */
  startedAt: string | null;
  /** When the last job ended, once every job has; else `null`. */
  finishedAt: string | null;
  /** Jobs ended per second since the first started (up to `finishedAt` when done); `null` before one ended. */
  jobsPerSecond: number | null;
  /** Seconds to go at that pace; 0 when done, `null` while unknown. */
  etaSeconds: number | null;
}

/** One finished job of a batch. */
export type BatchResult = { jobId: string; name: string; correlationId: string | null } & AnalysisJobOutcome;

/** An analysis queue on pg-boss (see {@link createPgBossQueue}). */
export interface PgBossAnalysisQueue {
  /**
   * Enqueue one job per input; resolves to the batch id and the job ids in input order. `options.analysis`
   * applies to every item; an item's own `analysis` keys win over it.
   * @throws CadlensError `CONFIG_INVALID` for bad analysis options or a URL it cannot fetch (nothing is enqueued)
   */
  submit(
    items: readonly { input: AnalysisJobInput; name: string; correlationId?: string; analysis?: JobAnalysisOptions }[],
    options?: { batchId?: string; analysis?: JobAnalysisOptions },
  ): Promise<{ batchId: string; jobIds: string[] }>;
  /**
   * Consume jobs until `stop()`: each job is analysed with `analyzer`; a result completes it, a
   * permanent error goes straight to the dead-letter store, a transient one is retried by pg-boss, and
   * the last failed retry is dead-lettered too. `deadLetters` are the options of the dead-letter queue
   * the jobs write with (its store, audit, secrets…): the record id is the job id, so a job re-run after
   * its worker died between recording and completing finds its dead letter instead of writing a second.
   * Jobs run `concurrency` at a time per call of `work` (default 1; run more processes for more).
   */
  work(worker: WorkOptions): Promise<{ stop(): Promise<void> }>;
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
/** Jobs per INSERT when submitting. */
const SUBMIT_CHUNK = 500;

/** Loads pg-boss only when a queue is created (optional peer dependency). */
async function loadPgBoss(): Promise<typeof PgBoss> {
  try {
    return (await import('pg-boss')).default;
  } catch (error) {
    throw new CadlensError('CONFIG_INVALID', 'cadlens/adapters/pg-boss needs the pg-boss package (npm install pg-boss@10)', { stage: 'config', cause: error });
  }
}

/**
 * The log's rows as dead-letter attempts. An attempt that never ended is one whose worker died: it lasted
 * until the next attempt started (or `now`).
 */
function toRetryAttempts(rows: readonly JobAttempt[], nowIso: string): (RetryAttempt & { workerId: string })[] {
  return rows.map((r, i) => {
    const end = r.endedAt ?? rows[i + 1]?.startedAt ?? nowIso;
    const error =
      r.endedAt === null
        ? { code: 'WORKER_CRASHED', kind: 'transient' as const, message: `worker ${r.workerId} did not end the attempt within the job's expiry (it died, or the analysis outlasted expireInSeconds)` }
        : { code: r.code ?? 'UNKNOWN', kind: r.kind ?? 'transient', message: r.message ?? '' };
    return { attempt: r.attempt, at: r.startedAt, durationMs: Math.max(0, Date.parse(end) - Date.parse(r.startedAt)), ok: false, error, workerId: r.workerId };
  });
}

interface StateRow {
  state: keyof BatchStatus['byState'];
  n: number;
  dead: number;
  first_started: Date | null;
  last_completed: Date | null;
  now: Date;
}

/** Counts by state, and the batch's pace: ended jobs per second since the first started. */
function batchStatus(batchId: string, rows: readonly StateRow[]): BatchStatus {
  const byState: BatchStatus['byState'] = {};
  let total = 0;
  let firstStarted: number | null = null;
  let lastCompleted: number | null = null;
  let now = Date.now();
  let deadLetters = 0;
  for (const r of rows) {
    byState[r.state] = r.n;
    deadLetters += r.dead;
    total += r.n;
    now = r.now.getTime();
    if (r.first_started) firstStarted = Math.min(firstStarted ?? Infinity, r.first_started.getTime());
    if (r.last_completed) lastCompleted = Math.max(lastCompleted ?? -Infinity, r.last_completed.getTime());
  }
  // Ended for good: completed (a result or a dead letter), cancelled, or failed (pg-boss gave up).
  const ended = (byState.completed ?? 0) + (byState.cancelled ?? 0) + (byState.failed ?? 0);
  const done = total > 0 && ended === total;
  const until = done && lastCompleted !== null ? lastCompleted : now;
  const seconds = firstStarted === null ? 0 : (until - firstStarted) / 1000;
  const jobsPerSecond = ended > 0 && seconds > 0 ? ended / seconds : null;
  return {
    batchId,
    total,
    byState,
    deadLetters,
    startedAt: firstStarted === null ? null : new Date(firstStarted).toISOString(),
    finishedAt: done && lastCompleted !== null ? new Date(lastCompleted).toISOString() : null,
    jobsPerSecond,
    etaSeconds: done ? 0 : jobsPerSecond ? (total - ended) / jobsPerSecond : null,
  };
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
  if (!(Number.isInteger(retryLimit) && retryLimit >= 0)) throw new CadlensError('CONFIG_INVALID', 'retryLimit must be a whole number ≥ 0', { stage: 'config' });
  await b.createQueue(queue, {
    name: queue,
    retryLimit: retryLimit + 1, // the extra run dead-letters a job whose worker died on its last attempt
    retryDelay: options.retryDelaySeconds ?? 2,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 900,
  });
  const tables = `${schema}.job`;
  const archive = `${schema}.archive`;
  const attempts = await createAttemptLog(b.getDb(), schema);

  return {
    async submit(items, submitOptions = {}) {
      const batchId = submitOptions.batchId ?? crypto.randomUUID();
      const shared = checkJobAnalysisOptions(submitOptions.analysis);
      const jobs = items.map((item) => {
        // A URL is checked here, so a typo fails the submit instead of a job; its credentials stay out of the name.
        const name = 'url' in item.input ? (parseInputUrl(item.input.url), redactSecretText(item.name, { secrets: urlSecrets(item.input.url) })) : item.name;
        const analysis = { ...shared, ...checkJobAnalysisOptions(item.analysis) };
        const data: AnalysisJobData = {
          input: item.input,
          name,
          batchId,
          ...(item.correlationId ? { correlationId: item.correlationId } : {}),
          ...(Object.keys(analysis).length > 0 ? { options: checkJobAnalysisOptions(analysis) } : {}),
        };
        return { id: crypto.randomUUID(), name: queue, data };
      });
      // One INSERT per chunk (pg-boss's `insert`) instead of one per job; the queue's retry and expiry apply.
      for (let i = 0; i < jobs.length; i += SUBMIT_CHUNK) await b.insert(jobs.slice(i, i + SUBMIT_CHUNK));
      return { batchId, jobIds: jobs.map((j) => j.id) };
    },

    async work({ analyzer, analyzerFor, deadLetters, url, supabaseStorage, pollingIntervalSeconds, concurrency = 1, workerId = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}` }) {
      const keySecrets = supabaseStorage ? [supabaseStorage.serviceRoleKey] : [];
      const made = new Map<string, Promise<QueueAnalyzer>>();
      const analyzerOf = (options: unknown): Promise<QueueAnalyzer> => {
        const checked = checkJobAnalysisOptions(options); // a job written by another client may carry anything: permanent
        const key = jobAnalysisOptionsKey(checked);
        if (key === '') return Promise.resolve(analyzer);
        if (!analyzerFor) {
          throw new CadlensError('CONFIG_INVALID', `this worker has no analyzerFor, so it cannot analyse with the job's options ${key}`, { stage: 'config', kind: 'systemic' });
        }
        let entry = made.get(key);
        if (!entry) {
          entry = Promise.resolve(analyzerFor(checked));
          entry.catch(() => made.delete(key)); // a factory that failed is asked again by the next job
          made.set(key, entry);
        }
        return entry;
      };
      if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new CadlensError('CONFIG_INVALID', 'concurrency must be a whole number ≥ 1', { stage: 'config' });
      const inFlight = new Set<Promise<unknown>>();
      const workOptions = { batchSize: 1, includeMetadata: true as const, ...(pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds } : {}) };
      // One pg-boss worker per concurrent job; they share the analyzers and the in-flight set.
      const startLoop = async (): Promise<string> => {
        let workId: string | undefined;
        workId = await b.work<AnalysisJobData>(queue, workOptions, ([job]) => {
          const run = handle(job);
          inFlight.add(run);
          void run
            .finally(() => {
              inFlight.delete(run);
              // pg-boss waits out its polling interval after every fetch, even with jobs left: a worker whose
              // jobs take less than that (mesh: 'never') would idle most of the time. After a job, look again at once.
              if (job && workId) b.notifyWorker(workId);
            })
            .catch(() => undefined);
          return run;
        });
        return workId;
      };
      const workIds: string[] = [];
      for (let i = 0; i < concurrency; i++) workIds.push(await startLoop());
      async function handle(job: PgBoss.JobWithMetadata<AnalysisJobData> | undefined): Promise<AnalysisJobOutcome | undefined> {
        if (!job) return undefined;
        const { data } = job;
        const secrets = [...keySecrets, ...('url' in data.input ? urlSecrets(data.input.url) : [])];
        const letters = { ...deadLetters, secrets: [...(deadLetters.secrets ?? []), ...secrets] };
        const retries = job.retryLimit - 1; // pg-boss's limit has the queue's one extra run
        const attempt = job.retryCount + 1;
        const deadLetter = async (error: unknown, history: RetryAttempt[], bytes?: Uint8Array): Promise<AnalysisJobOutcome> => {
          const record = await deadLetterOnce(letters, job.id, {
            error,
            input: { name: data.name, ...(bytes ? { bytes } : {}) },
            stage: isCadlensError(error) && error.stage ? error.stage : 'unknown',
            requestId: job.id,
            attempts: history,
          });
          await attempts.forget(job.id);
          return { outcome: 'dead_letter', deadLetterId: record.id, code: record.error.code, kind: record.error.kind, attempts: record.attempts.length, workerId };
        };

        if (job.retryCount > retries) {
          // The extra run: the last attempt's worker died and the job expired. Dead-letter it with its history.
          const history = toRetryAttempts(await attempts.history(job.id), new Date().toISOString());
          const lost = history.at(-1)?.error ?? { code: 'WORKER_CRASHED', kind: 'transient' as const, message: 'the worker stopped answering' };
          return deadLetter(new CadlensError(lost.code as never, lost.message, { kind: lost.kind, stage: 'resilience' }), history);
        }
        const startedAt = new Date();
        const earlier = toRetryAttempts(await attempts.start(job.id, attempt, workerId), startedAt.toISOString());
        // pg-boss fails an attempt that outlasts expireInSeconds but cannot stop it: the signal tells the
        // analysis to stop, and an attempt past it writes nothing more (the job's next run owns the job).
        const expired = AbortSignal.timeout(Math.max(1, Number(job.expireInSeconds)) * 1000);
        const abandoned = () => new CadlensError('TIMEOUT', 'the attempt outlasted the job\'s expiry; its next run owns the job', { kind: 'transient', stage: 'resilience' });
        let bytes: Uint8Array | undefined;
        let error: unknown;
        try {
          const jobAnalyzer = await analyzerOf(data.options);
          bytes = await readJobInput(data.input, { ...(url ? { url } : {}), ...(supabaseStorage ? { supabaseStorage } : {}), signal: expired });
          const result = await jobAnalyzer.analyze(bytes, { name: data.name, requestId: job.id, signal: expired });
          if (expired.aborted) throw abandoned();
          if (!result.error) {
            await attempts.forget(job.id);
            return { outcome: 'result', result, attempts: attempt, workerId } satisfies AnalysisJobOutcome;
          }
          error = new CadlensError(result.error.code as never, result.error.message, { kind: result.error.kind, ...(result.error.stage ? { stage: result.error.stage as never } : {}) });
        } catch (thrown) {
          if (expired.aborted) throw abandoned();
          error = thrown;
        }
        const { code, kind } = classify(error);
        const message = redactSecretText(error instanceof Error ? error.message : String(error), { secrets: letters.secrets });
        const current: RetryAttempt & { workerId: string } = {
          attempt,
          at: startedAt.toISOString(),
          durationMs: Date.now() - startedAt.getTime(),
          ok: false,
          error: { code, kind, message },
          workerId,
        };
        // Transient with retries left: fail the attempt, pg-boss runs it again after its backoff. What pg-boss
        // keeps of the error (its `output`) is this redacted copy, without the cause.
        if (kind !== 'permanent' && job.retryCount < retries) {
          await attempts.fail(job.id, attempt, { code, kind, message });
          throw new CadlensError(code as never, message, { kind, ...(isCadlensError(error) && error.stage ? { stage: error.stage } : {}) });
        }
        return deadLetter(error, [...earlier, current], bytes);
      }
      return {
        async stop() {
          for (const id of workIds) await b.offWork({ id });
          await Promise.allSettled([...inFlight]); // the job in hand finishes before its analyzer is disposed
          const analyzers = await Promise.allSettled(made.values());
          made.clear();
          for (const a of analyzers) if (a.status === 'fulfilled') await a.value.dispose?.();
        },
      };
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
        `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE state = 'completed' AND output->>'outcome' = 'dead_letter')::int AS dead,
           min(started_on) AS first_started, max(completed_on) AS last_completed, now() AS now
         FROM (SELECT state, started_on, completed_on, output FROM ${tables} WHERE name = $1 AND data->>'batchId' = $2
         UNION ALL SELECT state, started_on, completed_on, output FROM ${archive} WHERE name = $1 AND data->>'batchId' = $2) j GROUP BY state`,
        [queue, batchId],
      );
      return batchStatus(batchId, rows as StateRow[]);
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
