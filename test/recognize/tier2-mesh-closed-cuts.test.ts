/**
 * The STL path's depression grouping: a closed cut joined to a pocket by a chain of blend scraps is taken out
 * (tier2-heuristics/closed-cuts-in-depression.ts), and the pocket's small concave curved scraps ride along with it
 * (tier2-heuristics/mesh-blend-scraps.ts).
 * syn_s301_000090 (generated, seed 301 `--motion --stl`, mfgen/4; test/fixtures/generated-stl/): a bull-nose rectangular
 * pocket (r0.76 corners, r0.25 floor fillets, one corner a dense B-spline patch the segmentation cut into six r0.26
 * "spheres", a cone and a cylinder) and an O-ring groove cut into its floor, with a round on the groove's rim. The
 * round's scraps, fitted as tori, joined groove and pocket in one depression that no rule explained: 9.8 k of the
 * part's 18.7 k triangles had the wrong class (the pocket's radii `round`, the groove `round`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMeshPart } from '../../src/formats/mesh/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { segmentMesh } from '../../src/stages/recognize/tier2-mesh/index.js';
import { buildFeatureGraphFromPart, type FeatureGraph } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { splitOffClosedCuts } from '../../src/stages/recognize/tier2-heuristics/closed-cuts-in-depression.js';
import { meshBlendScraps, MAX_BLEND_SCRAP_AREA_SHARE } from '../../src/stages/recognize/tier2-heuristics/mesh-blend-scraps.js';
import { CLASS } from '../../src/stages/recognize/tier2-heuristics/rule-match.js';
import { generatedStlFixture, triangleAnswers } from '../support/generated-fixtures.js';

const { mesh, labels } = generatedStlFixture('syn_s301_000090');
const trianglesOf = (cls: number) => labels.triangleClass.flatMap((c, t) => (c === cls ? [t] : []));
// the segmentation takes most of each test's time: made once for the tests that read the graph
let segmented: FeatureGraph | undefined;
const graphOf = (): FeatureGraph => (segmented ??= segmentMesh(mesh()));

describe('STL path: a closed cut in a pocket floor and the pocket\'s blend scraps', () => {
  it('syn_s301_000090: the O-ring groove and the bull-nose pocket each read as themselves', () => {
    const out = recognizeFeatures(createMeshPart(mesh(), 'stl'));
    const { predicted } = triangleAnswers(out, labels.triangleClass.length);
    // the groove in the pocket's floor: its outer and inner walls and its floor (STEP faces 724, 2663, 1923)
    const groove = labels.triangleFace.flatMap((f, t) => ([724, 1923, 2663].includes(f) ? [t] : []));
    const pocket = trianglesOf(CLASS.rectangularPocket);
    expect(groove.length).toBe(828);
    expect(groove.every((t) => labels.triangleClass[t] === CLASS.oring)).toBe(true);
    expect(pocket.length).toBe(8971);
    // before: every groove triangle and 8.9 k of the pocket's (its radii, floor and walls) `round`
    expect(groove.filter((t) => predicted[t] === CLASS.oring).length).toBe(828);
    expect(pocket.filter((t) => predicted[t] === CLASS.rectangularPocket).length).toBeGreaterThanOrEqual(8600);
    const right = labels.triangleClass.filter((c, t) => predicted[t] === c).length;
    expect(right / labels.triangleClass.length).toBeGreaterThan(0.97);
    expect(out.features.filter((f) => f.classId === CLASS.oring)).toHaveLength(2);
  });

  it('takes the groove out of the pocket\'s depression, and leaves the pocket\'s faces in one depression', () => {
    const graph = graphOf();
    const ctx = createRuleContext(graph);
    // a face is of the class most of its triangles have (the groove's outer wall took a few of the rim round's)
    const floorOf = (cls: number) => (f: number) => {
      const tris = graph.faces[f].triangles!;
      return 2 * tris.filter((t) => labels.triangleClass[t] === cls).length > tris.length;
    };
    const deps = findDepressions(ctx);
    const mixed = deps.filter((d) => d.faces.some(floorOf(CLASS.oring)) && d.faces.some(floorOf(CLASS.rectangularPocket)));
    expect(mixed).toHaveLength(1);
    const split = splitOffClosedCuts(ctx, mixed[0]);
    expect(split).not.toBeNull();
    expect(split!.cuts).toHaveLength(1);
    expect(split!.cuts[0].classId).toBe(CLASS.oring);
    expect(split!.cuts[0].faces.every(floorOf(CLASS.oring))).toBe(true);
    // what is left holds no groove face, and the pocket's faces stay together
    const rest = split!.rest.flatMap((d) => d.faces);
    expect(rest.some(floorOf(CLASS.oring))).toBe(false);
    expect(split!.rest.filter((d) => d.faces.some(floorOf(CLASS.rectangularPocket)))).toHaveLength(1);
    // a depression that is one directly linked group (the other O-ring groove) is not split
    const whole = deps.find((d) => d !== mixed[0] && d.faces.length > 1 && d.faces.every(floorOf(CLASS.oring)));
    expect(whole).toBeDefined();
    expect(splitOffClosedCuts(ctx, whole!)).toBeNull();
  });

  it('the pocket\'s scraps are small concave curved faces; a B-Rep depression has none', () => {
    const graph = graphOf();
    const ctx = createRuleContext(graph);
    const pocketDep = findDepressions(ctx).find((d) => d.faces.some((f) => graph.faces[f].kind === 'sphere'))!;
    const rest = splitOffClosedCuts(ctx, pocketDep)!.rest.find((d) => d.faces.some((f) => graph.faces[f].kind === 'sphere'))!;
    const depth = ctx.dirVector([...rest.stockDirs][0]);
    const scraps = meshBlendScraps(ctx, rest, depth);
    const total = rest.faces.reduce((a, f) => a + graph.faces[f].area, 0);
    // the six corner "spheres", the cone and the cylinder across the depth of the B-spline corner, two pieces of the round
    expect(scraps.size).toBe(10);
    for (const f of scraps) {
      expect(graph.faces[f].kind).not.toBe('plane');
      expect(graph.faces[f].inward).toBe(true);
      expect(graph.faces[f].area).toBeLessThanOrEqual(MAX_BLEND_SCRAP_AREA_SHARE * total);
    }
    const part = buildPartFromStep(readStep(readFileSync(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url))));
    const brep = createRuleContext(buildFeatureGraphFromPart(part));
    for (const d of findDepressions(brep)) expect(meshBlendScraps(brep, d, brep.dirVector(0)).size).toBe(0);
  });
});
