/**
 * Session 15, on generated dev parts (seed 115, committed in test/fixtures/synthetic/convention/, mfgen/4 labels): a
 * whole corner radius of a pocket or passage — a concave cylinder tangent to two of the cut's walls at an angle — is
 * the cutter's and belongs to the cut (docs/labelling.md, "Where a feature ends"), also where its ends do not lie on
 * the floor or on the faces the cut runs through:
 * - a passage's corner radii that end on a hole and a pocket (not on the faces the passage runs through);
 * - an enclosed pocket's corner radii whose two ends later cuts took (a through slot's floor, a slanted step);
 * - a pocket in pieces whose rule read a wall as its bottom, its corners ending on the real floor.
 * Each case failed before (the corners were `round`, one fillet each).
 */
import { describe, expect, it } from 'vitest';
import { tier2FacesOnConventionFixture } from '../support/generated-fixtures.js';

const tier2Faces = tier2FacesOnConventionFixture;

/** STEP ids: four corner radii of the pocket and one of its walls. */
const CORNERS_000066 = [4918, 4972, 5058, 5065];
const WALL_000066 = 4866;
/** STEP ids: two corner radii of the pocket and one of its walls. */
const CORNERS_000123 = [540, 964];
const WALL_000123 = 466;

describe('Tier 2: whole corner radii of pockets and passages whose ends lie on other cuts', () => {
  it('syn_s115_000012: a rounded-rectangle passage running out into a hole and a pocket keeps its four corner radii', async () => {
    const r = await tier2Faces('syn_s115_000012');
    const truth = r.truthOf(3546);
    expect(truth.class).toBe('rectangular_passage');
    expect(r.features.filter((f) => f.type === 'rectangular_passage')).toContainEqual({ type: 'rectangular_passage', faces: [...truth.faces].sort((a, b) => a - b) });
  });

  it('syn_s115_000066: an enclosed pocket whose corner radii end on a through slot and a slanted step keeps them', async () => {
    const r = await tier2Faces('syn_s115_000066');
    const corners = CORNERS_000066;
    const wall = r.featureOf(WALL_000066)!;
    for (const c of corners) {
      expect(r.truthOf(c).class).toBe('rectangular_pocket');
      expect(r.faceClass.get(c)).toBe('rectangular_pocket');
      expect(r.featureOf(c)).toBe(wall);
    }
  });

  it('syn_s115_000123: a pocket in pieces whose rule read a wall as its bottom keeps the corner radii on its floor', async () => {
    const r = await tier2Faces('syn_s115_000123');
    const corners = CORNERS_000123;
    const wall = r.featureOf(WALL_000123)!;
    for (const c of corners) {
      expect(r.truthOf(c).class).toBe('rectangular_pocket');
      expect(r.faceClass.get(c)).toBe('rectangular_pocket');
      expect(r.featureOf(c)).toBe(wall);
    }
  });
});
