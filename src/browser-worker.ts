/**
 * cadlens/browser-worker: the script of the analysis Web Worker. Start it as a module worker and talk to
 * it with `createWorkerAnalyzer` from `cadlens/browser`:
 * `new Worker(new URL('cadlens/browser-worker', import.meta.url), { type: 'module' })`.
 *
 * @packageDocumentation
 * @module cadlens/browser-worker
 */
import { serveAnalyzerInWorker, type WorkerScopeLike } from './runtime/browser/worker/serve-analyzer-in-worker.js';

serveAnalyzerInWorker(globalThis as unknown as WorkerScopeLike);
