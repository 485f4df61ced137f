// Source-mode entry of a pool worker (tests, tsx). Node 20 applies the ESM hooks that `--import tsx`
// registers to the main thread only, so this worker registers tsx's hooks itself and then imports the
// TypeScript as ESM, as the built package (dist/pool-worker.js) is loaded. Through tsx's require() hook
// (CommonJS) the analyzer's lazily imported modules (`import()` of the mesh path, the self-intersection
// BVH, the result schema) would not resolve. piscina awaits the exported promise for the handler.
'use strict';
module.exports = import('tsx/esm/api')
  .then(({ register }) => {
    register();
    return import('./pool-worker.ts');
  })
  .then((m) => m.default);
