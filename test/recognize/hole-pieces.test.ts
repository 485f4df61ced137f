/**
 * Holes cut into pieces that do not touch (issue 9, hole instances): a slot milled across a counterbored, a
 * countersunk and a blind hole leaves each in coaxial pieces; the hole pass makes each one hole of the measured
 * class (docs/labelling.md: a feature cut in pieces stays one instance), while two blind holes drilled towards
 * each other on one axis stay two. Made with OpenCascade (FreeCAD) by test/fixtures/step/generate-hole-pieces.py,
 * whose docstring names every hole; Tier 2 then the hole pass (runRecognizers, as the pipeline runs them).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part, Vec3 } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import type { RecognitionResult } from '../../src/result/index.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const THROUGH = 1, BLIND = 12;

/** Inward faces of `type` on the vertical axis through (x, y), with their z range. */
function wallsAt(part: Part, x: number, y: number, type: 'cylinder' | 'cone'): { face: number; radius: number }[] {
  return part.faces
    .filter((f) => {
      const s = f.surface;
      if (s?.type !== type || !f.reversed) return false;
      return Math.abs(Math.abs(s.frame.z[2]) - 1) < 1e-9 && Math.hypot(s.frame.origin[0] - x, s.frame.origin[1] - y) < 1e-6;
    })
    .map((f) => ({ face: f.index, radius: f.surface!.type === 'cylinder' || f.surface!.type === 'cone' ? (f.surface as { radius: number }).radius : 0 }));
}

/** The features holding any of `faces`. */
const ownersOf = (result: RecognitionResult, faces: number[]) => [...new Set(result.features.filter((f) => f.faces.some((x) => faces.includes(x))))];
const classOf = (result: RecognitionResult, face: number) => result.faces.find((f) => f.faceIndex === face)!.classId;

describe('holes cut into pieces by a slot are one hole each (hole-pieces.step)', () => {
  let part: Part;
  let result: RecognitionResult;
  beforeAll(async () => {
    part = buildPartFromStep(readStep(readFileSync(new URL('../fixtures/step/hole-pieces.step', import.meta.url))));
    ({ result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx()));
  });

  it('P: counterbore and drill above the slot, drill below it: one counterbored through hole', () => {
    const walls = wallsAt(part, 15, 30, 'cylinder');
    expect(walls.filter((w) => Math.abs(w.radius - 3) < 1e-6)).toHaveLength(2); // the drill in two pieces
    const faces = walls.map((w) => w.face);
    const owners = ownersOf(result, faces);
    expect(owners).toHaveLength(1);
    expect(owners[0].type).toBe('counterbored_hole');
    expect(owners[0].classId).toBe(THROUGH);
    expect(owners[0].faces).toEqual(expect.arrayContaining(faces));
    for (const f of faces) expect(classOf(result, f)).toBe(THROUGH);
  });

  it('Q: the countersink cone cut off its drill by the slot: one countersunk through hole', () => {
    const cone = wallsAt(part, 45, 30, 'cone').map((w) => w.face);
    const drill = wallsAt(part, 45, 30, 'cylinder').map((w) => w.face);
    expect(cone).toHaveLength(1);
    expect(drill).toHaveLength(1);
    const owners = ownersOf(result, [...cone, ...drill]);
    expect(owners).toHaveLength(1);
    expect(owners[0].type).toBe('countersunk_hole');
    expect(owners[0].classId).toBe(THROUGH);
    expect(owners[0].composite?.segments.map((s) => s.kind)).toEqual(['countersink', 'hole']);
    expect(classOf(result, cone[0])).toBe(THROUGH);
  });

  it('R: a blind hole crossed by the slot, its floor in the lower piece: one blind hole with that floor', () => {
    const faces = wallsAt(part, 75, 30, 'cylinder').map((w) => w.face);
    expect(faces).toHaveLength(2);
    const owners = ownersOf(result, faces);
    expect(owners).toHaveLength(1);
    expect(owners[0].classId).toBe(BLIND);
    expect(owners[0].bottomFaces).toHaveLength(1);
    const floor = part.faces[owners[0].bottomFaces[0]];
    expect(floor.surface?.type).toBe('plane');
    expect(floor.bbox.min[2]).toBeCloseTo(6, 6);
    for (const f of faces) expect(classOf(result, f)).toBe(BLIND);
  });

  it('S: two blind holes drilled towards each other on one axis stay two blind holes', () => {
    const faces = wallsAt(part, 105, 30, 'cylinder').map((w) => w.face);
    expect(faces).toHaveLength(2);
    const owners = ownersOf(result, faces);
    expect(owners).toHaveLength(2);
    for (const o of owners) expect(o.classId).toBe(BLIND);
    const bottoms = owners.map((o) => o.bottomFaces.map((f) => part.faces[f].surface?.type)).sort();
    expect(bottoms).toEqual([['cone'], ['plane']]);
  });
});
