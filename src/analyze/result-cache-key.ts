import { sha256Hex } from '../resilience/bytes.js';
import { AAGNET_MODEL_SHA256 } from '../inference/inference-engine.js';
import { ANALYSIS_SCHEMA_VERSION } from '../result/schema-version.js';
import { CADLENS_VERSION } from '../version.js';
import type { Recognizer, Tier, TierCombinationRule } from '../stages/recognize/index.js';
import type { HealOptions } from '../stages/heal/index.js';
import type { StepReadLimits } from '../formats/step/index.js';

/** Version of the key layout below; bumped when what the key covers changes. */
export const RESULT_CACHE_KEY_VERSION = 1;

/** The analyzer options that change a result, as the cache key sees them. */
export interface ResultCacheKeyOptions {
  maxFileSizeMb: number;
  stepLimits?: Partial<StepReadLimits>;
  recognize?: boolean;
  tier?: Tier;
  heal?: boolean | HealOptions;
  /** The analyzer's `mesh` mode (`'always'` adds nothing, so keys made before the option existed stay valid). */
  mesh?: 'auto' | 'always' | 'never';
  /** The analyzer's `combineTiers` (absent = the default rule, so keys made before the option existed stay valid). */
  combineTiers?: TierCombinationRule | false;
  recognizers: readonly Pick<Recognizer, 'id' | 'tier' | 'variant'>[];
  /** Validator lists per stage, when replaced (absent stages use the defaults of this cadlens version). */
  validators?: Partial<Record<'input' | 'format' | 'parse' | 'geometry' | 'meshGeometry', readonly { id: string }[]>>;
  /** Free text the embedder adds (e.g. the version of its own recognizers or validators). */
  namespace?: string;
}

/**
 * The cache key of one analysis: `v1:<sha256 of the input bytes>:<sha256 of the canonical JSON of
 * everything else that changes the result>`. That "everything else" is, exactly:
 * the cadlens version, the result schema version, the AAGNet model's sha256 (its `models/manifest.json`
 * entry), `maxFileSizeMb`, `stepLimits`, `recognize`, `tier`, `heal` (boolean or options), the
 * `combineTiers` rule when one is given, the recognizers' `id` and `tier` in preference order, the
 * validator ids of every stage whose list was replaced (`default` otherwise) and the embedder's `namespace`.
 * Not in the key: the input name, request id, timeouts, and the audit/DLQ/metrics/log wiring (results
 * that a timeout or a failing tier shaped are never cached, see docs/result-contract.md).
 */
export async function resultCacheKey(inputSha256: string, options: ResultCacheKeyOptions): Promise<string> {
  const validators: Record<string, string[] | 'default'> = {};
  for (const stage of ['input', 'format', 'parse', 'geometry', 'meshGeometry'] as const) {
    const list = options.validators?.[stage];
    validators[stage] = list ? list.map((v) => v.id) : 'default';
  }
  const parts = {
    cadlens: CADLENS_VERSION,
    schema: ANALYSIS_SCHEMA_VERSION,
    model: AAGNET_MODEL_SHA256,
    maxFileSizeMb: options.maxFileSizeMb,
    stepLimits: options.stepLimits ?? null,
    recognize: options.recognize !== false,
    tier: options.tier ?? null,
    heal: options.heal ?? true,
    ...(options.mesh && options.mesh !== 'always' ? { mesh: options.mesh } : {}),
    ...(options.combineTiers !== undefined ? { combineTiers: options.combineTiers } : {}),
    recognizers: options.recognize === false ? [] : options.recognizers.map((r) => `${r.id}@${r.tier}${r.variant !== undefined ? `(${r.variant})` : ''}`),
    validators,
    namespace: options.namespace ?? null,
  };
  const digest = await sha256Hex(new TextEncoder().encode(canonicalJson(parts)));
  return `v${RESULT_CACHE_KEY_VERSION}:${inputSha256}:${digest}`;
}

/** JSON with object keys sorted at every level, so equal options give equal text; functions and signals are dropped. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function' || (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal)) return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
