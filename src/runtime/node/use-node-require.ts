import { createRequire } from 'node:module';
import { useNodeRequire } from '../../deferred-packages/deferred-module.js';

/**
 * @internal
 * Gives the core's deferred packages (zod, three, three-mesh-bvh; src/deferred-packages/deferred-module.ts) Node's
 * `require` on Node versions without `process.getBuiltinModule` (before 20.16).
 */
export function installNodeRequire(): void {
  useNodeRequire(createRequire(import.meta.url));
}
