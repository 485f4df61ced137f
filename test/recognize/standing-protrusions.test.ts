/**
 * Protrusions found as convex pieces (src/stages/recognize/convex-components.ts; docs/recognition.md, "Session 25:
 * protrusions as convex pieces"): gussets between a hub and a flange, ribs and feet that stand on the body without an
 * island round them. Real STEP files written by the project's generator (test/fixtures/generated/README.md):
 * syn_h603_000005 / 000008, cast housings with gussets (filleted all round) and feet, and syn_h604_000000, mounting lugs
 * flush with the housing's bottom (cut off along the coplanar edge), syn_h604_000006, gussets whose sloping tops the
 * tiers call chamfers, and syn_s302_000012, a boss with a chamfer down its corner, labelled from the modelling history; syn_s126_000040 / 000057, box parts whose cavity floors have cuts into them (a floor joined convexly to a
 * part-round hole wall or to a slot's wall) — material meeting its neighbours concavely all round, but no protrusion.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { canonicalFitter } from '../../src/stages/recognize/canonical-kinds.js';
import { convexPieces, standingProtrusionFaces } from '../../src/stages/recognize/convex-components.js';
import { findProtrusions } from '../../src/stages/recognize/protrusion-faces.js';
import { CAVITY_CLASSES } from '../../src/stages/recognize/stock-skin.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

const fixture = (name: string) => new URL(`../fixtures/generated/${name}`, import.meta.url);
/** The generator's class per STEP id (23 = round, 25 = other_feature). */
const truthOf = (name: string) =>
  new Map(Object.entries((JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as [string, { seg: Record<string, number> }][])[0][1].seg).map(([id, c]) => [Number(id), c]));
const ROUND = 23;
const OTHER_FEATURE = 25;
const CHAMFER = 0;
const load = (name: string) => {
  // with the exact face areas the analyzer measures before recognition (the pieces' areas decide body and bulk)
  const { part } = measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(fixture(`${name}.step`))))));
  return { part, graph: buildFeatureGraphFromPart(part, canonicalFitter), truth: truthOf(name) };
};

describe('standing protrusions on cast housings', () => {
  it.each(['syn_h603_000005', 'syn_h603_000008', 'syn_h604_000000'])('%s: flags protrusion faces the island rule misses, and nothing but protrusions and their fillets', (name) => {
    const { part, graph, truth } = load(name);
    const flags = standingProtrusionFaces(part, graph);
    const island = findProtrusions(part, graph).faces;
    const flaggedTruth = part.faces.filter((_, i) => flags[i] !== 0).map((f) => truth.get(f.stepId!));
    expect(flaggedTruth.every((c) => c === OTHER_FEATURE || c === ROUND)).toBe(true);
    const newlyFound = part.faces.filter((f, i) => flags[i] !== 0 && island[i] === 0 && truth.get(f.stepId!) === OTHER_FEATURE);
    expect(newlyFound.length).toBeGreaterThanOrEqual(6);
  });
});

describe('no standing protrusion in a cavity', () => {
  it.each(['syn_s126_000040', 'syn_s126_000057', 'syn_s127_000009'])('%s: a cavity floor with a cut into it, an O-ring\'s core, is no protrusion', (name) => {
    const { part, graph } = load(name);
    const { standing, pieceOf, body } = convexPieces(part, graph);
    // the floor (the core) is a piece of its own with a convex edge inside, met concavely all round — the case the rule
    // must refuse; the O-ring's floor reaches the body through another cut, its outer wall rises as high as the core
    expect(pieceOf.some((p) => p >= 0 && p !== body)).toBe(true);
    expect(standing.reduce((s, v) => s + v, 0)).toBe(0);
    expect(standingProtrusionFaces(part, graph).reduce((s, v) => s + v, 0)).toBe(0);
  });
});

describe('the default pipeline', () => {
  const analyzer = createNodeAnalyzer({ mesh: 'never' });
  afterAll(() => analyzer.dispose());
  /** The default pipeline's faces whose generator class is `truthClass`, as `#stepId class`. */
  const calledOf = async (name: string, truthClass: number) => {
    const truth = truthOf(name);
    const { result, part } = await analyzer.analyzeDetailed(new Uint8Array(readFileSync(fixture(`${name}.step`))), { name });
    return result.recognition!.faces
      .filter((f) => truth.get(part!.faces[f.faceIndex].stepId!) === truthClass)
      .map((f) => ({ stepId: part!.faces[f.faceIndex].stepId!, className: f.className, shown: `#${part!.faces[f.faceIndex].stepId} ${f.className}` }));
  };

  it('calls no gusset, lug or foot face of the housings a cavity', async () => {
    for (const name of ['syn_h603_000005', 'syn_h603_000008', 'syn_h604_000000']) {
      const protrusion = await calledOf(name, OTHER_FEATURE);
      expect(protrusion.filter((f) => CAVITY_CLASSES.has(f.className)).map((f) => f.shown), name).toEqual([]);
    }
  });

  it('calls no gusset face a chamfer: a gusset\'s sloping top meets the wall and the flange, and its sides square', async () => {
    // syn_h604_000006: gussets between a round housing's wall and its flange; both tiers call their sloping tops chamfers
    const gusset = await calledOf('syn_h604_000006', OTHER_FEATURE);
    expect(gusset.length).toBeGreaterThan(10);
    expect(gusset.filter((f) => f.className === 'chamfer' || CAVITY_CLASSES.has(f.className)).map((f) => f.shown)).toEqual([]);
  });

  it('keeps a chamfer down a boss\'s corner a chamfer: it meets the walls it replaces at 135°', async () => {
    // syn_s302_000012 (--protrusions): like a gusset's top, the chamfer runs from the boss's top to the face it stands on
    const chamfers = await calledOf('syn_s302_000012', CHAMFER);
    expect(chamfers.map((f) => f.stepId)).toContain(461);
    expect(chamfers.filter((f) => f.className !== 'chamfer').map((f) => f.shown)).toEqual([]);
  });
});
