import { CadlensError } from '../errors/index.js';
import { MESH_MODES } from './mesh-mode.js';

/** The analyzer options whose values are checked when the analyzer is created. */
export interface CheckedAnalyzerOptions {
  mesh?: unknown;
  tier?: unknown;
  maxFileSizeMb?: unknown;
  recognizeTimeoutMs?: unknown;
  importTimeoutMs?: unknown;
  combineTiers?: unknown;
  heal?: unknown;
  recognizers?: unknown;
  validators?: unknown;
}

/**
 * Rejects option values a caller without TypeScript (or with a cast) can pass, which would otherwise
 * be taken silently: an unknown `mesh` acted as `'always'`, `tier: 7` skipped every tier (`tier: null`),
 * a non-positive `maxFileSizeMb` refused every input as `INTAKE_TOO_LARGE`, and a non-numeric
 * `importTimeoutMs` failed every file with a result error instead of once, here; a `combineTiers` rule with a
 * missing or mistyped knob would compare `undefined` with probabilities and combine nothing, silently; a
 * recognizer with `tier: 7` answered as "Tier 7" with no faces, one with no `id` as recognizer `''`; a
 * validator placed in the list of another stage (a geometry validator under `validators.format`) ran on a
 * context it does not read, and a misspelt list (`validators.geomtry`) was never run; `heal: 'no'` healed
 * (any truthy value did), and options that are not an object (`createNodeAnalyzer(null)`) failed with a
 * `TypeError` or (a string) were ignored. `undefined` is the default.
 *
 * @throws CadlensError `CONFIG_INVALID` (systemic, stage `config`) naming the option and the value
 */
export function checkAnalyzerOptions(options: CheckedAnalyzerOptions): void {
  const invalid = (message: string) => new CadlensError('CONFIG_INVALID', message, { stage: 'config' });
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const o: unknown = options;
    const got = Array.isArray(o) ? 'an array' : o === null ? 'null' : ['string', 'number', 'boolean'].includes(typeof o) ? `${typeof o} ${String(o)}` : typeof o;
    throw invalid(`options must be an object (or left out), got ${got}`);
  }
  if (options.mesh !== undefined && !MESH_MODES.includes(options.mesh as never)) {
    throw invalid(`mesh must be one of ${MESH_MODES.map((m) => `'${m}'`).join(', ')}, got ${String(options.mesh)}`);
  }
  if (options.tier !== undefined && !(options.tier === 1 || options.tier === 2 || options.tier === 3 || options.tier === 4)) {
    throw invalid(`tier must be 1, 2, 3 or 4, got ${String(options.tier)}`);
  }
  for (const name of ['maxFileSizeMb', 'recognizeTimeoutMs', 'importTimeoutMs'] as const) {
    const v = options[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw invalid(`${name} must be a positive number, got ${String(v)}`);
  }
  if (options.combineTiers !== undefined && options.combineTiers !== false) {
    const problem = combinationRuleProblem(options.combineTiers);
    if (problem) throw invalid(`combineTiers must be false or a tier combination rule: ${problem}`);
  }
  if (options.heal !== undefined && typeof options.heal !== 'boolean' && !(typeof options.heal === 'object' && options.heal !== null && !Array.isArray(options.heal))) {
    throw invalid(`heal must be true, false or an object of heal options, got ${String(options.heal)}`);
  }
  if (options.validators !== undefined) {
    const problem = validatorListsProblem(options.validators);
    if (problem) throw invalid(problem);
  }
  if (options.recognizers !== undefined) {
    if (!Array.isArray(options.recognizers)) throw invalid(`recognizers must be an array of recognizers, got ${typeof options.recognizers}`);
    for (const [i, r] of options.recognizers.entries()) {
      const problem = recognizerProblem(r);
      if (problem) throw invalid(`recognizers[${i}]${idOf(r)} ${problem}`);
    }
  }
}

/** ` (id)` for a message, when the recognizer has a usable id. */
function idOf(r: unknown): string {
  const id = typeof r === 'object' && r !== null ? (r as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? ` (${id})` : '';
}

/** What is wrong with a recognizer's identity (what `runRecognizerContract` checks first), or `null`. */
function recognizerProblem(recognizer: unknown): string | null {
  if (typeof recognizer !== 'object' || recognizer === null) return `must be a recognizer object, got ${String(recognizer)}`;
  const r = recognizer as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.length === 0) return `must have a non-empty string id, got ${JSON.stringify(r.id) ?? 'undefined'}`;
  if (!TIERS.includes(r.tier)) return `tier must be 1, 2, 3 or 4, got ${String(r.tier)}`;
  const c = r.nominalConfidence;
  if (!(typeof c === 'number' && c >= 0 && c <= 1)) return `nominalConfidence must be a number from 0 to 1, got ${String(c)}`;
  for (const name of ['canRecognize', 'recognize']) if (typeof r[name] !== 'function') return `${name} must be a function`;
  return null;
}

const TIERS: readonly unknown[] = [1, 2, 3, 4];

/** The stage a validator of each `validators` list must declare (mesh-only input's geometry list is the geometry stage's). */
const VALIDATOR_LIST_STAGES: Readonly<Record<string, string>> = { input: 'input', format: 'format', parse: 'parse', geometry: 'geometry', meshGeometry: 'geometry' };

/** What is wrong with the `validators` lists (an unknown list, a validator without `id`/`validate`, one of another stage), or `null`. */
function validatorListsProblem(lists: unknown): string | null {
  if (typeof lists !== 'object' || lists === null || Array.isArray(lists)) return `validators must be an object of lists by stage, got ${Array.isArray(lists) ? 'an array' : String(lists)}`;
  for (const [list, validators] of Object.entries(lists)) {
    const stage = VALIDATOR_LIST_STAGES[list];
    if (stage === undefined) return `validators.${list} is not a validator list (one of ${Object.keys(VALIDATOR_LIST_STAGES).join(', ')})`;
    if (validators === undefined) continue;
    if (!Array.isArray(validators)) return `validators.${list} must be an array of validators, got ${typeof validators}`;
    for (const [i, v] of validators.entries()) {
      const where = `validators.${list}[${i}]${idOf(v)}`;
      if (typeof v !== 'object' || v === null) return `${where} must be a validator object, got ${String(v)}`;
      const { id, validate, stage: declared } = v as Record<string, unknown>;
      if (typeof id !== 'string' || id.length === 0) return `${where} must have a non-empty string id, got ${JSON.stringify(id) ?? 'undefined'}`;
      if (typeof validate !== 'function') return `${where} validate must be a function`;
      if (declared !== stage) return `${where} is a validator of stage '${String(declared)}', placed in the list of stage '${stage}' (validators.${list})`;
    }
  }
  return null;
}

/** What is wrong with a `combineTiers` rule, or `null`. */
function combinationRuleProblem(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null) return `got ${String(rule)}`;
  const r = rule as Record<string, unknown>;
  for (const name of ['primaryTier', 'secondaryTier'])
    if (!TIERS.includes(r[name])) return `${name} must be 1, 2, 3 or 4, got ${String(r[name])}`;
  if (r.primaryTier === r.secondaryTier) return `primaryTier and secondaryTier must differ, both are ${String(r.primaryTier)}`;
  for (const name of ['minPrimaryProbability', 'secondaryMargin', 'minSecondaryProbability']) {
    const v = r[name];
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1)) return `${name} must be a number from 0 to 1, got ${String(v)}`;
  }
  for (const name of ['secondaryWhereOtherFeature', 'secondaryStock'])
    if (typeof r[name] !== 'boolean') return `${name} must be true or false, got ${String(r[name])}`;
  if (r.secondaryStockWhenSurer !== undefined && typeof r.secondaryStockWhenSurer !== 'boolean')
    return `secondaryStockWhenSurer must be true, false or absent, got ${String(r.secondaryStockWhenSurer)}`;
  return null;
}

/**
 * Checks the per-call options plain JavaScript can get wrong, before any work: before, `{ signal: 'x' }` surfaced
 * as a failed read ("reading failed: ERR_INVALID_ARG_TYPE") that did not name the signal, and `onProgress: 5` or
 * `needMesh: 'yes'` were silently ignored or taken as true.
 *
 * @throws CadlensError `CONFIG_INVALID` (stage `config`) naming the option and the value
 * @internal
 */
export function checkCallOptions(call: unknown): void {
  if (call === undefined) return;
  const invalid = (message: string) => new CadlensError('CONFIG_INVALID', message, { stage: 'config' });
  if (typeof call !== 'object' || call === null || Array.isArray(call)) throw invalid(`call options must be an object (or left out), got ${describe(call)}`);
  const c = call as Record<string, unknown>;
  const signal = c.signal;
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof (signal as AbortSignal).aborted === 'boolean' && typeof (signal as AbortSignal).addEventListener === 'function'))
    throw invalid(`signal must be an AbortSignal, got ${describe(signal)}`);
  if (c.onProgress !== undefined && typeof c.onProgress !== 'function') throw invalid(`onProgress must be a function, got ${describe(c.onProgress)}`);
  for (const key of ['name', 'requestId'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'string') throw invalid(`${key} must be a string, got ${describe(c[key])}`);
  }
  for (const key of ['needMesh', 'cache'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean') throw invalid(`${key} must be true or false, got ${describe(c[key])}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' || typeof v === 'function' ? typeof v : `${typeof v} ${String(v)}`;
}
