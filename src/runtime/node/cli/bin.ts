// Entry point of the `cadlens` executable (dist/cli.js). Kept separate so importing the CLI module
// in tests or other tools never starts it.
import { runCli } from './main.js';

// A reader that goes away (`cadlens … | head`, `2>&1 | head`) must not end in an unhandled 'error'
// event with a stack trace; runCli stops its work when stdout closes, and late errors land here.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cadlens: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
