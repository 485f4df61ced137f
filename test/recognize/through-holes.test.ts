/**
 * Through or blind, measured on the B-Rep (issue 9, through-hole recall on real parts): holes whose far end
 * opens onto a slanted facet, into a pocket, a slot, a bore or another hole, holes drilled from a pocket
 * floor, chamfered or filleted at the rims — made with OpenCascade (FreeCAD) by
 * test/fixtures/step/generate-through-holes.py, whose docstring names every hole. Tier 2 then the hole pass
 * (runRecognizers, as the pipeline runs them): every hole is one hole feature of the measured class, and
 * a hole cut in pieces by a hole it crosses is one feature (docs/labelling.md: one instance).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part, Vec3 } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers, type RecognizeContext } from '../../src/stages/recognize/index.js';
import type { RecognitionResult } from '../../src/result/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
const THROUGH = 1, BLIND = 12;

function load(name: string): Part {
  return buildPartFromStep(readStep(readFileSync(new URL(`../fixtures/step/${name}.step`, import.meta.url))));
}

/** Inward-or-not cylinder faces of radius `r` whose axis is the line through `p` along `dir`. */
function cylinders(part: Part, r: number, p: Vec3, dir: Vec3): number[] {
  return part.faces
    .filter((f) => {
      const s = f.surface;
      if (s?.type !== 'cylinder' || Math.abs(s.radius - r) > 1e-6) return false;
      const a = s.frame.z;
      if (Math.abs(a[0] * dir[0] + a[1] * dir[1] + a[2] * dir[2]) < 0.9999) return false;
      const d: Vec3 = [p[0] - s.frame.origin[0], p[1] - s.frame.origin[1], p[2] - s.frame.origin[2]];
      const t = d[0] * a[0] + d[1] * a[1] + d[2] * a[2];
      return Math.hypot(d[0] - t * a[0], d[1] - t * a[1], d[2] - t * a[2]) < 1e-4;
    })
    .map((f) => f.index);
}

/** The one feature holding all `faces`, and the class each face got. */
function holeOf(result: RecognitionResult, faces: number[]) {
  expect(faces.length).toBeGreaterThan(0);
  const owners = new Set(result.features.filter((f) => f.faces.some((x) => faces.includes(x))));
  expect(owners.size).toBe(1);
  const [feature] = owners;
  expect(feature.faces).toEqual(expect.arrayContaining(faces));
  return { feature, classes: faces.map((x) => result.faces.find((f) => f.faceIndex === x)!.classId) };
}

const Z: Vec3 = [0, 0, 1], X: Vec3 = [1, 0, 0], Y: Vec3 = [0, 1, 0];

describe('through or blind, measured (block: slanted exit, pocket, slot, cross hole)', () => {
  let part: Part;
  let result: RecognitionResult;
  beforeAll(async () => {
    part = load('through-holes-block');
    ({ result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx()));
  });

  it.each([
    ['A, out through a slanted facet', 3, [15, 15, 0], 1],
    ['C, into a pocket milled from below', 3, [50, 15, 0], 1],
    ['D, 1 × 45° chamfers at both ends', 4, [50, 45, 0], 1],
    ['E, crossed by a through slot (two pieces)', 3, [85, 15, 0], 2],
    ['F, crossed by a cross hole (two pieces)', 3, [85, 45, 0], 2],
  ] as const)('%s: through_hole', (_, r, p, pieces) => {
    const faces = cylinders(part, r, [...p], Z);
    expect(faces).toHaveLength(pieces);
    for (const f of faces) expect(holeOf(result, [f]).feature.classId).toBe(THROUGH);
    for (const f of faces) expect(holeOf(result, [f]).classes).toEqual([THROUGH]);
  });

  it('F: the two pieces of the crossed hole are one through hole', () => {
    const { feature, classes } = holeOf(result, cylinders(part, 3, [85, 45, 0], Z));
    expect(feature.classId).toBe(THROUGH);
    expect(classes).toEqual([THROUGH, THROUGH]);
  });

  it('F\'s cross hole: both pieces and its drill point are one blind hole (it ends in the material beyond F)', () => {
    const pieces = cylinders(part, 2.5, [0, 45, 10], X);
    expect(pieces).toHaveLength(2);
    const { feature, classes } = holeOf(result, pieces);
    expect(feature.classId).toBe(BLIND);
    expect(classes).toEqual([BLIND, BLIND]);
    expect(feature.bottomFaces.map((f) => part.faces[f].surface?.type)).toEqual(['cone']);
  });

  it('B, counterbored, out through the slanted facet: one counterbored through hole', () => {
    const faces = [...cylinders(part, 5.5, [15, 45, 0], Z), ...cylinders(part, 3, [15, 45, 0], Z)];
    const { feature, classes } = holeOf(result, faces);
    expect(feature.type).toBe('counterbored_hole');
    expect(feature.classId).toBe(THROUGH);
    expect(classes).toEqual([THROUGH, THROUGH]);
  });

  it.each([
    ['G, flat floor', 3, [105, 30, 0]],
    ['H, drill point', 2.5, [105, 50, 0]],
  ] as const)('%s: blind_hole (the controls)', (_, r, p) => {
    const { feature, classes } = holeOf(result, cylinders(part, r, [...p], Z));
    expect(feature.classId).toBe(BLIND);
    expect(classes).toEqual([BLIND]);
  });
});

describe('through or blind, measured (holes meeting pockets, rims)', () => {
  let part: Part;
  let result: RecognitionResult;
  beforeAll(async () => {
    part = load('through-holes-pockets');
    ({ result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx()));
  });

  it.each([
    ['I, from a pocket floor out through the bottom', 3, [15, 25, 0], Z],
    ['J, from the side into a pocket wall', 3, [50, 0, 14], Y],
    ['N, from a pocket floor out through the bottom', 2.5, [50, 30, 0], Z],
    ['L, filleted top rim, chamfered bottom rim', 4, [80, 12, 0], Z],
    ['M, its wall cut open by a step', 5, [80, 38, 0], Z],
  ] as const)('%s: through_hole', (_, r, p, dir) => {
    const { feature, classes } = holeOf(result, cylinders(part, r, [...p], dir));
    expect(feature.classId).toBe(THROUGH);
    expect(classes).toEqual([THROUGH]);
  });
});

describe('through or blind, measured (a shaft with a bore)', () => {
  let part: Part;
  let result: RecognitionResult;
  beforeAll(async () => {
    part = load('through-holes-tube');
    ({ result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx()));
  });

  it('R, through one wall into the bore: through_hole', () => {
    const { feature } = holeOf(result, cylinders(part, 3, [0, 0, 20], X));
    expect(feature.classId).toBe(THROUGH);
  });

  it('S, across the shaft through both walls and the bore: one through hole of two pieces', () => {
    const pieces = cylinders(part, 2.5, [0, 0, 40], Y);
    expect(pieces).toHaveLength(2);
    const { feature, classes } = holeOf(result, pieces);
    expect(feature.classId).toBe(THROUGH);
    expect(feature.faces).toEqual([...pieces].sort((a, b) => a - b));
    expect(classes).toEqual([THROUGH, THROUGH]);
  });
});

describe('aligned holes separated by open space stay two holes (a clevis)', () => {
  it('the two lug holes are two through holes, not joined', async () => {
    const part = load('through-holes-clevis');
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const pieces = cylinders(part, 4, [0, 15, 28], X);
    expect(pieces).toHaveLength(2);
    const features = pieces.map((f) => holeOf(result, [f]).feature);
    expect(features[0]).not.toBe(features[1]);
    for (const f of features) expect(f.classId).toBe(THROUGH);
  });
});

describe('the default pipeline (the Node analyzer with the built-in tiers) on the block', () => {
  const analyzer = createNodeAnalyzer();
  afterAll(() => analyzer.dispose());

  it('F is one through hole, its cross hole one blind hole, A (slanted exit) through, G blind', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/step/through-holes-block.step', import.meta.url)));
    const { result, part } = await analyzer.analyzeDetailed(bytes, { name: 'through-holes-block.step' });
    const rec = result.recognition!;
    expect(rec.tier).not.toBeNull();
    const p = part!;
    const check = (faces: number[], classId: number) => {
      const { feature, classes } = holeOf(rec, faces);
      expect(feature.classId).toBe(classId);
      expect(classes).toEqual(faces.map(() => classId));
    };
    check(cylinders(p, 3, [85, 45, 0], Z), THROUGH);
    check(cylinders(p, 2.5, [0, 45, 10], X), BLIND);
    check(cylinders(p, 3, [15, 15, 0], Z), THROUGH);
    check(cylinders(p, 3, [105, 30, 0], Z), BLIND);
  });
});
