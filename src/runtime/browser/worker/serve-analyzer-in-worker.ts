import type { Analyzer } from '../../../analyze/index.js';
import { isCadlensError } from '../../../errors/index.js';
import { createThreeGeometryData } from '../../../stages/recognize/tier4-mesh-only/three-geometry.js';
import { createBrowserAnalyzer } from '../create-browser-analyzer.js';
import type { PageToWorker, WorkerAnalyzeRequest, WorkerInit, WorkerToPage } from './protocol.js';

/** The part of a worker's global scope the analysis worker uses (`self` in a dedicated worker). */
export interface WorkerScopeLike {
  postMessage(message: WorkerToPage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PageToWorker>) => void): void;
}

async function importOrt(base: string) {
  const mod = (await import('onnxruntime-web')) as typeof import('onnxruntime-web') & { default?: typeof import('onnxruntime-web') };
  const ort = mod.InferenceSession ? mod : mod.default!;
  ort.env.wasm.wasmPaths = base.endsWith('/') ? base : `${base}/`;
  // A worker of a page that is not cross-origin isolated has no SharedArrayBuffer: one wasm thread.
  ort.env.wasm.numThreads = typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ? 0 : 1;
  return ort;
}

/**
 * Runs the cadlens pipeline inside a dedicated Web Worker: call it once at the top of the worker script
 * (the package's `cadlens/browser-worker` entry does exactly that). The first message must be
 * {@link WorkerInit} with the asset URLs; then each {@link WorkerAnalyzeRequest} is analysed in arrival
 * order (OpenCascade runs synchronously, so one at a time), with progress events, and answered with the
 * result and the tessellation for display (transferred). Use {@link createWorkerAnalyzer} on the page.
 */
export function serveAnalyzerInWorker(scope: WorkerScopeLike): void {
  let init: WorkerInit | null = null;
  let analyzer: Promise<Analyzer> | null = null;
  let queue: Promise<void> = Promise.resolve();
  const cancels = new Map<number, AbortController>();

  const getAnalyzer = (settings: WorkerInit) =>
    (analyzer ??= (async () => {
      const { assets } = settings;
      const base = assets.occtWasmBase.endsWith('/') ? assets.occtWasmBase : `${assets.occtWasmBase}/`;
      return createBrowserAnalyzer({
        ...settings.analyzer,
        model: assets.model,
        engine: {
          ...(assets.model !== null ? { ort: await importOrt(assets.ortWasmBase) } : {}),
          ...(settings.executionProviders ? { executionProviders: settings.executionProviders } : {}),
        },
        occt: { moduleOverrides: { locateFile: (file: string) => `${base}${file}` } },
      });
    })());

  const run = async (request: WorkerAnalyzeRequest, controller: AbortController) => {
    const started = performance.now();
    try {
      if (!init) throw Object.assign(new Error('the worker got no init message (assets) before analyze'), { code: 'CONFIG_INVALID' });
      const a = await getAnalyzer(init);
      const { result, part } = await a.analyzeDetailed(new Uint8Array(request.bytes), {
        name: request.name,
        signal: controller.signal,
        onProgress: (step) => scope.postMessage({ type: 'progress', id: request.id, step, elapsedMs: performance.now() - started }),
      });
      const geometry = request.geometry !== false && part && part.mesh.indices.length > 0 ? createThreeGeometryData(part.mesh) : null;
      const transfer: Transferable[] = geometry ? [geometry.positions.buffer, geometry.normals.buffer, geometry.index.buffer] : [];
      scope.postMessage({ type: 'done', id: request.id, result, geometry }, transfer);
    } catch (error) {
      const code = isCadlensError(error) ? error.code : ((error as { code?: string }).code ?? 'INTERNAL');
      scope.postMessage({ type: 'failed', id: request.id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    } finally {
      cancels.delete(request.id);
    }
  };

  scope.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'init') init = message;
    else if (message.type === 'cancel') cancels.get(message.id)?.abort();
    else if (message.type === 'analyze') {
      const controller = new AbortController();
      cancels.set(message.id, controller);
      queue = queue.then(() => run(message, controller));
    }
  });
}
