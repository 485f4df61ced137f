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
 * A batch of small parts may be larger in all and still gain: a part of at most this size (MFCAD's parts are
 * 33-175 KB) costs little import work per byte, so the 100-part MFCAD tune batch (7.2 MiB, largest 171 KiB)
 * used less CPU with Liftoff and the short-run JIT budget than with V8's defaults (1.46-1.52x the bare
 * import against 1.74-1.75x; bench/README.md, session 7 "the CLI batch rule").
 */
export const SMALL_PART_MAX_BYTES = 256 * 1024;

/** The most input in all for which a batch of small parts ({@link SMALL_PART_MAX_BYTES}) counts as short. */
export const SMALL_PARTS_MAX_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * `'liftoff-only'` for a short run ({@link cliShortRun}); V8's default for anything else (a folder or a
 * glob, a server, a queue worker, a batch with large parts). `setting` is `CADLENS_WASM_TIERING`:
 * `v8-default` or `liftoff-only` decide instead.
 * @param argv the CLI's arguments (after `node cli.js`)
 * @internal
 */
export function cliWasmTiering(argv: readonly string[], setting: string | undefined): WasmTiering {
  if (setting === 'v8-default') return 'v8-default';
  if (setting === 'liftoff-only') return 'liftoff-only';
  return cliShortRun(argv) ? 'liftoff-only' : 'v8-default';
}

/** The files an `analyze` / `validate` run lists (no folder, no glob): their total and largest size; null for any other run. */
export function cliListedInput(argv: readonly string[]): { files: number; totalBytes: number; largestBytes: number } | null {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  if (argv[at] !== 'analyze' && argv[at] !== 'validate') return null;
  let files = 0;
  let totalBytes = 0;
  let largestBytes = 0;
  for (const a of argv.slice(at + 1)) {
    if (a.startsWith('-')) continue;
    if (/[*?[{]/.test(a)) return null;
    try {
      const st = statSync(a);
      if (st.isDirectory()) return null;
      if (st.isFile()) {
        files++;
        totalBytes += st.size;
        largestBytes = Math.max(largestBytes, st.size);
      }
    } catch {
      // an option's value, or a file that is not there (the CLI reports it)
    }
  }
  return { files, totalBytes, largestBytes };
}

/**
 * Whether this is a short run: `analyze` or `validate` over listed files (no folder, no glob) of at most
 * {@link LIFTOFF_MAX_INPUT_BYTES} in all, or of parts of at most {@link SMALL_PART_MAX_BYTES} each and
 * {@link SMALL_PARTS_MAX_INPUT_BYTES} in all. Such a run ends before most of what V8's optimizing compilers
 * would compile pays back; a batch with large parts (the 24 realworld tune parts, 13 MB, up to 3.6 MB
 * each) does not.
 * @internal
 */
export function cliShortRun(argv: readonly string[]): boolean {
  const listed = cliListedInput(argv);
  if (listed === null) return false;
  if (listed.totalBytes <= LIFTOFF_MAX_INPUT_BYTES) return true;
  return listed.largestBytes <= SMALL_PART_MAX_BYTES && listed.totalBytes <= SMALL_PARTS_MAX_INPUT_BYTES;
}
