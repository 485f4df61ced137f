/**
 * Messages between a page and the cadlens analysis worker. Plain structured-cloneable objects; the
 * mesh's typed arrays are transferred, not copied.
 */
import type { AnalyzeStep } from '../../../analyze/index.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { ThreeGeometryData } from '../../../stages/recognize/tier4-mesh-only/three-geometry.js';

/**
 * Where the worker finds the files it needs. All are URLs the app serves itself (absolute, or relative to
 * the worker script); nothing is fetched from a third-party CDN.
 */
export interface WorkerAssets {
  /** Folder URL that holds `occt-import-js.wasm` (from the `occt-import-js` package's `dist/`). */
  occtWasmBase: string;
  /** Folder URL that holds onnxruntime-web's `.wasm`/`.mjs` files (the package's `dist/`). */
  ortWasmBase: string;
  /** URL of `aagnet-cadlens-ft.onnx` or `aagnet-mfinstseg.onnx` (this package's `models/`), or `null` to run without Tier 1. */
  model: string | null;
}

/** Settings the worker is started with (first message). */
export interface WorkerInit {
  type: 'init';
  assets: WorkerAssets;
  /**
   * onnxruntime-web execution providers in preference order. @defaultValue ['webgpu', 'wasm']
   */
  executionProviders?: ('webgpu' | 'wasm')[];
  /** Analyzer options that survive structured cloning (limits, checks). */
  analyzer?: { maxFileSizeMb?: number; timeoutMs?: number };
}

/** Page → worker: analyse these bytes. */
export interface WorkerAnalyzeRequest {
  type: 'analyze';
  id: number;
  name: string;
  bytes: ArrayBuffer;
  /** Also return the tessellation for display. @defaultValue true */
  geometry?: boolean;
}

/** Page → worker: stop the analysis with this id (it ends with an `ABORTED` error). */
export interface WorkerCancel {
  type: 'cancel';
  id: number;
}

export type PageToWorker = WorkerInit | WorkerAnalyzeRequest | WorkerCancel;

/** Worker → page: a step of analysis `id` started. */
export interface WorkerProgress {
  type: 'progress';
  id: number;
  step: AnalyzeStep;
  /** Milliseconds since the request arrived in the worker. */
  elapsedMs: number;
}

/** Worker → page: analysis `id` finished (bad input is a result with failed stages, not an error). */
export interface WorkerDone {
  type: 'done';
  id: number;
  result: AnalysisResult;
  geometry: ThreeGeometryData | null;
}

/** Worker → page: analysis `id` could not run (aborted, worker not initialised, internal error). */
export interface WorkerFailed {
  type: 'failed';
  id: number;
  error: { code: string; message: string };
}

export type WorkerToPage = WorkerProgress | WorkerDone | WorkerFailed;
