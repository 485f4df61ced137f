// How eagerly V8 optimizes the CLI's own JavaScript in an `analyze` / `validate` run over listed files
// (wasm-tiering-choice.ts `cliListedInput`), whatever their size.
// V8 hands a function to its optimizing compiler (TurboFan, on background threads) once the function has
// run through its "interrupt budget" of bytecode (`--interrupt-budget`, 67,584 in Node 20's V8). A cold
// one-file run compiles hundreds of cadlens's functions that way and ends before most of that work pays
// back: with a budget of 1,000,000 only the really hot ones are optimized, and a one-file `analyze` used
// 8-20 % less CPU (D09, D13, D38; bench/README.md, session 7), and so did the long batches: the 100 MFCAD
// tune parts (1.60-1.62x the bare import against 1.74-1.75x) and the 24 realworld tune parts (13 MB; 1.62-1.74x against 1.82-1.89x with V8's
// default; session 7, "the CLI batch rule"). Only speed changes: JavaScript's
// arithmetic gives the same bits on every tier.
import { setFlagsFromString } from 'node:v8';
import { cliListedInput } from './wasm-tiering-choice.js';

/** The interrupt budget of a CLI run over listed files. */
export const SHORT_RUN_INTERRUPT_BUDGET = 1_000_000;

/**
 * The `--interrupt-budget` this CLI run sets, or null for V8's default: {@link SHORT_RUN_INTERRUPT_BUDGET}
 * for `analyze` / `validate` over listed files (any size; not a folder, a glob, a server or a queue worker),
 * null otherwise. `setting` is `CADLENS_JS_INTERRUPT_BUDGET`: `v8-default` keeps V8's
 * default, a positive whole number is used as the budget. A budget the process was started with
 * (`--interrupt-budget` on the command line or in NODE_OPTIONS) wins: null.
 * @internal
 */
export function cliInterruptBudget(argv: readonly string[], setting: string | undefined, execArgv: readonly string[] = process.execArgv, nodeOptions: string | undefined = process.env.NODE_OPTIONS): number | null {
  const words = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (words.some((w) => /^--interrupt[-_]budget(=|$)/.test(w))) return null;
  if (setting === 'v8-default') return null;
  if (setting !== undefined && /^[1-9]\d*$/.test(setting.trim())) return Number(setting.trim());
  return cliListedInput(argv) !== null ? SHORT_RUN_INTERRUPT_BUDGET : null;
}

/**
 * Sets V8's `--interrupt-budget` for this process (before the CLI bundle is compiled). Never throws:
 * where flags cannot be set, V8's default stays. @returns whether the flag was set.
 * @internal
 */
export function applyInterruptBudget(budget: number | null): boolean {
  if (budget === null) return false;
  try {
    setFlagsFromString(`--interrupt-budget=${budget}`);
    return true;
  } catch {
    return false;
  }
}
