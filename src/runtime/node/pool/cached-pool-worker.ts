// The analyzer pool's worker for the `cadlens` CLI (dist/pool-worker-cached.js): runs the worker bundle
// (dist/pool-worker-main.cjs, pool-worker.ts as one CommonJS file) through a V8 code cache, as dist/cli.js
// does for the CLI bundle. Without it each worker of a several-file run parsed and compiled cadlens's code
// afresh: 60–80 ms of module load plus the lazy compiles of its first job (bench/README.md, session 8).
//
// The cache file is named by the launcher (workerData.codeCache; same folder, flags and kinds as the CLI's).
// It is written after this worker's first job, when that job has compiled what a job runs, and only when it
// was missing or V8 rejected it; several workers writing at once each rename a whole file into place.
// Node built-ins only besides the bundle.
import { workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { runCachedBundle, writeCodeCache } from '../cli/code-cache-file.js';

type Job = (task: unknown) => Promise<unknown>;

const path = (workerData as { codeCache?: unknown } | null)?.codeCache;
const cachePath = typeof path === 'string' ? path : undefined;
const bundle = fileURLToPath(new URL('./pool-worker-main.cjs', import.meta.url));
// The bundle's `import()`s (onnxruntime-node, a recognizers module) run here, beside it in dist/.
const { exports, script, stale } = runCachedBundle(bundle, cachePath, (specifier) => import(specifier));
const runJob = (exports as { default: Job }).default;
let pendingWrite = stale;

/** Runs one pool job (pool-worker.ts), then writes the code cache once if it was missing or stale. */
export default async function runCachedPoolJob(task: unknown): Promise<unknown> {
  try {
    return await runJob(task);
  } finally {
    if (pendingWrite && cachePath !== undefined) {
      pendingWrite = false;
      writeCodeCache(cachePath, script.createCachedData());
    }
  }
}
