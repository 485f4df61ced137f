/**
 * The body of one analyzer-pool worker thread (loaded by piscina). The whole pipeline runs here:
 * STEP reader, OpenCascade in this thread (the worker itself is the isolation boundary), gAAG,
 * the onnxruntime session and the tiers. The analyzer is built once per worker, on first use, and
 * then reused for every job, so the wasm module and the ONNX session load once per worker.
 * @internal
 */
import { workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { createNodeAnalyzer, type NodeAnalyzer } from '../analyze-file.js';
import type { AnalyzeStep } from '../../../analyze/index.js';
import { createDefaultRecognizers } from '../default-recognizers.js';
import { createOcctInlineTessellator, type OcctModuleFactory } from '../../browser/occt-inline-tessellator.js';
import { serializeError, TEST_FAULT_PREFIX, type PoolPortMessage, type PoolReply, type PoolTask, type PoolWorkerData } from './pool-protocol.js';

const data = (workerData ?? { settings: {}, testFaults: false }) as PoolWorkerData;
const require = createRequire(import.meta.url);
let analyzer: NodeAnalyzer | null = null;

function getAnalyzer(): NodeAnalyzer {
  if (analyzer) return analyzer;
  const { engine, ...settings } = data.settings;
  analyzer = createNodeAnalyzer({
    ...settings,
    tessellator: createOcctInlineTessellator({ loadFactory: () => require('occt-import-js') as OcctModuleFactory }),
    recognizers: createDefaultRecognizers(engine ? { engine } : {}),
  });
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

/** Runs one job; never throws for bad input (that is a result), only for bugs and aborts. */
export default async function runPoolJob(task: PoolTask): Promise<PoolReply> {
  const post = (message: PoolPortMessage) => task.port?.postMessage(message);
  try {
    post({ type: 'started' });
    const bytes = injectFault(task) ?? (task.kind === 'bytes' ? task.bytes : null);
    const call = {
      name: task.name,
      ...(task.requestId ? { requestId: task.requestId } : {}),
      onProgress: (step: AnalyzeStep) => post({ type: 'step', step }),
    };
    const result = task.kind === 'file' ? await getAnalyzer().analyzeFile(task.path, call) : await getAnalyzer().analyze(bytes ?? new Uint8Array(0), call);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  } finally {
    task.port?.close();
  }
}
