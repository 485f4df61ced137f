/**
 * Tier 2's blend faces on generated parts (seed 101, the dev seed; mfgen/2 labels, docs/labelling.md): a slanted
 * plane is a chamfer only at a chamfer angle (45°, 30° or 60°) or as a narrow strip, so a slanted step's or a
 * polygon passage's wall stays a face of its feature while the 45° chamfers round a rim are one instance (mfgen/4 labels); and a pocket's
 * corner radius that lost one of its walls to a later cut is still a face of the pocket, not a round; and a fillet chain
 * runs on across a B-spline corner patch that meets the next fillet at 5–6° (docs/labelling.md: within about 6°); a pocket
 * only the enclosed-pocket fallback finds keeps its full corner radii.
 * Parts committed in test/fixtures/synthetic/convention/ (copied from the generated dev set).
 */
import { describe, expect, it } from 'vitest';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

async function recognize(name: string) {
  const { part, result, labels: body } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const features = result.features.map((f) => ({ className: AAGNET_CLASS_NAMES[f.classId], faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
  const truth = Object.values(body.generator.instances).map((i) => ({ ...i, kind: body.generator.features[i.feature].kind }));
  return { features, faceClass, truth };
}

const blendOf = (r: Awaited<ReturnType<typeof recognize>>, id: number) => r.features.find((f) => (f.className === 'chamfer' || f.className === 'round') && f.faces.includes(id));

describe('Tier 2 blend instances on generated parts', () => {
  it('syn_s101_000048: the two walls of a slanted through step and a triangular passage wall (at no chamfer angle) are no chamfers', async () => {
    const r = await recognize('syn_s101_000048');
    const step = r.truth.find((t) => t.class === 'slanted_through_step')!;
    const passage = r.truth.find((t) => t.class === 'triangular_passage')!;
    expect(step.faces).toHaveLength(2);
    for (const id of [...step.faces, ...passage.faces]) {
      expect(blendOf(r, id), `face ${id}`).toBeUndefined();
      expect(r.faceClass.get(id)).not.toBe('chamfer');
    }
  });

  it('syn_s101_000044 (mfgen/4 labels): the 45° edge chamfers round a pocket rim, meeting at sharp corners, are one chamfer instance; the slanted step beside them is none', async () => {
    const r = await recognize('syn_s101_000044');
    const chamfers = r.truth.filter((t) => t.class === 'chamfer');
    expect(chamfers).toHaveLength(1);
    expect(chamfers[0].faces).toHaveLength(4);
    expect(r.features.find((f) => f.faces.join() === chamfers[0].faces.join())?.className).toBe('chamfer');
    const step = r.truth.find((t) => t.class === 'slanted_through_step')!;
    expect(blendOf(r, step.faces[0])).toBeUndefined();
  });

  it('syn_s101_000192: a pocket corner radius with one wall left (a later cut took the other) is a face of the pocket', async () => {
    const r = await recognize('syn_s101_000192');
    const pocket = r.truth.find((t) => t.kind === 'pocket_corner_fillet')!;
    expect(pocket.faces).toContain(892);
    expect(blendOf(r, 892)).toBeUndefined();
    expect(r.faceClass.get(892)).toBe('rectangular_pocket');
  });

  it('syn_s101_000180: the corner radius of a circular-end pocket cut short by a step is a face of the pocket', async () => {
    const r = await recognize('syn_s101_000180');
    const pocket = r.truth.find((t) => t.class === 'circular_end_pocket')!;
    expect(pocket.faces).toContain(1362);
    expect(blendOf(r, 1362)).toBeUndefined();
    expect(r.faceClass.get(1362)).toBe('circular_end_pocket');
  });

  it('syn_s101_000076 (mfgen/4 labels): a floor fillet along another feature, five faces linked by B-spline corner patches at 5–6° and a sixth closing the loop at sharp mitres, is one round', async () => {
    const r = await recognize('syn_s101_000076');
    const chain = r.truth.find((t) => t.class === 'round' && t.faces.length === 6)!;
    expect(chain.faces).toEqual([2549, 2623, 2686, 2738, 2796, 2854]);
    expect(r.features.find((f) => f.faces.join() === chain.faces.join())?.className).toBe('round');
  });

  it('syn_s101_000236: a pocket only the enclosed-pocket fallback finds keeps its four full corner radii (two walls and the floor each)', async () => {
    const r = await recognize('syn_s101_000236');
    const pocket = r.truth.find((t) => t.kind === 'pocket_corner_fillet')!;
    expect(pocket.faces).toHaveLength(9);
    expectFoundExactly(r, pocket.faces, 'rectangular_pocket');
  });
});

/** A predicted feature holding exactly these faces, of this class. */
function expectFoundExactly(r: Awaited<ReturnType<typeof recognize>>, faces: number[], className: string) {
  const f = r.features.find((x) => x.faces.join() === [...faces].sort((a, b) => a - b).join());
  expect(f, `a feature with faces ${faces.join(' ')}`).toBeDefined();
  expect(f!.className).toBe(className);
}
