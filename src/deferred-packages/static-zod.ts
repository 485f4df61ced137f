import { z } from 'zod';
import { zodModule } from './zod-module.js';

/**
 * @internal
 * Hands the statically imported zod to {@link zodModule}: for the browser entries (no synchronous loader there)
 * and for code that already runs behind an `import()` (the result cache, `cadlens schema`, `cadlens serve`).
 */
export function provideStaticZod(): void {
  zodModule.provide(z);
}
