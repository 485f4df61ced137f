import { provideStaticBvhDeps } from '../geometry/static-bvh-deps.js';
import { provideStaticZod } from '../deferred-packages/static-zod.js';

/**
 * @internal
 * For the browser entries (`cadlens` without the "node" condition, `cadlens/browser`): a browser has no
 * synchronous loader, so the packages behind the core's synchronous exports (zod: `loadConfig` and the result
 * schemas; three and three-mesh-bvh: `healMesh`, `measureMesh`) are imported up front there, as before session 9.
 * Each entry calls this in its own body, not through a shared module: a chunk imported only for its side effects
 * is one a bundler may drop (package.json `sideEffects` names the entry files).
 */
export function provideStaticPackages(): void {
  provideStaticZod();
  provideStaticBvhDeps();
}
