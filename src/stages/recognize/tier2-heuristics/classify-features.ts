/**
 * Runs the Tier 2 rules over a {@link FeatureGraph}: stock detection, depressions, then for each
 * depression the rules in the order of {@link TIER2_RULES} (docs/tier2.md shows the same table; a test
 * compares them); the first that matches labels its faces. A depression no rule explains is reopened
 * ({@link reopenDepression}: the same faces with open sides through other features) and tried again;
 * the faces of a depression still unexplained get the constant {@link FALLBACK_FACE_CLASS}.
 * @internal
 */
import type { FeatureGraph } from './feature-graph.js';
import { createRuleContext, findDepressions, type Depression, type RuleContext } from './rule-context.js';
import { CLASS, type FeatureRule, type RuleMatch } from './rule-match.js';
import { holeRule } from './hole-rule.js';
import { oringRule } from './oring-rule.js';
import { threadRule } from './thread-rule.js';
import { passageRule } from './passage-rule.js';
import { throughSlotRule } from './through-slot-rule.js';
import { throughStepRule } from './through-step-rule.js';
import { blindSlotRule } from './blind-slot-rule.js';
import { blindStepRule } from './blind-step-rule.js';
import { pocketRule } from './pocket-rule.js';
import { chamferRule } from './chamfer-rule.js';
import { roundRule } from './round-rule.js';
import { reopenDepression } from './reopen-depression.js';
import { isThroughCornerRadius } from './blend-faces.js';
import { enclosedPocketRule } from './enclosed-pocket-rule.js';
import { fragmentGroups } from './merge-fragments.js';
import { FALLBACK_FACE_CLASS } from './fallback-face-class.js';
import { RULE_PRECISION } from './rule-precision.js';
import { REAL_PRIOR_FACES, REAL_RULE_COUNTS } from './rule-precision-real.js';
import { AAGNET_CLASS_NAMES } from '../../../inference/aagnet-classes.js';

/**
 * The rules, in the order they are tried. Single-face rules (chamfer, round) come before the
 * multi-face ones; the order was set on the MFCAD tuning portion and is part of the measured accuracy.
 */
export const TIER2_RULES: readonly { id: string; rule: FeatureRule }[] = [
  { id: 'hole', rule: holeRule },
  { id: 'thread', rule: threadRule },
  { id: 'oring', rule: oringRule },
  { id: 'chamfer', rule: chamferRule },
  { id: 'round', rule: roundRule },
  { id: 'passage', rule: passageRule },
  { id: 'through-slot', rule: throughSlotRule },
  { id: 'through-step', rule: throughStepRule },
  { id: 'blind-slot', rule: blindSlotRule },
  { id: 'blind-step', rule: blindStepRule },
  { id: 'pocket', rule: pocketRule },
];

/** Per-face classes and the feature instances of one part. */
export interface FeatureClassification {
  /** AAGNet class id per face (24 = stock). */
  faceClass: number[];
  /** Confidence per face. */
  faceConfidence: number[];
  /** True for bottom faces of features. */
  faceBottom: boolean[];
  features: RuleMatch[];
  ctx: RuleContext;
}

/**
 * The probability of a face a rule labelled: the rule's measured precision on generated and MFCAD parts
 * (`rule-precision.ts`, for the rule and class when that pair was seen often enough, else for the rule;
 * else the rule's own value), corrected by the rule's counts on real parts (`rule-precision-real.ts`):
 * the generated precision is a prior worth {@link REAL_PRIOR_FACES} real faces,
 * p = (right + k·prior) / (faces + k). The rules are far surer on generated parts than on real ones, so
 * without the correction Tier 2 said 0.9 where it was right half the time.
 */
export function measuredPrecision(rule: string, classId: number, otherwise: number): number {
  const name = classId === FALLBACK_FACE_CLASS.classId ? FALLBACK_FACE_CLASS.className : AAGNET_CLASS_NAMES[classId];
  const prior = RULE_PRECISION[`${rule}|${name}`] ?? RULE_PRECISION[rule] ?? otherwise;
  return withRealCounts(prior, REAL_RULE_COUNTS[`${rule}|${name}`] ?? REAL_RULE_COUNTS[rule], REAL_PRIOR_FACES);
}

/**
 * A generated-part precision corrected by real-part counts: the prior weighs as much as `priorFaces`
 * real faces (a rule seen on few real faces keeps nearly its generated precision).
 */
export function withRealCounts(prior: number, counts: { faces: number; right: number } | undefined, priorFaces: number): number {
  if (!counts || counts.faces === 0 || !Number.isFinite(prior)) return prior;
  return Math.round(((counts.right + priorFaces * prior) / (counts.faces + priorFaces)) * 1e4) / 1e4;
}

function tryRules(ctx: RuleContext, dep: Depression): RuleMatch | null {
  for (const { rule } of TIER2_RULES) {
    const m = rule(ctx, dep);
    if (m) return m;
  }
  return null;
}

/** Classify every face of the graph. */
export function classifyFeatures(graph: FeatureGraph): FeatureClassification {
  const ctx = createRuleContext(graph);
  const n = graph.faces.length;
  const faceClass = new Array<number>(n).fill(CLASS.stock);
  const faceConfidence = new Array<number>(n).fill(measuredPrecision('stock', CLASS.stock, 0.9));
  const faceBottom = new Array<boolean>(n).fill(false);
  const features: RuleMatch[] = [];
  const accept = (whole: RuleMatch) => {
    const { parts, ...rest } = whole;
    for (const p of parts ?? []) accept(p);
    const m = { ...rest, confidence: measuredPrecision(rest.rule, rest.classId, rest.confidence) };
    features.push(m);
    for (const f of m.faces) {
      faceClass[f] = m.classId;
      faceConfidence[f] = m.confidence;
    }
    for (const f of m.bottomFaces) faceBottom[f] = true;
  };
  // blends first: one instance per face (a round or chamfer replaces one edge)
  for (const f of graph.faces) {
    const kind = ctx.blend[f.index];
    if (kind === 'round') {
      const m = roundRule(ctx, { faces: [f.index], stockDirs: new Set() });
      if (m) accept(m);
    } else if (kind === 'chamfer') {
      const m = chamferRule(ctx, { faces: [f.index], stockDirs: new Set() });
      if (m) accept(m);
    }
  }
  const deps = findDepressions(ctx);
  const direct = deps.map((dep) => tryRules(ctx, dep));
  // pieces of one feature cut apart by another: tried together before each is reopened alone
  const joined = new Set<number>();
  const unexplained = deps.map((_, i) => i).filter((i) => direct[i] === null);
  for (const { members, merged } of fragmentGroups(ctx, deps, unexplained)) {
    const m = tryRules(ctx, merged);
    if (!m) continue;
    accept({ ...m, rule: `${m.rule} (fragments)` });
    for (const i of members) joined.add(i);
  }
  for (const [i, dep] of deps.entries()) {
    if (joined.has(i)) continue;
    const m = direct[i];
    if (m) {
      accept(m);
      continue;
    }
    const reopened = reopenDepression(ctx, dep, (d) => tryRules(ctx, d) !== null);
    let rm = reopened && tryRules(ctx, reopened);
    // A reopened match is less certain than a whole one; '(split)' is the rule label results have always carried.
    if (rm) accept({ ...rm, rule: `${rm.rule} (split)` });
    else if ((rm = enclosedPocketRule(ctx, dep))) accept(rm);
    const explained = new Set(rm ? [...rm.faces, ...(rm.parts ?? []).flatMap((p) => p.faces)] : []);
    for (const f of dep.faces) {
      if (explained.has(f)) continue;
      const face = graph.faces[f];
      if (face.kind === 'cylinder' && isThroughCornerRadius(graph, ctx.isStock, face)) {
        // kept out of the blends as a through cut's corner radius, but no rule saw a cut: the fillet it looks like
        accept({ classId: CLASS.round, faces: [f], bottomFaces: [], confidence: 0.8, parameters: { radiusMm: face.radius ?? 0, convex: 0 }, rule: 'fillet' });
        continue;
      }
      faceClass[f] = FALLBACK_FACE_CLASS.classId;
      faceConfidence[f] = measuredPrecision('fallback', FALLBACK_FACE_CLASS.classId, FALLBACK_FACE_CLASS.confidence);
      faceBottom[f] = FALLBACK_FACE_CLASS.bottom;
    }
  }
  return { faceClass, faceConfidence, faceBottom, features, ctx };
}
