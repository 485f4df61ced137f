import { CadlensError, MESH_MODES, type MeshMode, type Tier } from 'cadlens';

/**
 * How one queued job is analysed, stored with the job (JSON) so that every worker honours it. These are
 * the analyzer settings a batch commonly varies; everything else (recognizers, breaker, stores) is the
 * worker's. An empty object, or none, means the worker's defaults.
 */
export interface JobAnalysisOptions {
  /** When to tessellate with OpenCascade (see `MeshMode`): `'never'` is the fast path for features and validity only. */
  mesh?: MeshMode;
  /** Force one recognition tier (evaluation, debugging). */
  tier?: Tier;
  /** Run recognition after validation (`false`: validate only). */
  recognize?: boolean;
}

const KEYS = ['mesh', 'tier', 'recognize'] as const;

/**
 * Checks job options (they travel as JSON and may come from a CLI or another service) and returns them
 * with only the known keys, in a fixed order, so equal option sets compare equal as JSON.
 * @throws CadlensError `CONFIG_INVALID` (permanent) naming the bad key
 */
export function checkJobAnalysisOptions(options: unknown): JobAnalysisOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw invalid('analysis options must be an object');
  const given = options as Record<string, unknown>;
  const unknownKey = Object.keys(given).find((k) => !(KEYS as readonly string[]).includes(k));
  if (unknownKey !== undefined) throw invalid(`unknown analysis option '${unknownKey}' (known: ${KEYS.join(', ')})`);
  const checked: JobAnalysisOptions = {};
  if (given.mesh !== undefined) {
    if (!(MESH_MODES as readonly unknown[]).includes(given.mesh)) throw invalid(`mesh must be ${MESH_MODES.join(', ')}`);
    checked.mesh = given.mesh as MeshMode;
  }
  if (given.tier !== undefined) {
    if (!(given.tier === 1 || given.tier === 2 || given.tier === 3 || given.tier === 4)) throw invalid('tier must be 1, 2, 3 or 4');
    checked.tier = given.tier;
  }
  if (given.recognize !== undefined) {
    if (typeof given.recognize !== 'boolean') throw invalid('recognize must be true or false');
    checked.recognize = given.recognize;
  }
  return checked;
}

/** A stable key of checked options (`''` for the worker's defaults). */
export function jobAnalysisOptionsKey(options: JobAnalysisOptions): string {
  return Object.keys(options).length === 0 ? '' : JSON.stringify(KEYS.map((k) => options[k] ?? null));
}

function invalid(message: string): CadlensError {
  return new CadlensError('CONFIG_INVALID', message, { stage: 'config', kind: 'permanent' });
}
