import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the pool's worker module is: `pool-worker.js` beside the bundle in `dist/`, or, when cadlens
 * runs from source (tests, tsx), `pool-worker.ts` loaded through tsx (a dev dependency) by
 * `pool-worker-dev.cjs`. With `codeCache` (the CLI's launcher names one) and the CLI's build beside the
 * bundle, `pool-worker-cached.js`: the same worker, compiled through that V8 code cache.
 * @internal
 */
export function poolWorkerSpec(codeCache?: string): { filename: string; execArgv?: string[]; codeCache?: string } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./pool-worker-dev.cjs', here)), execArgv: ['--import', 'tsx'] };
  if (codeCache !== undefined) {
    const cached = fileURLToPath(new URL('./pool-worker-cached.js', here));
    if (existsSync(cached) && existsSync(fileURLToPath(new URL('./pool-worker-main.cjs', here)))) return { filename: cached, codeCache };
  }
  return { filename: fileURLToPath(new URL('./pool-worker.js', here)) };
}
