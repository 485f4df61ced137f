/**
 * Runs the Tier 2 rules over a {@link FeatureGraph}: stock detection, depressions, then for each
 * depression the rules in the order of {@link TIER2_RULES} (docs/tier2.md shows the same table; a test
 * compares them); the first that matches labels its faces. A depression no rule explains is reopened
 * ({@link reopenDepression}: the same faces with open sides through other features) and tried again;
 * on a segmented mesh, its core without the blends' scraps is tried next (`mesh-depression-core.ts`); the faces of a
 * depression still unexplained get the constant {@link FALLBACK_FACE_CLASS}.
 * @internal
 */
import { growRegion, otherFace, type FeatureGraph, type GraphFace } from './feature-graph.js';
import { createRuleContext, findDepressions, type Depression, type RuleContext } from './rule-context.js';
import { CLASS, type FeatureRule, type RuleMatch } from './rule-match.js';
import { holeRule } from './hole-rule.js';
import { oringRule } from './oring-rule.js';
import { threadRule } from './thread-rule.js';
import { passageRule } from './passage-rule.js';
import { throughSlotRule } from './through-slot-rule.js';
import { throughStepRule } from './through-step-rule.js';
import { blindSlotRule, ROUND_END_SLOT_RULE } from './blind-slot-rule.js';
import { blindStepRule } from './blind-step-rule.js';
import { pocketRule, ROUND_END_POCKET_RULE } from './pocket-rule.js';
import { turnedFlatRule } from './turned-flat-rule.js';
import { inBarFrame } from './turned-bar-frame.js';
import { inFlatFrame } from './sheet-flat-frame.js';
import { chamferRule } from './chamfer-rule.js';
import { roundRule } from './round-rule.js';
import { reopenDepression } from './reopen-depression.js';
import { isCornerPatch, isThroughCornerRadius, tangentNeighbours } from './blend-faces.js';
import { dot3 } from '../../../geometry/vec3.js';
import type { AagArc, Vec3 } from '../../../model/index.js';
import { enclosedPocketRule } from './enclosed-pocket-rule.js';
import { joinHoleSlivers } from './hole-slivers.js';
import { joinPocketWallPieces } from './pocket-wall-pieces.js';
import { splitOffClosedCuts } from './closed-cuts-in-depression.js';
import { meshDepressionCores, scrapsOfRounds } from './mesh-depression-core.js';
import { fragmentGroups } from './merge-fragments.js';
import { FALLBACK_FACE_CLASS, faceClassName } from './fallback-face-class.js';
import { RULE_PRECISION } from './rule-precision.js';
import { REAL_PRIOR_FACES, REAL_RULE_COUNTS } from './rule-precision-real.js';

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
  { id: 'turned-flat', rule: turnedFlatRule },
];

/**
 * Rules whose match may be a piece of a larger feature that a crossing cut split: the open slot and step rules (a
 * piece of a through step or slot, cut apart by a pocket or hole, is open to fewer sides than the whole) and the
 * pocket rule (a blind slot or step whose open end another cut closed reads as a pocket). Their depressions join the
 * fragment groups (pieces sharing a surface, `merge-fragments.ts`) when one other cut borders both. Passages, holes
 * and through steps keep their own match: adding them joined distinct features that share a plane (measured on
 * generated dev parts, docs/recognition.md "Session 8 (2026-12-05): Tier 2 on features split by another cut").
 */
export const JOINABLE_PIECE_RULES: ReadonlySet<string> = new Set(['blind-slot (run-out)', 'through-slot', 'through-step (one wall)', 'blind-slot', 'blind-step', 'blind-step (two sides)', 'pocket', 'pocket (run-out)']);

/** Classes whose outline has a round end or wall: a join that gives one of them never takes a whole pocket in. */
const ROUND_ENDED: ReadonlySet<number> = new Set([
  CLASS.vCircularEndBlindSlot,
  CLASS.hCircularEndBlindSlot,
  CLASS.circularEndPocket,
  CLASS.circularBlindStep,
  CLASS.circularThroughSlot,
]);

/** Passages: the classes a reopened group of unexplained pieces may take. */
const PASSAGES: ReadonlySet<number> = new Set([CLASS.triangularPassage, CLASS.rectangularPassage, CLASS.sixSidesPassage]);


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
  const name = faceClassName(classId);
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

/**
 * The first rule that explains `dep`. A cut into a turned bar's skin (a keyway, a flat) is read first in the bar's
 * radial frame (`turned-bar-frame.ts`), the flat rule before the others there (it takes the flat's cutter fillets);
 * when nothing explains it there, in the stock frame as before.
 */
function tryRules(ctx: RuleContext, dep: Depression): RuleMatch | null {
  const turned = inBarFrame(ctx, dep);
  if (turned) {
    const m = turnedFlatRule(turned.ctx, turned.dep) ?? firstMatch(turned.ctx, turned.dep);
    if (m) return m;
  }
  const flat = inFlatFrame(ctx, dep);
  if (flat) {
    const m = firstMatch(flat.ctx, flat.dep);
    if (m) return m;
  }
  return firstMatch(ctx, dep);
}

function firstMatch(ctx: RuleContext, dep: Depression): RuleMatch | null {
  for (const { rule } of TIER2_RULES) {
    const m = rule(ctx, dep);
    if (m) return m;
  }
  return null;
}

/** A depression's match as the main pass gives it: the rules, then the reopened depression, then the enclosed-pocket rule. */
function matchDepression(ctx: RuleContext, dep: Depression): RuleMatch | null {
  const m = tryRules(ctx, dep);
  if (m) return m;
  const reopened = reopenDepression(ctx, dep, (d) => tryRules(ctx, d) !== null);
  const rm = reopened && tryRules(ctx, reopened);
  if (rm) return { ...rm, rule: `${rm.rule} (split)` };
  return enclosedPocketRule(ctx, dep);
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
  // blends first: one instance per smooth chain (docs/labelling.md), each face labelled by its own rule
  for (const chain of blendChains(ctx)) {
    const kind = ctx.blend[chain[0]];
    const matches = chain
      .map((f) => (kind === 'round' ? roundRule : chamferRule)(ctx, { faces: [f], stockDirs: new Set() }))
      .filter((m): m is RuleMatch => m !== null);
    if (matches.length > 0) accept(chainMatch(matches));
  }
  // On a segmented mesh, a chain of blend scraps can join a closed cut (an O-ring groove, a hole) to the feature it is
  // cut into: such cuts are taken out of their depression first (closed-cuts-in-depression.ts). A B-Rep's blends are
  // whole faces, and its depressions keep their faces.
  const meshInput = graph.faces.some((f) => f.triangles !== undefined);
  const deps = findDepressions(ctx).flatMap((dep) => {
    const split = meshInput ? splitOffClosedCuts(ctx, dep) : null;
    if (!split) return [dep];
    for (const cut of split.cuts) accept({ ...cut, rule: `${cut.rule} (closed cut)` });
    return split.rest;
  });
  const direct = deps.map((dep) => tryRules(ctx, dep));
  // pieces of one feature cut apart by another: tried together before each is reopened alone
  const joined = new Set<number>();
  // Pieces a crossing cut left that each still read as a feature (a slot, step or pocket piece) are tried together too:
  // a through step cut in two by a pocket reads as two blind steps or slots, whose faces still lie on its planes.
  const candidates = deps.map((_, i) => i).filter((i) => direct[i] === null || JOINABLE_PIECE_RULES.has(direct[i]!.rule));
  // A matched piece joins another only across the cut that split them: both border one other cut (the crossing
  // feature). Two whole features side by side on one plane are apart by stock, not by a cut.
  const depOf = new Map(deps.flatMap((d, i) => d.faces.map((f) => [f, i] as [number, number])));
  const acrossCut = (i: number, j: number) => (direct[i] === null && direct[j] === null) || bothBorderAnotherCut(ctx, depOf, deps[i], deps[j]);
  for (const { members, merged } of fragmentGroups(ctx, deps, candidates, acrossCut)) {
    let m = tryRules(ctx, merged);
    // pieces none of which reads as a feature alone get the second chance together too: a passage whose far piece
    // ends in another cut's face opens there (reopen-depression.ts), as a whole unexplained depression does. Passages
    // only: other classes so joined split real tune instances the labels keep apart (session 14)
    if (!m && members.every((i) => direct[i] === null)) {
      const reopened = reopenDepression(ctx, merged, (d) => tryRules(ctx, d) !== null);
      const rm = reopened && tryRules(ctx, reopened);
      if (rm && PASSAGES.has(rm.classId)) m = rm;
    }
    if (!m) continue;
    // A pocket read whole never becomes a round-ended feature with its neighbour: the round end is another feature's
    // (a circular-end pocket or slot beside it), not a piece of the pocket (measured: every such join was wrong) —
    // unless every piece already reads as that round-ended class: pieces of one circular-end pocket a cut took apart.
    const sameClass = members.every((i) => direct[i]?.classId === m.classId);
    // (Nor when the round ends are the pieces' own: end slivers whose diameter is the gap between the pieces' walls.)
    if (members.some((i) => direct[i]?.rule === 'pocket') && ROUND_ENDED.has(m.classId) && !sameClass && m.rule !== ROUND_END_POCKET_RULE) continue;
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
    // a segmented mesh's depression refused for a few scraps of its blends: its core is tried again (mesh-depression-core.ts)
    if (!rm && meshInput) {
      let coreFound = false;
      for (const core of meshDepressionCores(ctx, dep)) {
        const m = matchDepression(ctx, core);
        // a round-walled core only the enclosed-pocket guess takes: a hole whose drill point or floor went with the
        // scraps (syn_s202_000032: a blind hole read as a circular-end pocket)
        if (!m || (m.rule === ENCLOSED && m.classId === CLASS.circularEndPocket)) continue;
        accept(m);
        coreFound = true;
        for (const f of [...m.faces, ...(m.parts ?? []).flatMap((p) => p.faces)]) explained.add(f);
      }
      // the scraps of a round shredded into the depression go back to that round, not to the core's feature
      if (coreFound) {
        const faceRound = new Map(features.filter((m) => m.classId === CLASS.round).flatMap((m) => m.faces.map((f) => [f, m] as const)));
        for (const [chain, got] of scrapsOfRounds(ctx, dep.faces.filter((f) => !explained.has(f)), faceRound)) {
          chain.faces = [...chain.faces, ...got].sort((a, b) => a - b);
          for (const f of got) {
            faceClass[f] = chain.classId;
            faceConfidence[f] = chain.confidence;
            explained.add(f);
          }
        }
      }
    }
    for (const f of dep.faces) {
      if (explained.has(f)) continue;
      const face = graph.faces[f];
      if (face.kind === 'cylinder' && isThroughCornerRadius(graph, ctx.isStock, face)) {
        // kept out of the blends as a through cut's corner radius, but no rule saw a cut: the fillet it looks like
        accept({ classId: CLASS.round, faces: [f], bottomFaces: [], confidence: 0.8, parameters: { radiusMm: face.radius ?? 0, convex: 0 }, rule: 'fillet' });
        continue;
      }
      if (ctx.sheetThickness.has(f)) {
        // a face through a bent sheet's thickness no cut explains (a corner relief where two walls end): its outline
        faceConfidence[f] = measuredPrecision('sheet-outline', CLASS.stock, 0.9);
        continue;
      }
      faceClass[f] = FALLBACK_FACE_CLASS.classId;
      faceConfidence[f] = measuredPrecision('fallback', FALLBACK_FACE_CLASS.classId, FALLBACK_FACE_CLASS.confidence);
      faceBottom[f] = FALLBACK_FACE_CLASS.bottom;
    }
  }
  joinPocketWallPieces(ctx, deps, features, faceClass, faceConfidence, FALLBACK_FACE_CLASS.classId);
  releaseClaimedBlendFaces(features);
  absorbCutterRadii(ctx, features, faceClass, faceConfidence);
  joinHoleSlivers(graph, features, faceClass, faceConfidence);
  // a bent sheet's bends (sheet-bends.ts): no AAGNet class, as docs/labelling.md labels them
  for (let f = 0; f < n; f++)
    if (ctx.formed[f]) {
      faceClass[f] = FALLBACK_FACE_CLASS.classId;
      faceConfidence[f] = measuredPrecision('sheet-bend', FALLBACK_FACE_CLASS.classId, 0.9);
      faceBottom[f] = false;
    }
  return { faceClass, faceConfidence, faceBottom, features, ctx };
}

/**
 * A rule that takes blend faces into its feature (a flat's cutter fillets, `turned-flat-rule.ts`; a slot's or pocket's
 * round end shortened to slivers, `round-end-pieces.ts`) labels them when it
 * is accepted; the blend chains accepted before it give those faces up, so each face is in one instance. A chain
 * left with no face is dropped.
 */
function releaseClaimedBlendFaces(features: RuleMatch[]): void {
  const claims = (m: RuleMatch) => m.rule === 'turned-flat' || m.rule.startsWith(ROUND_END_SLOT_RULE) || m.rule.startsWith(ROUND_END_POCKET_RULE);
  const claimed = new Set(features.filter(claims).flatMap((m) => m.faces));
  if (claimed.size === 0) return;
  const kept = features
    .map((m) => (claims(m) || !m.faces.some((f) => claimed.has(f)) ? m : { ...m, faces: m.faces.filter((f) => !claimed.has(f)) }))
    .filter((m) => m.faces.length > 0);
  features.splice(0, features.length, ...kept);
}

/**
 * True when one other cut borders both depressions: a non-stock face outside both, or faces of one other depression
 * (a slot crossing a step meets one piece with each of its walls). `depOf` maps a face to its depression index.
 */
function bothBorderAnotherCut(ctx: RuleContext, depOf: ReadonlyMap<number, number>, a: Depression, b: Depression): boolean {
  const { graph } = ctx;
  const inA = new Set(a.faces), inB = new Set(b.faces);
  // the cuts around a depression: other depressions by index, faces in none (blends) by -1 - face
  const around = (faces: readonly number[]) => {
    const out = new Set<number>();
    for (const f of faces)
      for (const ai of graph.neighbours[f]) {
        const o = otherFace(graph.arcs[ai], f);
        if (!ctx.isStock[o] && !inA.has(o) && !inB.has(o)) out.add(depOf.get(o) ?? -1 - o);
      }
    return out;
  };
  const nearA = around(a.faces);
  for (const o of around(b.faces)) if (nearA.has(o)) return true;
  return false;
}

/**
 * The blend faces in smooth chains: faces of one blend kind joined by smooth arcs (pieces of one surface
 * included), each chain sorted, in the order of their first face. A concave fillet and a convex round that touch
 * (a rim round running into a pocket's corner radius) are two chains: two operations, never one tool pass.
 * @internal
 */
export function blendChains(ctx: RuleContext): number[][] {
  const { graph, blend } = ctx;
  const seen = new Set<number>();
  const chains: number[][] = [];
  for (const f of graph.faces) {
    const kind = blend[f.index];
    if (!kind || seen.has(f.index)) continue;
    const chain = growRegion(graph, f.index, seen, (o, x) => blend[o] === kind && sameSide(graph, graph.faces[x], graph.faces[o]), isBlendLink);
    chains.push(chain.sort((a, b) => a - b));
  }
  return chains;
}

const ANALYTIC_BLEND: ReadonlySet<string> = new Set(['cylinder', 'torus', 'sphere']);

/**
 * The largest angle (degrees) between the normals of two blend faces of one smooth chain. docs/labelling.md counts
 * faces within about 6° as tangent, so that a B-spline corner patch links the fillets it joins; the graph's
 * `smooth` arcs stop at 5°, and such patches often meet a fillet at 5–6° (generated dev parts).
 */
export const BLEND_CHAIN_MAX_DEG = 6;

/**
 * Two blend faces are one chain across an arc that is smooth or, between B-Rep faces (arcs with edges), within
 * {@link BLEND_CHAIN_MAX_DEG}; a segmented mesh's arcs keep the 5° of their segmentation.
 */
const isBlendLink = (arc: AagArc): boolean => arc.convexity === 'smooth' || (arc.edges.length > 0 && arc.dihedralDeg <= BLEND_CHAIN_MAX_DEG);

/**
 * Both faces on the same side (concave or convex) where both say it: an analytic blend by its axis side, a free-form
 * B-Rep blend by the side its surface is hollow on (`hollow`); a face that does not say (a segmented mesh's scrap) joins
 * either.
 */
function sameSide(g: FeatureGraph, a: GraphFace, b: GraphFace): boolean {
  const sa = blendSide(g, a), sb = blendSide(g, b);
  return sa === null || sb === null || sa === sb;
}

/**
 * true concave, false convex, null unknown. A free-form patch tangent to an analytic blend is a corner patch where
 * fillets meet (its own curvature may be a saddle's): it joins either side, as before free-form sides were read.
 */
function blendSide(g: FeatureGraph, f: GraphFace): boolean | null {
  if (ANALYTIC_BLEND.has(f.kind)) return f.inward;
  if (f.kind !== 'other' || !f.hollow || isCornerPatch(g, f)) return null;
  return f.hollow > 0;
}

/** One feature of a chain's per-face matches: the first face's rule and parameters, every face. */
function chainMatch(matches: readonly RuleMatch[]): RuleMatch {
  if (matches.length === 1) return matches[0];
  const faces = matches.flatMap((m) => m.faces).sort((a, b) => a - b);
  return { ...matches[0], faces, bottomFaces: [], confidence: Math.min(...matches.map((m) => m.confidence)) };
}

/** The rule name of the enclosed-pocket fallback (`enclosed-pocket-rule.ts`). */
const ENCLOSED = 'enclosed-pocket';

/** Classes whose feature keeps the corner radii its cutter left (docs/labelling.md, "Where a feature ends"). */
const POCKET_CLASSES: ReadonlySet<number> = new Set([CLASS.triangularPocket, CLASS.rectangularPocket, CLASS.sixSidesPocket, CLASS.circularEndPocket]);
/** Passages keep theirs too: the corner radii of a window, wherever its ends run out. */
const PASSAGE_CLASSES: ReadonlySet<number> = new Set([CLASS.triangularPassage, CLASS.rectangularPassage, CLASS.sixSidesPassage]);

/**
 * A pocket's cutter radii join the pocket (docs/labelling.md, "Where a feature ends"): in a round chain, the concave
 * faces (or free-form patches) whose smooth neighbours (other blends aside) all lie in one pocket,
 * connected to a vertical corner radius of that pocket — a cylinder along its depth (the normal of its floor)
 * tangent to two of its walls. That is the shape an end mill leaves (the corner cylinders) or a bull-nose cutter
 * (corner cylinders, floor fillets and the tori between them). The rest of the chain (a fillet where the floor
 * meets a hole) stays `round`, one instance per smooth piece left. Floor fillets around sharp vertical corners hold
 * no such cylinder: no cutter makes them, they stay a `round`. A pocket only the enclosed-pocket fallback found (a
 * guess, sometimes a stock region between bosses whose outline rounds look like corners) takes a chain only when the
 * chain also meets its floor smoothly: corners, floor fillets and tori, what a bull-nose cutter leaves.
 */
function absorbCutterRadii(ctx: RuleContext, features: RuleMatch[], faceClass: number[], faceConfidence: number[]): void {
  const { graph } = ctx;
  const owner = new Map<number, RuleMatch>();
  // pockets the pocket rule found (whole, split or from fragments); the enclosed-pocket fallback's guesses (often a
  // stock region between bosses) take only full corners (two of their walls and the floor the corner ends on) or
  // what a bull-nose cutter leaves: a corner chain that also runs along their floor (below)
  for (const m of features) if (POCKET_CLASSES.has(m.classId) && (m.rule.startsWith('pocket') || m.rule === ENCLOSED)) for (const f of m.faces) owner.set(f, m);
  // passages: their through corner radii are never blends (`isThroughCornerRadius`); these are the ones ending on
  // another cut (session 15: dev15 000012, a passage running out into a hole and a pocket)
  for (const m of features) if (PASSAGE_CLASSES.has(m.classId) && m.rule.startsWith('passage')) for (const f of m.faces) owner.set(f, m);
  if (owner.size === 0) return;
  const replaced = new Map<RuleMatch, RuleMatch[]>();
  for (const chain of features) {
    if (chain.classId !== CLASS.round) continue;
    const inChain = new Set(chain.faces);
    // the one pocket each face's own smooth neighbours lie in (undefined: none; null: something else too)
    const pocketOf = new Map<number, RuleMatch | null | undefined>();
    for (const f of chain.faces) {
      // a convex blend (a rim round) is never a cutter's radius
      let pocket: RuleMatch | null | undefined = ANALYTIC_BLEND.has(graph.faces[f].kind) && !graph.faces[f].inward ? null : undefined;
      for (const ai of graph.neighbours[f]) {
        const arc = graph.arcs[ai];
        const o = otherFace(arc, f);
        // another blend chain touching it (a rim round running into the corner) is another operation: no verdict
        if (arc.convexity !== 'smooth' || inChain.has(o) || ctx.blend[o]) continue;
        const p = owner.get(o);
        if (!p || (pocket !== undefined && p !== pocket)) pocket = null;
        else if (pocket !== null) pocket = p;
      }
      pocketOf.set(f, pocket);
    }
    const taken = new Set<number>();
    const gains = new Map<RuleMatch, number[]>();
    for (const seed of chain.faces) {
      // a segmented mesh's bull-nose corner ring cut off from the pocket's floor and walls: its corner cylinder says whose
      const ring = pocketOf.get(seed) === undefined ? meshBullNoseRingHost(graph, seed, pocketOf) : null;
      const host = ring ?? pocketOf.get(seed);
      if (!host || taken.has(seed)) continue;
      const enclosed = host.rule === ENCLOSED;
      const inHost = (o: number) => owner.get(o) === host;
      const passage = PASSAGE_CLASSES.has(host.classId);
      const fullCorner = passage
        ? isWholeCorner(graph, seed, inHost, null)
        : isCutterCorner(graph, seed, inHost, enclosed ? [] : host.bottomFaces, host.rule === 'pocket' || enclosed, enclosed) || isWholeCorner(graph, seed, inHost, host.bottomFaces);
      if (passage && !fullCorner) continue;
      // an enclosed pocket's bull-nose corner: a corner along its bottom whose chain also meets its floor smoothly
      const bullNose = !fullCorner && enclosed && isCutterCorner(graph, seed, inHost, host.bottomFaces, false);
      // a concave torus between two floor fillets: the corner was rounded, so the ring is a bull-nose cutter's even where
      // a later cut took the corner cylinder itself (docs/labelling.md, "Pocket floor fillets")
      const cornerTorus = !fullCorner && !bullNose && !enclosed && isPocketCornerTorus(graph.faces[seed]);
      if (!fullCorner && !bullNose && !cornerTorus && !ring) continue;
      // grow over the chain's faces that belong to the same pocket or touch no face outside the blends
      const trial = new Set(taken);
      const got = growRegion(graph, seed, trial, (o) => inChain.has(o) && (pocketOf.get(o) === host || pocketOf.get(o) === undefined));
      if ((bullNose || cornerTorus) && !got.some((f) => meetsSmoothly(graph, f, host.bottomFaces))) continue;
      for (const f of got) taken.add(f);
      gains.set(host, [...(gains.get(host) ?? []), ...got]);
    }
    if (taken.size === 0) continue;
    for (const [host, got] of gains) {
      host.faces = [...host.faces, ...got].sort((a, b) => a - b);
      for (const f of got) {
        faceClass[f] = host.classId;
        faceConfidence[f] = host.confidence;
        owner.set(f, host);
      }
    }
    // what is left of the chain: one round per smooth piece
    const rest = chain.faces.filter((f) => !taken.has(f));
    const pieces: RuleMatch[] = [];
    const seen = new Set<number>();
    for (const f of rest) {
      if (seen.has(f)) continue;
      const piece = growRegion(graph, f, seen, (o) => inChain.has(o) && !taken.has(o), isBlendLink);
      pieces.push({ ...chain, faces: piece.sort((a, b) => a - b) });
    }
    replaced.set(chain, pieces);
  }
  if (replaced.size > 0) features.splice(0, features.length, ...features.flatMap((m) => replaced.get(m) ?? [m]));
}

/**
 * The pocket a segmented mesh's concave torus is the bull-nose corner of, when it touches no face of the pocket itself
 * (its floor lost to a later cut, or to the segmentation): the torus is tangent to a concave cylinder of its chain
 * around the same axis whose radius is the ring's major radius plus its tube radius (the corner radius a bull-nose
 * cutter of that tube radius leaves), that cylinder's own smooth neighbours lie in one pocket, and the torus's axis is
 * that pocket's depth (square to one of its bottom faces). That is the ring between the corner and its floor fillets
 * the cutter left. Mesh faces only: a B-Rep keeps its faces and its rings meet their floor (`isPocketCornerTorus`).
 */
function meshBullNoseRingHost(graph: FeatureGraph, f: number, pocketOf: ReadonlyMap<number, RuleMatch | null | undefined>): RuleMatch | null {
  const g = graph.faces[f];
  if (!g.triangles || g.kind !== 'torus' || !g.inward || !g.axis || g.radius === null || g.majorRadius === null) return null;
  const axis = g.axis;
  for (const ai of graph.neighbours[f]) {
    const arc = graph.arcs[ai];
    const o = otherFace(arc, f);
    const host = pocketOf.get(o);
    const c = graph.faces[o];
    if (arc.convexity !== 'smooth' || !host || c.kind !== 'cylinder' || !c.inward || !c.axis || c.radius === null) continue;
    if (Math.abs(dot3(c.axis, axis)) < RING_AXIS_COS) continue;
    if (Math.abs(c.radius - (g.majorRadius + g.radius)) > RING_RADIUS_TOL * c.radius) continue;
    // the ring's centre on the corner's axis
    const d: Vec3 = [g.origin[0] - c.origin[0], g.origin[1] - c.origin[1], g.origin[2] - c.origin[2]];
    const along = dot3(d, c.axis);
    if (Math.sqrt(Math.max(0, dot3(d, d) - along * along)) > RING_RADIUS_TOL * c.radius) continue;
    if (!host.bottomFaces.some((b) => graph.faces[b].normal !== null && Math.abs(dot3(graph.faces[b].normal!, axis)) >= RING_AXIS_COS)) continue;
    return host;
  }
  return null;
}

/** |cos| between a mesh ring's fitted axis and its corner's or the pocket's depth (≈ 2.6°: fits of dense tori scatter). */
const RING_AXIS_COS = 0.999;
/** Relative tolerance of a mesh ring's corner radius (major + tube) and of its centre's offset from the corner's axis. */
const RING_RADIUS_TOL = 0.05;

/**
 * A concave torus on the outer side of its ring (its boundary farther from the axis than the major radius): the
 * corner of a cavity, concave both ways, as a bull-nose cutter leaves where the pocket's corner is rounded. A fillet
 * turning round a boss's rounded corner is the ring's inner side (a saddle) and is not one (real tune file D17: a
 * base fillet round a block, labelled `round`).
 */
function isPocketCornerTorus(f: GraphFace): boolean {
  const p = f.boundary;
  if (f.kind !== 'torus' || !f.inward || !f.axis || f.majorRadius === null || !p || p.length === 0) return false;
  // the mean distance of its boundary points from the axis (the centroid of a corner's quarter turn lies nearer the axis)
  let sum = 0;
  for (let i = 0; i < p.length; i += 3) {
    const d: Vec3 = [p[i] - f.origin[0], p[i + 1] - f.origin[1], p[i + 2] - f.origin[2]];
    const t = dot3(d, f.axis);
    sum += Math.sqrt(Math.max(0, dot3(d, d) - t * t));
  }
  return sum / (p.length / 3) > f.majorRadius;
}

/** True when face `f` meets one of `faces` along a smooth arc (a floor fillet meeting its floor). */
function meetsSmoothly(graph: FeatureGraph, f: number, faces: readonly number[]): boolean {
  return graph.neighbours[f].some((ai) => graph.arcs[ai].convexity === 'smooth' && faces.includes(otherFace(graph.arcs[ai], f)));
}

/**
 * A vertical corner radius of a host feature: an inward cylinder along the host's depth tangent to two of its walls
 * that are not parallel (a corner an end mill left). The depth is the normal of a host bottom face or, when
 * `floorDepth`, of the host floor the cylinder ends on (a concave arc to a host plane square to its axis): the pocket
 * rule's bottom can be a wall when a slot is cut from the side. A corner that lost one of its walls to a later cut
 * (one wall left, turning at most a little more than a quarter) counts when it ends on the host's floor, unless
 * `twoWalls`.
 * @param inHost - whether a face belongs to the host feature
 */
function isCutterCorner(graph: FeatureGraph, f: number, inHost: (o: number) => boolean, bottomFaces: readonly number[], floorDepth: boolean, twoWalls = false): boolean {
  const g = graph.faces[f];
  if (g.kind !== 'cylinder' || !g.axis || !g.inward) return false;
  const axis = g.axis;
  const square = (n: Vec3 | null) => n !== null && Math.abs(dot3(n, axis)) >= 0.9995;
  let floor = false;
  for (const ai of graph.neighbours[f]) {
    const arc = graph.arcs[ai];
    const o = otherFace(arc, f);
    if (arc.convexity === 'concave' && inHost(o) && square(graph.faces[o].normal)) floor = true;
  }
  const onBottom = bottomFaces.some((b) => square(graph.faces[b].normal));
  if (!onBottom && !(floor && floorDepth)) return false;
  const walls = tangentNeighbours(graph, g).filter((o) => inHost(o.index) && o.normal && Math.abs(dot3(o.normal, axis)) < 0.03);
  if (walls.some((a) => walls.some((b) => Math.abs(dot3(a.normal!, b.normal!)) < 0.9995))) return true;
  return !twoWalls && floor && walls.length > 0 && (g.spanRad ?? Infinity) <= CUT_CORNER_SPAN_RAD;
}

/** The largest angle (rad) a corner radius with one wall left may turn: a quarter (90° corner) and a margin. */
const CUT_CORNER_SPAN_RAD = 0.55 * Math.PI;

/**
 * A whole corner radius of a host pocket or passage, wherever its ends lie: an inward cylinder tangent to two host
 * walls at an angle, both parallel to its axis. For a pocket (`bottomFaces` given) the axis must also be the pocket's
 * depth: square to a host plane a host wall stands on and that no such plane faces (its floor; a pocket's walls face
 * each other in pairs, so a floor–wall fillet, whose axis is square to two facing end walls, is not taken), and the cylinder either ends on
 * that floor (a concave arc) or is tangent to none of the rule's bottom faces (a fillet along a pocket cut from the
 * side, which lost the wall facing its floor, is tangent to its floor: dev15 000028). {@link isCutterCorner} takes
 * the depth from the rule's bottom faces, which a pocket in pieces can get wrong (dev15 000123: a wall), or wants an
 * enclosed pocket's corner to end on its floor, which later cuts can take (000066: both ends on a through slot's
 * floor and a slanted step); such corners were fillets.
 */
function isWholeCorner(graph: FeatureGraph, f: number, inHost: (o: number) => boolean, bottomFaces: readonly number[] | null): boolean {
  const g = graph.faces[f];
  if (g.kind !== 'cylinder' || !g.axis || !g.inward || !g.boundary) return false;
  const axis = g.axis;
  const walls = tangentNeighbours(graph, g).filter((o) => inHost(o.index) && o.kind === 'plane' && o.normal && Math.abs(dot3(o.normal, axis)) < 0.03);
  if (!walls.some((a) => walls.some((b) => Math.abs(dot3(a.normal!, b.normal!)) < 0.9995))) return false;
  if (!bottomFaces) return true;
  const up: number[] = [], down: number[] = [];
  for (const o of graph.faces) {
    if (!inHost(o.index) || o.kind !== 'plane' || !o.normal || !standsOn(graph, o, inHost)) continue;
    const c = dot3(o.normal, axis);
    if (c >= 0.9995) up.push(o.index);
    else if (c <= -0.9995) down.push(o.index);
  }
  if ((up.length > 0) === (down.length > 0)) return false;
  const floors = new Set([...up, ...down]);
  const onFloor = graph.neighbours[f].some((ai) => graph.arcs[ai].convexity === 'concave' && floors.has(otherFace(graph.arcs[ai], f)));
  return onFloor || !walls.some((w) => bottomFaces.includes(w.index));
}

/**
 * A host wall stands on plane `f` (they meet along a concave arc): `f` can be a floor. The bottom of a plate whose
 * outline the enclosed-pocket fallback took for a pocket (real tune D13, D23) meets the outline's walls convexly; its
 * outline's corner radii are `round` (docs/labelling.md).
 */
function standsOn(graph: FeatureGraph, f: GraphFace, inHost: (o: number) => boolean): boolean {
  return graph.neighbours[f.index].some((ai) => {
    const o = graph.faces[otherFace(graph.arcs[ai], f.index)];
    return graph.arcs[ai].convexity === 'concave' && inHost(o.index) && o.kind === 'plane' && o.normal !== null && Math.abs(dot3(o.normal, f.normal!)) < 0.03;
  });
}

