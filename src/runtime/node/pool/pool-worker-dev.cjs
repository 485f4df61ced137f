// Source-mode entry of a pool worker (tests, tsx). Node 20 applies tsx's ESM hooks to the main
// thread only, so in a worker the TypeScript is loaded through tsx's require() hook, as CommonJS;
// three then warns that it is required. The built package (dist/pool-worker.js) is ESM and never
// warns, so only that one warning is dropped, and only here.
'use strict';
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const options = rest[0];
  if (options && typeof options === 'object' && options.code === 'THREE_CJS_DEPRECATED') return;
  return emitWarning.call(process, warning, ...rest);
};
module.exports = require('./pool-worker.ts');
