/**
 * What is a hole, whatever the tier said (Tier 2, then the hole pass; issue 9, holes as one feature), on generated
 * dev parts (seed 101) committed in test/fixtures/synthetic/convention/:
 * - a counterbored hole whose drill a later slot cut open past half its wall is still one hole (the pass used to
 *   leave it to the tier, which cut it in two);
 * - a cone at a counterbore's shoulder edge is that edge's chamfer, not a countersink nor a face of the hole;
 * - a pocket's corner radius under a chamfered rim (a quarter cylinder with a cone on top, tangent to the walls)
 *   is no countersunk hole;
 * - the sliver a cut left of a circular step's or a circular slot's wall is no hole.
 */
import { describe, expect, it } from 'vitest';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

const HOLE_CLASSES = new Set(['through_hole', 'blind_hole']);

async function recognize(name: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const features = result.features.map((f) => ({ type: f.type, className: AAGNET_CLASS_NAMES[f.classId], faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
  const truth = Object.values(labels.generator.instances).map((i) => ({ ...i, kind: labels.generator.features[i.feature].kind }));
  return { features, faceClass, truth };
}
type Recognized = Awaited<ReturnType<typeof recognize>>;

/** The true instance made by a generator feature of this kind, of this class. */
function instanceOf(r: Recognized, kind: string, cls: string) {
  const t = r.truth.find((x) => x.kind === kind && x.class === cls);
  expect(t, `a ${kind} instance of class ${cls}`).toBeDefined();
  return t!;
}

/** One predicted feature holds exactly the instance's faces, and each face has the instance's class. */
function expectOneFeature(r: Recognized, faces: number[], cls: string) {
  const want = [...faces].sort((a, b) => a - b).join();
  const f = r.features.find((x) => x.faces.join() === want);
  expect(f, `a feature with faces ${want}`).toBeDefined();
  expect(f!.className).toBe(cls);
  for (const id of faces) expect(r.faceClass.get(id), `face ${id}`).toBe(cls);
  return f!;
}

/** No hole feature holds any of the faces, and none of them is called a hole. */
function expectNoHole(r: Recognized, faces: number[]) {
  for (const f of r.features) if (HOLE_CLASSES.has(f.className)) expect(f.faces.filter((x) => faces.includes(x)), `${f.type} ${f.faces.join(' ')}`).toEqual([]);
  for (const id of faces) expect(HOLE_CLASSES.has(r.faceClass.get(id)!), `face ${id}: ${r.faceClass.get(id)}`).toBe(false);
}

describe('Tier 2 and the hole pass: drilled holes, cut or not, and what only looks like one', () => {
  it('syn_s101_000006: a counterbored blind hole whose drill a slot cut open (≈ 195° of wall missing) is one counterbored hole', async () => {
    const r = await recognize('syn_s101_000006');
    const hole = instanceOf(r, 'counterbore', 'blind_hole');
    expect(expectOneFeature(r, hole.faces, 'blind_hole').type).toBe('counterbored_hole');
  });

  it("syn_s101_000057: the cone at a counterbore's shoulder edge is a chamfer of its own, the counterbored hole one hole without it", async () => {
    const r = await recognize('syn_s101_000057');
    const hole = instanceOf(r, 'counterbore', 'through_hole');
    expect(expectOneFeature(r, hole.faces, 'through_hole').type).toBe('counterbored_hole');
    const edge = instanceOf(r, 'chamfer', 'chamfer');
    expectOneFeature(r, edge.faces, 'chamfer');
  });

  it('syn_s101_000011: pocket corner radii under a chamfered rim are no countersunk holes', async () => {
    const r = await recognize('syn_s101_000011');
    const pockets = r.truth.filter((t) => t.class === 'rectangular_pocket');
    expect(pockets.length).toBeGreaterThan(0);
    for (const p of pockets) expectNoHole(r, p.faces);
    expectNoHole(r, instanceOf(r, 'chamfer', 'chamfer').faces);
  });

  it("syn_s101_000031 and 000051: the slivers cuts left of a circular blind step's and a circular through slot's wall are no holes", async () => {
    const a = await recognize('syn_s101_000031');
    expectNoHole(a, instanceOf(a, 'circular_blind_step', 'circular_blind_step').faces);
    const b = await recognize('syn_s101_000051');
    expectNoHole(b, instanceOf(b, 'circular_through_slot', 'circular_through_slot').faces);
  });
});
