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
import { FALLBACK_FACE_CLASS } from './fallback-face-class.js';
import { RULE_PRECISION } from './rule-precision.js';
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
 * The probability of a face a rule labelled: the rule's measured precision (`rule-precision.ts`, for the
 * rule and class when that pair was seen often enough, else for the rule), else the rule's own value.
 */
export function measuredPrecision(rule: string, classId: number, otherwise: number): number {
  const name = classId === FALLBACK_FACE_CLASS.classId ? FALLBACK_FACE_CLASS.className : AAGNET_CLASS_NAMES[classId];
  return RULE_PRECISION[`${rule}|${name}`] ?? RULE_PRECISION[rule] ?? otherwise;
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
  for (const dep of findDepressions(ctx)) {
    const m = tryRules(ctx, dep);
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
