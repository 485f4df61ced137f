// Which WebAssembly tiering (../wasm-tiering.ts) a `cadlens` run uses. Decided by the launcher before the
// bundle is compiled, from the command line alone: a V8 flag changed later would also change the flags
// the code cache is checked against.
import { statSync } from 'node:fs';
import type { WasmTiering } from '../wasm-tiering.js';

/**
 * Past roughly this much STEP input in one run, V8's optimizing recompilation of OpenCascade pays for
 * itself: one 2.2 MB part still imported with less CPU on Liftoff alone (4.35 s against 5.4 s), the 24
 * realworld tune parts (13 MB) with more (25.1 s against 20.4 s; bench/README.md, session 6).
 */
export const LIFTOFF_MAX_INPUT_BYTES = 4 * 1024 * 1024;

/**
 * `'liftoff-only'` for an `analyze` or `validate` run over listed files of at most
 * {@link LIFTOFF_MAX_INPUT_BYTES} in all; V8's default for anything else (a folder or a glob, a server, a
 * queue worker). `setting` is `CADLENS_WASM_TIERING`: `v8-default` or `liftoff-only` decide instead.
 * @param argv the CLI's arguments (after `node cli.js`)
 * @internal
 */
export function cliWasmTiering(argv: readonly string[], setting: string | undefined): WasmTiering {
  if (setting === 'v8-default') return 'v8-default';
  if (setting === 'liftoff-only') return 'liftoff-only';
  return cliShortRun(argv) ? 'liftoff-only' : 'v8-default';
}

/**
 * Whether this is a short run: `analyze` or `validate` over listed files of at most
 * {@link LIFTOFF_MAX_INPUT_BYTES} in all (no folder, no glob). Such a run ends before most of what V8's
 * optimizing compilers would compile pays back.
 * @internal
 */
export function cliShortRun(argv: readonly string[]): boolean {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  if (argv[at] !== 'analyze' && argv[at] !== 'validate') return false;
  let bytes = 0;
  for (const a of argv.slice(at + 1)) {
    if (a.startsWith('-')) continue;
    if (/[*?[{]/.test(a)) return false;
    try {
      const st = statSync(a);
      if (st.isDirectory()) return false;
      if (st.isFile()) bytes += st.size;
    } catch {
      // an option's value, or a file that is not there (the CLI reports it)
    }
  }
  return bytes <= LIFTOFF_MAX_INPUT_BYTES;
}
