import { fileURLToPath } from 'node:url';

/**
 * Where the pool's worker module is: `pool-worker.js` beside the bundle in `dist/`, or, when cadlens
 * runs from source (tests, tsx), `pool-worker.ts` loaded through tsx (a dev dependency) by
 * `pool-worker-dev.cjs`.
 * @internal
 */
export function poolWorkerSpec(): { filename: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./pool-worker-dev.cjs', here)), execArgv: ['--import', 'tsx'] };
  return { filename: fileURLToPath(new URL('./pool-worker.js', here)) };
}
