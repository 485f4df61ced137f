// Entry point of the `cadlens` executable (dist/cli.js). Kept separate so importing the CLI module
// in tests or other tools never starts it.
import { runCli } from './main.js';

// A reader that goes away (`cadlens … | head`, `2>&1 | head`) must not end in an unhandled 'error'
// event with a stack trace; runCli stops its work when stdout closes, and late errors land here.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

runCli(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    process.stderr.write(`cadlens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    exitAfterFlush(1);
  },
);

/**
 * Exits once stdout and stderr have taken everything written. Exiting explicitly rather than letting
 * the event loop drain saves seconds: after an OpenCascade import V8 keeps optimising the wasm on
 * background threads, and a natural exit waits for those jobs (measured 3.7 s on a loaded 2-core machine).
 */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', done);
  }
}
