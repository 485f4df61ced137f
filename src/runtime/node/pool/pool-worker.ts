/**
 * The body of one analyzer-pool worker thread (loaded by piscina). The whole pipeline runs here:
 * STEP reader, OpenCascade in this thread (the worker itself is the isolation boundary), gAAG,
 * the onnxruntime session and the tiers. The analyzer is built once per worker, on first use, and
 * then reused for every job, so the wasm module and the ONNX session load once per worker.
 * @internal
 */
import { workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createNodeAnalyzer, type NodeAnalyzer, type NodeAnalyzerOptions } from '../analyze-file.js';
import { CadlensError } from '../../../errors/index.js';
import { CircuitBreaker } from '../../../resilience/circuit-breaker.js';
import { createAuditTrail } from '../../../resilience/audit-trail.js';
import { createDeadLetterQueue } from '../../../resilience/dead-letter-queue.js';
import { createMetrics } from '../../../resilience/metrics.js';
import type { Recognizer } from '../../../stages/recognize/index.js';
import { bridgedStores } from './store-bridge.js';
import type { AnalyzeStep, ResultCacheConfig } from '../../../analyze/index.js';
import { unreadableInputStage } from '../../../analyze/unreadable-input.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../../../stages/intake/index.js';
import { createDefaultRecognizers, type DefaultRecognizersOptions } from '../default-recognizers.js';
import { createOcctInlineTessellator, type OcctModuleFactory } from '../../browser/occt-inline-tessellator.js';
import { serializeError, TEST_FAULT_PREFIX, type PoolRecognizersFactory, type PoolResultCacheSettings, type PoolPortMessage, type PoolReply, type PoolTask, type PoolWorkerData } from './pool-protocol.js';

const data = (workerData ?? { settings: {}, testFaults: false }) as PoolWorkerData;
const require = createRequire(import.meta.url);
let analyzer: Promise<NodeAnalyzer> | null = null;
/** This worker's Tier 1 breaker, once built. */
let tier1Breaker: CircuitBreaker | null = null;

/**
 * With `shared` stores, this worker's breaker, dead-letter queue, audit trail and metrics write to
 * the host's stores (through the bridge), exactly as `createCadlensService` wires them in one thread.
 */
function sharedServices(): Pick<NodeAnalyzerOptions, 'deadLetters' | 'metrics' | 'audit'> & { breaker: CircuitBreaker } {
  const shared = data.shared;
  if (!shared) return { breaker: new CircuitBreaker({ name: 'aagnet' }) };
  const stores = bridgedStores(shared.channel);
  const audit = createAuditTrail({ store: stores.audit, secrets: shared.secrets });
  const breaker = new CircuitBreaker({
    name: 'aagnet',
    store: stores.breakerState,
    audit,
    ...(shared.failureThreshold !== undefined ? { failureThreshold: shared.failureThreshold } : {}),
    ...(shared.breakerTimeoutMs !== undefined ? { timeoutMs: shared.breakerTimeoutMs } : {}),
  });
  const deadLetters = createDeadLetterQueue({ store: stores.deadLetters, audit, includeInputBytes: true, secrets: shared.secrets, debug: shared.debug });
  const metrics = createMetrics({ store: stores.metrics, dlq: deadLetters, breaker });
  // The host records dead letters itself (the pg-boss queue): this worker's analyzer writes none.
  if (shared.recordDeadLetters === false) return { breaker, metrics, audit };
  return { breaker, deadLetters, metrics, audit };
}

/** Each worker's own connection to the pool's Redis result cache (a failing cache is a miss, never an error). */
async function workerResultCache(settings: PoolResultCacheSettings): Promise<ResultCacheConfig> {
  const { createRedisResultCache } = await import('cadlens/adapters/redis');
  return {
    store: createRedisResultCache({ url: settings.redisUrl }),
    ...(settings.ttlMs !== undefined ? { ttlMs: settings.ttlMs } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.namespace !== undefined ? { namespace: settings.namespace } : {}),
  };
}

async function buildAnalyzer(): Promise<NodeAnalyzer> {
  const { engine, resultCache, ...settings } = data.settings;
  const { breaker, ...services } = sharedServices();
  tier1Breaker = breaker;
  const defaults = (extra: Omit<DefaultRecognizersOptions, 'breaker' | 'engine'> = {}) => createDefaultRecognizers({ ...extra, breaker, ...(engine ? { engine } : {}) });
  let recognizers: readonly Recognizer[];
  if (data.recognizers) {
    const loaded = (await import(data.recognizers.module)) as { default?: PoolRecognizersFactory };
    if (typeof loaded.default !== 'function')
      throw new CadlensError('CONFIG_INVALID', `the pool's recognizers module has no default export function: ${data.recognizers.module}`, { stage: 'config', kind: 'permanent' });
    recognizers = await loaded.default({ breaker, defaults, options: data.recognizers.options });
  } else recognizers = defaults();
  return createNodeAnalyzer({
    ...settings,
    ...services,
    ...(resultCache ? { cache: await workerResultCache(resultCache) } : {}),
    tessellator: createOcctInlineTessellator({ loadFactory: () => require('occt-import-js') as OcctModuleFactory }),
    recognizers,
  });
}

function getAnalyzer(): Promise<NodeAnalyzer> {
  analyzer ??= buildAnalyzer();
  // A module that failed to load is tried again on the next job.
  analyzer.catch(() => (analyzer = null));
  return analyzer;
}

/**
 * Test-only misbehaviour, reachable only when the pool was created with `testFaults: true`. Returns
 * the bytes to analyse (the input after the fault line, for `exit-once`).
 */
function injectFault(task: PoolTask): Uint8Array | null {
  if (!data.testFaults || task.kind !== 'bytes') return null;
  const newline = task.bytes.indexOf(10);
  const line = new TextDecoder().decode(task.bytes.subarray(0, newline < 0 ? Math.min(task.bytes.length, 512) : newline)).trim();
  if (!line.startsWith(TEST_FAULT_PREFIX)) return null;
  const [fault, arg] = line.slice(TEST_FAULT_PREFIX.length).split('=', 2);
  if (fault === 'exit') process.exit(70); // in a worker this ends the thread, not the process
  if (fault === 'hang') for (;;);
  if (fault === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 20).fill(1.5));
  }
  // Crash the first worker that sees this input; a later attempt (another worker) analyses the rest.
  if (fault === 'exit-once' && arg) {
    if (!existsSync(arg)) {
      writeFileSync(arg, 'crashed');
      process.exit(70);
    }
    return task.bytes.subarray(newline + 1);
  }
  return null;
}

/** CPU time of this thread so far (ms), from `/proc/thread-self/stat` (Linux); undefined elsewhere. */
function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, USER_HZ = 100
  } catch {
    return undefined;
  }
}

/** Runs one job; never throws for bad input (that is a result), only for bugs and aborts. */
export default async function runPoolJob(task: PoolTask): Promise<PoolReply> {
  const post = (message: PoolPortMessage) => task.port?.postMessage(message);
  const wallStart = performance.now();
  const cpuStart = threadCpuMs();
  const usage = () => {
    const cpuEnd = cpuStart === undefined ? undefined : threadCpuMs();
    return { wallMs: performance.now() - wallStart, ...(cpuEnd !== undefined ? { threadCpuMs: cpuEnd - cpuStart! } : {}) };
  };
  try {
    post({ type: 'started' });
    const bytes = injectFault(task) ?? (task.kind === 'bytes' ? task.bytes : null);
    const call = {
      name: task.name,
      ...(task.requestId ? { requestId: task.requestId } : {}),
      onProgress: (step: AnalyzeStep) => post({ type: 'step', step }),
    };
    const ready = await getAnalyzer();
    // The Tier 1 guard admits from the breaker's local view: read the shared state first, so a reset
    // or an opening by the host or another worker applies to this job (one store read per job).
    if (data.shared) await tier1Breaker?.refresh();
    const result =
      task.kind === 'file'
        ? await ready.analyzeFile(task.path, call)
        : task.unreadable
          ? await ready.analyze(new Uint8Array(0), { ...call, inputStage: unreadableInputStage(task.unreadable, task.name, data.settings.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB) })
          : await ready.analyze(bytes ?? new Uint8Array(0), call);
    return { ok: true, result, usage: usage() };
  } catch (error) {
    return { ok: false, error: serializeError(error), usage: usage() };
  } finally {
    task.port?.close();
  }
}
