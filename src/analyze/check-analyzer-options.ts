import { CadlensError } from '../errors/index.js';
import { MESH_MODES } from './mesh-mode.js';

/** The analyzer options whose values are checked when the analyzer is created. */
export interface CheckedAnalyzerOptions {
  mesh?: unknown;
  tier?: unknown;
  maxFileSizeMb?: unknown;
  recognizeTimeoutMs?: unknown;
  importTimeoutMs?: unknown;
}

/**
 * Rejects option values a caller without TypeScript (or with a cast) can pass, which would otherwise
 * be taken silently: an unknown `mesh` acted as `'always'`, `tier: 7` skipped every tier (`tier: null`),
 * a non-positive `maxFileSizeMb` refused every input as `INTAKE_TOO_LARGE`, and a non-numeric
 * `importTimeoutMs` failed every file with a result error instead of once, here. `undefined` is the default.
 *
 * @throws CadlensError `CONFIG_INVALID` (systemic, stage `config`) naming the option and the value
 */
export function checkAnalyzerOptions(options: CheckedAnalyzerOptions): void {
  const invalid = (message: string) => new CadlensError('CONFIG_INVALID', message, { stage: 'config' });
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
}
