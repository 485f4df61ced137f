import type { AnalyzeStep } from '../../../analyze/index.js';
import { CadlensError } from '../../../errors/index.js';
import { throwIfAborted } from '../../../errors/abort.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { ThreeGeometryData } from '../../../stages/recognize/tier4-mesh-only/three-geometry.js';
import type { PageToWorker, WorkerAssets, WorkerInit, WorkerToPage } from './protocol.js';

/** The part of a `Worker` the client uses. */
export interface WorkerLike {
  postMessage(message: PageToWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerToPage>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** Options of {@link createWorkerAnalyzer}. */
export interface WorkerAnalyzerOptions {
  /**
   * The worker running `cadlens/browser-worker`, e.g.
   * `new Worker(new URL('cadlens/browser-worker', import.meta.url), { type: 'module' })`
   * (Vite: `import AnalyzerWorker from 'cadlens/browser-worker?worker'` then `new AnalyzerWorker()`).
   */
  worker: WorkerLike;
  /** Where the worker loads OpenCascade, onnxruntime-web and the model from (served by your app). */
  assets: WorkerAssets;
  /** onnxruntime-web providers in preference order. @defaultValue ['webgpu', 'wasm'] */
  executionProviders?: WorkerInit['executionProviders'];
  analyzer?: WorkerInit['analyzer'];
}

/** Per-call options of {@link WorkerAnalyzer.analyze}. */
export interface WorkerAnalyzeOptions {
  /** File name for messages and `result.input.name`. @defaultValue `'input'` */
  name?: string;
  /** Called as each analysis step starts in the worker. */
  onProgress?: (step: AnalyzeStep, elapsedMs: number) => void;
  /** Cancels the analysis (the promise rejects with `ABORTED`). */
  signal?: AbortSignal;
  /** Return the tessellation for display. @defaultValue true */
  geometry?: boolean;
}

/** An analysis done in the worker: the result, and the tessellation for three.js (`cadlens/three`). */
export interface WorkerAnalysis {
  result: AnalysisResult;
  geometry: ThreeGeometryData | null;
}

/** The page side of the analysis worker. */
export interface WorkerAnalyzer {
  /**
   * Analyses a file in the worker. The page stays responsive; bad input resolves with failed stages.
   * @throws CadlensError `ABORTED` when `signal` aborts, `WORKER_CRASHED` when the worker dies or was disposed,
   *   `CONFIG_INVALID` for bad asset settings, `INTERNAL` (with `details.workerCode`) for any other failure in the worker
   */
  analyze(input: Blob | ArrayBuffer | Uint8Array, options?: WorkerAnalyzeOptions): Promise<WorkerAnalysis>;
  /** Terminates the worker; pending analyses reject with `WORKER_CRASHED`. */
  dispose(): void;
}

async function toArrayBuffer(input: Blob | ArrayBuffer | Uint8Array): Promise<ArrayBuffer> {
  if (input instanceof ArrayBuffer) return input.slice(0);
  if (input instanceof Uint8Array) return input.slice().buffer as ArrayBuffer;
  return input.arrayBuffer();
}

/**
 * Runs cadlens in a Web Worker and talks to it from the page: the whole pipeline (occt-import-js wasm,
 * onnxruntime-web with WebGPU → wasm, all tiers) runs off the main thread; the page gets progress and
 * the result. Which provider Tier 1 ran on is `result.recognition.details.provider`.
 *
 * @example
 * ```ts
 * import { createWorkerAnalyzer } from 'cadlens/browser';
 * const analyzer = createWorkerAnalyzer({
 *   worker: new Worker(new URL('cadlens/browser-worker', import.meta.url), { type: 'module' }),
 *   assets: { occtWasmBase: '/assets/occt/', ortWasmBase: '/assets/ort/', model: '/assets/aagnet-cadlens-ft.onnx' },
 * });
 * const { result, geometry } = await analyzer.analyze(file, { name: file.name, onProgress: (s) => console.log(s) });
 * ```
 */
export function createWorkerAnalyzer(options: WorkerAnalyzerOptions): WorkerAnalyzer {
  const { worker } = options;
  let nextId = 1;
  let dead: CadlensError | null = null;
  const pending = new Map<number, { resolve(a: WorkerAnalysis): void; reject(e: unknown): void; onProgress?: WorkerAnalyzeOptions['onProgress'] }>();
  const failAll = (error: CadlensError) => {
    dead = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
    const m = event.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      try {
        p.onProgress?.(m.step, m.elapsedMs);
      } catch {
        // A progress listener never fails the analysis.
      }
      return;
    }
    pending.delete(m.id);
    if (m.type === 'done') p.resolve({ result: m.result, geometry: m.geometry });
    else if (m.error.code === 'ABORTED' || m.error.code === 'CONFIG_INVALID') p.reject(new CadlensError(m.error.code, m.error.message));
    else p.reject(new CadlensError('INTERNAL', `the analysis worker failed: ${m.error.message}`, { details: { workerCode: m.error.code } }));
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault?.();
    failAll(new CadlensError('WORKER_CRASHED', `the analysis worker crashed: ${event.message || 'script error (check the worker URL and its assets)'}`));
  });
  worker.postMessage({ type: 'init', assets: options.assets, ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}), ...(options.analyzer ? { analyzer: options.analyzer } : {}) });

  return {
    async analyze(input, callOptions = {}) {
      if (dead) throw dead;
      throwIfAborted(callOptions.signal);
      const bytes = await toArrayBuffer(input);
      if (dead) throw dead; // disposed while the input was being read
      throwIfAborted(callOptions.signal);
      const id = nextId++;
      return new Promise<WorkerAnalysis>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress: callOptions.onProgress });
        callOptions.signal?.addEventListener('abort', () => worker.postMessage({ type: 'cancel', id }), { once: true });
        worker.postMessage({ type: 'analyze', id, name: callOptions.name ?? 'input', bytes, geometry: callOptions.geometry ?? true }, [bytes]);
      });
    },
    dispose() {
      worker.terminate();
      failAll(new CadlensError('WORKER_CRASHED', 'the analysis worker was disposed'));
    },
  };
}
