import { setFlagsFromString } from 'node:v8';

/**
 * How V8 compiles OpenCascade's WebAssembly (occt-import-js, 7.6 MB of wasm):
 * - `'v8-default'`: V8's own choice: baseline code (Liftoff) first, then its optimizing compiler
 *   (TurboFan) recompiles every function that gets hot, on background threads;
 * - `'liftoff-only'`: baseline code only, never recompiled. That recompilation cost more CPU than it
 *   saved on every import measured (a cold one-file import of a 30 KB part: 1.42 s of CPU with it,
 *   0.25 s without; 40 MFCAD parts in one process: 3.4 s against 2.1 s; bench/README.md, session 6).
 *
 * V8 flags are per process, not per module or per worker: `'liftoff-only'` switches every
 * WebAssembly module that this process runs afterwards to Liftoff (and cannot be undone for the
 * modules already compiled: their tier-up is checked against the flags while they run).
 */
export type WasmTiering = 'v8-default' | 'liftoff-only';

/** The V8 flags of {@link WasmTiering} `'liftoff-only'` (the last two are implied by the first; listed for clarity). */
const LIFTOFF_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

/** The tiering flags the process was started with (command line or NODE_OPTIONS): those are the user's choice. */
function userSetTiering(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const words = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return words.some((w) => /^--(no-)?(liftoff|liftoff-only|wasm-tier-up|wasm-dynamic-tiering)(=|$)/.test(w.replace(/_/g, '-')));
}

let applied = false;

/**
 * Applies a {@link WasmTiering} to this process before OpenCascade's module is compiled. `'v8-default'`
 * changes nothing. `'liftoff-only'` sets V8's `--liftoff-only` once (idempotent), unless the process was
 * started with a WebAssembly tiering flag of its own (`--liftoff-only`, `--no-wasm-tier-up`, …), which
 * wins. Never throws: where flags cannot be set, the import only runs at V8's default speed.
 * @returns whether this process now runs WebAssembly under `'liftoff-only'` because of this call or an
 * earlier one (false for `'v8-default'` and where the user's own flags decide).
 * @internal
 */
export function applyWasmTiering(tiering: WasmTiering, env: { execArgv?: readonly string[]; nodeOptions?: string } = {}): boolean {
  if (tiering !== 'liftoff-only') return applied;
  if (applied) return true;
  if (userSetTiering(env.execArgv ?? process.execArgv, env.nodeOptions ?? process.env.NODE_OPTIONS)) return false;
  try {
    for (const flag of LIFTOFF_FLAGS) setFlagsFromString(flag);
    applied = true;
  } catch {
    // A runtime without setFlagsFromString (or with frozen flags): the default tiering stays.
  }
  return applied;
}
