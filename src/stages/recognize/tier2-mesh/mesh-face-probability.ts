/**
 * Face probabilities of the STL path. On a segmented mesh a rule is right less (or more) often than on a B-Rep —
 * faces come from fits, the hole-stack pass joins what the rules left apart — so the B-Rep rule precisions
 * (`rule-precision.ts`, with their real-part correction) do not calibrate it. Each mesh face gets the precision its
 * rule had on segmented meshes instead, measured per triangle on generated STL parts by
 * `tools/tier2/measure-mesh-rule-precision.ts` ({@link MESH_RULE_PRECISION}); a key the table lacks keeps the B-Rep
 * value.
 *
 * The key of a face: the rule of the feature that holds it (`pocket`, `fillet`, `through-hole (split)`…), `hole-stack`
 * when the mesh hole-stack pass made that feature, `joined-scraps` for faces no rule explained that joined the feature
 * they border, `stock` for stock faces outside every feature, `fallback` for faces no rule explained; looked up as
 * `key|class` first, then `key`.
 * @internal
 */
import type { RuleMatch } from '../tier2-heuristics/rule-match.js';
import { AAGNET_STOCK_CLASS_ID } from '../../../inference/aagnet-classes.js';
import { faceClassName } from '../tier2-heuristics/fallback-face-class.js';
import { MESH_RULE_PRECISION } from './mesh-rule-precision.js';

/** The rule key of the features made by the mesh hole-stack pass. */
export const HOLE_STACK_RULE = 'hole-stack';
/** The rule key of faces no rule explained that joined the feature they border (mesh-unexplained-clusters.ts). */
export const JOINED_SCRAPS_RULE = 'joined-scraps';

/** Face → the match that holds it (parts included). */
export function matchOfFaces(features: readonly RuleMatch[]): Map<number, RuleMatch> {
  const out = new Map<number, RuleMatch>();
  const add = (m: RuleMatch) => {
    for (const f of m.faces) out.set(f, m);
    for (const p of m.parts ?? []) add(p);
  };
  for (const m of features) add(m);
  return out;
}

/** The class name a probability key uses (the fallback class has its own name). */
export const keyClassName = faceClassName;

/**
 * The rule key of every face after the hole-stack pass. `before`: the matches as the rules left them (a face whose
 * match is not one of them belongs to a hole the pass joined).
 */
export function meshFaceRules(faceCount: number, faceClass: readonly number[], features: readonly RuleMatch[], before: ReadonlySet<RuleMatch>, joinedScraps: readonly number[] = []): string[] {
  const byFace = matchOfFaces(features);
  const scraps = new Set(joinedScraps);
  const rules: string[] = [];
  for (let f = 0; f < faceCount; f++) {
    const m = byFace.get(f);
    if (scraps.has(f)) {
      rules.push(JOINED_SCRAPS_RULE);
      continue;
    }
    rules.push(m ? (before.has(m) ? m.rule : HOLE_STACK_RULE) : faceClass[f] === AAGNET_STOCK_CLASS_ID ? 'stock' : 'fallback');
  }
  return rules;
}

/** Every match of `features`, parts included (the set {@link meshFaceRules} compares with). */
export function allMatches(features: readonly RuleMatch[]): Set<RuleMatch> {
  return new Set(matchOfFaces(features).values());
}

/**
 * Replace each face's probability by its rule's precision on segmented meshes ({@link MESH_RULE_PRECISION}: `rule|class`,
 * then `rule`); faces whose key is not in the table keep theirs.
 */
export function applyMeshRulePrecision(rules: readonly string[], faceClass: readonly number[], faceConfidence: number[], table: Readonly<Record<string, number>> = MESH_RULE_PRECISION): void {
  for (let f = 0; f < rules.length; f++) {
    const p = table[`${rules[f]}|${keyClassName(faceClass[f])}`] ?? table[rules[f]];
    if (p !== undefined) faceConfidence[f] = p;
  }
}
