import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { optionNotTaken } from './options-not-taken.js';
import { CadlensError, isCadlensError } from '../../../errors/index.js';
import type { Recognizer } from '../../../stages/recognize/index.js';
import type { PoolRecognizersFactory } from '../pool/pool-protocol.js';
import type { PoolSharedStores } from '../pool/store-bridge.js';
import type { AnalyzerOptions } from '../../../analyze/create-analyzer.js';
import type { AnalysisResult } from '../../../result/index.js';
import { createNodeAnalyzer } from '../analyze-file.js';
import { createDefaultRecognizers } from '../default-recognizers.js';
import { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import { createDeadLetterQueue, type DeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import { createBatchProgress, endedJobs, type BatchProgress, type BatchProgressStatus } from './batch-progress.js';
import { collectInputs } from './collect-inputs.js';
import { BATCH_HELP, WORKER_HELP } from './help-text.js';
import { redriveEach, type RedriveReport } from './batch-redrive.js';
import type { CliIo } from './main.js';

/** Options shared by `cadlens worker` and `cadlens batch`: where the queue is. */
const QUEUE_OPTIONS = {
  'database-url': { type: 'string' },
  'pgboss-schema': { type: 'string' },
  queue: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function fail(io: CliIo, command: string, message: string): number {
  io.stderr.write(`cadlens ${command}: ${message}\nRun 'cadlens ${command} --help' for usage.\n`);
  return 2;
}

/**
 * Reports a database that cannot be reached or used (no user, refused, bad password, unknown schema):
 * the code, the cause and where it tried to connect, never the connection string or its password.
 */
async function cannotOpenQueue(io: CliIo, command: string, error: unknown, connectionString: string): Promise<number> {
  const { describePostgresFailure } = await import('cadlens/adapters/postgres');
  io.stderr.write(`cadlens ${command}: cannot open the queue: ${describePostgresFailure(error, connectionString)}\n`);
  return 1;
}

/** pg-boss queue options from flags and env (`DATABASE_URL`, `CADLENS_PGBOSS_SCHEMA`, `CADLENS_QUEUE`). */
function queueConfig(values: { 'database-url'?: string; 'pgboss-schema'?: string; queue?: string }, env: NodeJS.ProcessEnv) {
  const connectionString = values['database-url'] ?? env.DATABASE_URL?.trim();
  const schema = values['pgboss-schema'] ?? (env.CADLENS_PGBOSS_SCHEMA?.trim() || undefined);
  const queue = values.queue ?? (env.CADLENS_QUEUE?.trim() || undefined);
  return { connectionString, ...(schema ? { schema } : {}), ...(queue ? { queue } : {}) };
}

/** Builds the recognizers from a module whose default export follows the pool's {@link PoolRecognizersFactory}. */
async function loadRecognizersModule(path: string, breaker: CircuitBreaker): Promise<readonly Recognizer[]> {
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as { default?: PoolRecognizersFactory };
  if (typeof loaded.default !== 'function') throw new CadlensError('CONFIG_INVALID', `${path} has no default export function`, { stage: 'config', kind: 'permanent' });
  return loaded.default({ breaker, defaults: (extra = {}) => createDefaultRecognizers({ ...extra, breaker }), options: undefined });
}

/**
 * `cadlens worker`: consumes analysis jobs from the pg-boss queue until SIGTERM/SIGINT (then the job
 * in hand finishes, and it exits 0). Dead letters go to the Postgres stores of `DATABASE_URL`
 * (`CADLENS_PG_SCHEMA`; run `cadlens migrate` first). One job at a time per process.
 */
export async function runWorker(argv: readonly string[], io: CliIo, hooks: { signal?: AbortSignal; onReady?: () => void } = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...QUEUE_OPTIONS, 'expire-s': { type: 'string' }, 'maintenance-s': { type: 'string' }, 'fetch-max-mb': { type: 'string' }, 'fetch-timeout-s': { type: 'string' }, recognizers: { type: 'string' }, threads: { type: 'string' } } }));
  } catch (error) {
    return fail(io, 'worker', (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${WORKER_HELP}\n`);
    return 0;
  }
  const config = queueConfig(values, io.env);
  if (!config.connectionString) return fail(io, 'worker', 'DATABASE_URL (or --database-url) is required');
  const expire = values['expire-s'] === undefined ? undefined : Number(values['expire-s']);
  if (expire !== undefined && !(Number.isInteger(expire) && expire > 0)) return fail(io, 'worker', '--expire-s must be a positive whole number');
  const maintenance = values['maintenance-s'] === undefined ? undefined : Number(values['maintenance-s']);
  if (maintenance !== undefined && !(Number.isInteger(maintenance) && maintenance > 0)) return fail(io, 'worker', '--maintenance-s must be a positive whole number');

  const fetchMaxMb = values['fetch-max-mb'] === undefined ? undefined : Number(values['fetch-max-mb']);
  if (fetchMaxMb !== undefined && !(Number.isFinite(fetchMaxMb) && fetchMaxMb > 0)) return fail(io, 'worker', '--fetch-max-mb must be a positive number');
  const fetchTimeoutS = values['fetch-timeout-s'] === undefined ? undefined : Number(values['fetch-timeout-s']);
  if (fetchTimeoutS !== undefined && !(Number.isFinite(fetchTimeoutS) && fetchTimeoutS > 0)) return fail(io, 'worker', '--fetch-timeout-s must be a positive number');
  const threads = values.threads === undefined ? 1 : Number(values.threads);
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 64)) return fail(io, 'worker', '--threads must be a whole number from 1 to 64');

  const { createPgBossQueue } = await import('cadlens/adapters/pg-boss');
  const { createPostgresStores } = await import('cadlens/adapters/postgres');
  const log = (fields: Record<string, unknown>, msg: string) => io.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), ...fields, msg })}\n`);
  let stores;
  let queue;
  try {
    stores = await createPostgresStores({ connectionString: config.connectionString, ...(io.env.CADLENS_PG_SCHEMA ? { schema: io.env.CADLENS_PG_SCHEMA } : {}) });
    queue = await createPgBossQueue({
      ...config,
      ...(expire ? { expireInSeconds: expire } : {}),
      ...(maintenance ? { maintenanceIntervalSeconds: maintenance } : {}),
    });
  } catch (error) {
    await stores?.close();
    return cannotOpenQueue(io, 'worker', error, config.connectionString);
  }
  // The stores connect lazily: one read proves they answer, and that CADLENS_PG_SCHEMA was migrated, before
  // any job is taken. Without it a worker on an unmigrated schema consumed jobs and retried each dead letter
  // (STORE_UNAVAILABLE) with nothing in its log.
  try {
    await stores.breakerState.get('aagnet');
  } catch (error) {
    const { describePostgresFailure } = await import('cadlens/adapters/postgres');
    io.stderr.write(`cadlens worker: cannot open the stores: ${describePostgresFailure(error, config.connectionString)}\n`);
    await queue.close();
    await stores.close();
    return 1;
  }
  // Tier 1 runs behind the `aagnet` breaker in the database, so every worker degrades together when
  // the ML path fails (the guard reads the shared state before each part).
  const threshold = Number(io.env.CIRCUIT_BREAKER_THRESHOLD);
  const timeoutS = Number(io.env.CIRCUIT_BREAKER_TIMEOUT_S);
  const breaker = new CircuitBreaker({
    name: 'aagnet',
    store: stores.breakerState,
    ...(Number.isInteger(threshold) && threshold > 0 ? { failureThreshold: threshold } : {}),
    ...(Number.isFinite(timeoutS) && timeoutS > 0 ? { timeoutMs: timeoutS * 1000 } : {}),
  });
  // --recognizers: a module with the analyzer pool's contract (default export gets { breaker, defaults, options }).
  let recognizers: readonly Recognizer[];
  try {
    recognizers = values.recognizers ? await loadRecognizersModule(values.recognizers, breaker) : createDefaultRecognizers({ breaker });
  } catch (error) {
    io.stderr.write(`cadlens worker: cannot load --recognizers: ${isCadlensError(error) ? error.message : (error as Error).message}\n`);
    await queue.close();
    await stores.close();
    return 1;
  }
  // One job at a time on this thread, or --threads jobs at once on the analyzer pool's worker threads.
  const { analyzer, analyzerFor } = threads === 1 ? inThreadAnalyzers(recognizers) : await poolAnalyzers({
    threads,
    stores,
    breakerThreshold: breaker.failureThreshold,
    ...(Number.isFinite(timeoutS) && timeoutS > 0 ? { breakerTimeoutMs: timeoutS * 1000 } : {}),
    jobTimeoutMs: (expire ?? 900) * 1000,
    ...(values.recognizers ? { recognizersModule: pathToFileURL(resolve(values.recognizers)).href } : {}),
    secrets: io.env.SUPABASE_SERVICE_ROLE_KEY?.trim() ? [io.env.SUPABASE_SERVICE_ROLE_KEY.trim()] : [],
  });
  const url = {
    ...(fetchMaxMb !== undefined ? { maxBytes: Math.round(fetchMaxMb * 1024 * 1024) } : {}),
    ...(fetchTimeoutS !== undefined ? { timeoutMs: Math.round(fetchTimeoutS * 1000) } : {}),
  };
  // `supabase-storage://` inputs are read from the project of SUPABASE_URL with its service-role key.
  const supabaseUrl = io.env.SUPABASE_URL?.trim();
  const serviceRoleKey = io.env.SUPABASE_SERVICE_ROLE_KEY?.trim();
  const worker = await queue.work({
    analyzer,
    // Jobs submitted with analysis options (--mesh, --tier, --validate-only) get an analyzer of their own,
    // made on first use with the same recognizers (and so the same shared breaker).
    analyzerFor,
    concurrency: threads,
    deadLetters: { store: stores.deadLetters, includeInputBytes: true, ...(serviceRoleKey ? { secrets: [serviceRoleKey] } : {}) },
    url,
    ...(supabaseUrl && serviceRoleKey ? { supabaseStorage: { url: supabaseUrl, serviceRoleKey } } : {}),
    workerId: `${hostname()}:${process.pid}`,
  });
  log({ pid: process.pid, workerId: `${hostname()}:${process.pid}`, threads }, 'cadlens worker consuming');
  hooks.onReady?.();
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolveStop();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
  log({}, 'stopping: finishing the job in hand');
  await worker.stop();
  await queue.close();
  await analyzer.dispose();
  await stores.close();
  log({}, 'stopped');
  return 0;
}

/** How a worker's analyses run: the default analyzer and the maker of one per job option set. */
interface WorkerAnalyzers {
  analyzer: { analyze(bytes: Uint8Array, call: { name: string; requestId: string; signal?: AbortSignal }): Promise<AnalysisResult>; dispose(): Promise<void> };
  analyzerFor: (options: Pick<AnalyzerOptions, 'mesh' | 'tier' | 'recognize'>) => WorkerAnalyzers['analyzer'];
}

/** `cadlens worker` without --threads: analyses on this thread with the recognizers built here. */
function inThreadAnalyzers(recognizers: readonly Recognizer[]): WorkerAnalyzers {
  return { analyzer: createNodeAnalyzer({ recognizers }), analyzerFor: (options) => createNodeAnalyzer({ recognizers, ...options }) };
}

/**
 * `cadlens worker --threads N`: analyses on an analyzer pool of N threads, one pool per job option set. The threads
 * share this process's stores: Tier 1's breaker in the database (every worker still degrades together), audit and
 * metrics. The queue records each job's dead letter itself, under the job's id, so the threads record none.
 */
async function poolAnalyzers(o: {
  threads: number;
  stores: PoolSharedStores;
  breakerThreshold: number;
  breakerTimeoutMs?: number;
  jobTimeoutMs: number;
  recognizersModule?: string;
  secrets: string[];
}): Promise<WorkerAnalyzers> {
  const { createAnalyzerPool } = await import('../pool/index.js');
  const poolFor = (settings: Pick<AnalyzerOptions, 'mesh' | 'tier' | 'recognize'>) =>
    createAnalyzerPool({
      workers: o.threads,
      jobTimeoutMs: o.jobTimeoutMs,
      analyzer: settings,
      shared: {
        stores: o.stores,
        recordDeadLetters: false,
        secrets: o.secrets,
        failureThreshold: o.breakerThreshold,
        ...(o.breakerTimeoutMs !== undefined ? { breakerTimeoutMs: o.breakerTimeoutMs } : {}),
      },
      ...(o.recognizersModule ? { recognizers: { module: o.recognizersModule } } : {}),
    });
  return { analyzer: poolFor({}), analyzerFor: poolFor };
}

const isHttpUrl = (arg: string) => /^https?:\/\//i.test(arg);
const STORAGE_SCHEME = 'supabase-storage://';
const isStorageObject = (arg: string) => arg.startsWith(STORAGE_SCHEME);

/** Polls the batch until every job ended, showing each status; resolves to the last one. */
async function followBatch<S extends BatchProgressStatus>(queue: { status(batchId: string): Promise<S> }, batchId: string, progress: BatchProgress, pollMs: number): Promise<S> {
  for (;;) {
    const status = await queue.status(batchId);
    if (endedJobs(status) >= status.total) {
      progress.done(status);
      return status;
    }
    progress.update(status);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * `cadlens batch redrive <dead letter id…>`: re-enqueues dead-lettered jobs through pg-boss (the ids are
 * the jobs' ids) from the dead letters in the PostgreSQL stores of the queue's database (`--database-url`, else
 * `DATABASE_URL`), where workers write them.
 * Prints `{ redriven, alreadyRedriven, failed }` (batch-redrive.ts); exit 0 when every id is redriven, now or
 * before, 1 when one could not be.
 */
async function redrive(queue: { redrive(dlq: DeadLetterQueue, ids: readonly string[]): Promise<string[]> }, ids: readonly string[], connectionString: string, io: CliIo): Promise<number> {
  const { createPostgresStores } = await import('cadlens/adapters/postgres');
  const stores = await createPostgresStores({ connectionString, ...(io.env.CADLENS_PG_SCHEMA ? { schema: io.env.CADLENS_PG_SCHEMA } : {}) });
  const print = (report: RedriveReport) => io.stdout.write(`${JSON.stringify(report)}\n`);
  try {
    const report = await redriveEach((dlq, one) => queue.redrive(dlq, one), createDeadLetterQueue({ store: stores.deadLetters }), ids, print);
    print(report);
    for (const a of report.alreadyRedriven)
      io.stderr.write(`cadlens batch: redrive: ${a.deadLetterId}: already redriven${a.redrivenAt ? ` at ${a.redrivenAt}` : ''}; nothing to do\n`);
    for (const f of report.failed) io.stderr.write(`cadlens batch: redrive: ${f.deadLetterId}: ${f.code}: ${f.message}\n`);
    return report.failed.length === 0 ? 0 : 1;
  } finally {
    await stores.close();
  }
}

const SUBMIT_OPTIONS = ['inline', 'follow', 'detach', 'progress-interval-s', 'mesh', 'tier', 'validate-only'];
/** What each batch subcommand takes besides the queue options (BATCH_HELP); any other option given is a usage error. */
const SUBCOMMAND_OPTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({ submit: SUBMIT_OPTIONS, status: [], results: ['ndjson'], redrive: [] }).map(([sub, own]) => [sub, new Set([...Object.keys(QUEUE_OPTIONS), ...own])]),
);

/** `cadlens batch submit <files|dirs…>`, `cadlens batch status <id>`, `cadlens batch results <id> --ndjson`. */
export async function runBatch(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      tokens: true,
      options: {
        ...QUEUE_OPTIONS,
        ndjson: { type: 'boolean', default: false },
        inline: { type: 'boolean', default: false },
        follow: { type: 'boolean' },
        detach: { type: 'boolean', default: false },
        'progress-interval-s': { type: 'string' },
        mesh: { type: 'string' },
        tier: { type: 'string' },
        'validate-only': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(io, 'batch', (error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.stdout.write(`${BATCH_HELP}\n`);
    return sub === undefined && !values.help ? 2 : 0;
  }
  const taken = SUBCOMMAND_OPTIONS.get(sub);
  if (!taken) return fail(io, 'batch', `unknown subcommand '${sub}'`);
  const notTaken = optionNotTaken(tokens, taken);
  if (notTaken !== undefined) return fail(io, 'batch', `${sub} does not take ${notTaken}`);
  const config = queueConfig(values, io.env);
  if (!config.connectionString) return fail(io, 'batch', 'DATABASE_URL (or --database-url) is required');
  if ((sub === 'status' || sub === 'results') && rest.length !== 1) return fail(io, 'batch', `${sub} takes one batch id`);
  if (sub === 'redrive' && rest.length === 0) return fail(io, 'batch', 'redrive needs at least one dead letter id');
  if (sub === 'submit' && rest.length === 0) return fail(io, 'batch', 'submit needs at least one file or directory');

  const intervalS = values['progress-interval-s'] === undefined ? 10 : Number(values['progress-interval-s']);
  if (!(Number.isFinite(intervalS) && intervalS > 0)) return fail(io, 'batch', '--progress-interval-s must be a positive number');
  if (values.follow && values.detach) return fail(io, 'batch', '--follow and --detach exclude each other');

  const { createPgBossQueue, safeUrlLabel, checkJobAnalysisOptions } = await import('cadlens/adapters/pg-boss');
  // submit: how every job of the batch is analysed (checked here, so a typo fails before anything is enqueued).
  let analysis;
  try {
    analysis = checkJobAnalysisOptions({
      ...(values.mesh !== undefined ? { mesh: values.mesh } : {}),
      ...(values.tier !== undefined ? { tier: Number(values.tier) } : {}),
      ...(values['validate-only'] ? { recognize: false } : {}),
    });
  } catch (error) {
    return fail(io, 'batch', `submit: ${(error as Error).message} (--mesh, --tier, --validate-only)`);
  }
  let queue;
  try {
    queue = await createPgBossQueue(config);
  } catch (error) {
    return cannotOpenQueue(io, 'batch', error, config.connectionString);
  }
  try {
    if (sub === 'submit') {
      const urls = rest.filter(isHttpUrl);
      const objects = rest.filter(isStorageObject);
      const { files, unmatched } = await collectInputs(rest.filter((r) => !isHttpUrl(r) && !isStorageObject(r)));
      for (const pattern of unmatched) io.stderr.write(`cadlens: no file matches ${JSON.stringify(pattern)}\n`);
      if (files.length + urls.length + objects.length === 0) return fail(io, 'batch', 'no file to submit');
      // By reference: workers read the absolute path (shared storage) or fetch the URL; with --inline the
      // bytes travel in the job (Postgres), for workers that see neither.
      // A file --inline cannot read stops the submit before anything is enqueued (it printed "internal
      // error: ENOENT…" before); by path, a missing file is still submitted: the workers may see another
      // filesystem, and the job dead-letters with INTAKE_NOT_FOUND if they do not see it either.
      const read = await Promise.all(
        files.map(async (f) => {
          if (!values.inline) return { item: { input: { path: resolve(f) }, name: f } };
          try {
            return { item: { input: { bytesBase64: (await readFile(f)).toString('base64') }, name: f } };
          } catch (error) {
            const e = error as NodeJS.ErrnoException;
            return { unreadable: `${f}: ${e.code ?? 'ERROR'}: ${e.message}` };
          }
        }),
      );
      const unreadable = read.flatMap((r) => (r.unreadable ? [r.unreadable] : []));
      if (unreadable.length > 0) {
        for (const line of unreadable) io.stderr.write(`cadlens batch: submit --inline: cannot read ${line}\n`);
        io.stderr.write(`cadlens batch: nothing was submitted\n`);
        return 1;
      }
      const fileItems = read.flatMap((r) => (r.item ? [r.item] : []));
      const urlItems = urls.map((u) => ({ input: { url: u }, name: safeUrlLabel(u) }));
      const objectItems = [];
      for (const o of objects) {
        const [bucket, ...path] = o.slice(STORAGE_SCHEME.length).split('/');
        if (!bucket || path.join('/') === '') return fail(io, 'batch', `${o}: expected ${STORAGE_SCHEME}<bucket>/<path>`);
        objectItems.push({ input: { storage: { bucket, path: path.join('/') } }, name: o });
      }
      let submitted;
      try {
        submitted = await queue.submit([...fileItems, ...urlItems, ...objectItems], { analysis });
      } catch (error) {
        if (isCadlensError(error) && error.kind === 'permanent') return fail(io, 'batch', `${error.code}: ${error.message}`);
        throw error;
      }
      const { batchId, jobIds } = submitted;
      // Follow on a terminal by default (a redrawn bar); elsewhere only with --follow (a line every interval).
      const follow = values.follow ?? (!values.detach && Boolean((io.stderr as NodeJS.WriteStream).isTTY));
      if (!follow) {
        io.stdout.write(`${JSON.stringify({ batchId, jobs: jobIds.length })}\n`);
        return 0;
      }
      io.stderr.write(`cadlens batch: ${jobIds.length} jobs in batch ${batchId}\n`);
      const status = await followBatch(queue, batchId, createBatchProgress(io.stderr, { intervalMs: intervalS * 1000 }), Math.min(1000, intervalS * 1000));
      io.stdout.write(`${JSON.stringify({ batchId, jobs: jobIds.length, status })}\n`);
      return 0;
    }
    if (sub === 'redrive') return await redrive(queue, rest, config.connectionString, io);
    if (sub === 'status') {
      const status = await queue.status(rest[0]!);
      // No job carries this id: a mistyped id, or a batch whose jobs pg-boss's retention has deleted.
      if (status.total === 0) {
        io.stderr.write(`cadlens batch: status: no jobs for batch ${JSON.stringify(rest[0])} (unknown id, or its jobs were deleted by pg-boss retention)\n`);
        return 1;
      }
      io.stdout.write(`${JSON.stringify(status)}\n`);
      return 0;
    }
    const results = await queue.results(rest[0]!);
    if (values.ndjson) for (const r of results) io.stdout.write(`${JSON.stringify(r)}\n`);
    else io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  } finally {
    await queue.close();
  }
}
