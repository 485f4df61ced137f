import type { z as Zod } from 'zod';
import { deferredModule } from './deferred-module.js';

/**
 * @internal
 * zod's `z`, loaded on first use (src/deferred-packages/deferred-module.ts) by `loadConfig`, the result schemas,
 * `assertValidResult` and `analysisResultJsonSchema`: an analysis never needs it, and its ≈ 95 modules were
 * ≈ 40 ms of every `import 'cadlens'` in Node (bench/README.md, session 8).
 */
export const zodModule = deferredModule<typeof Zod>('zod', (load) => load<{ z: typeof Zod }>('zod').z);
