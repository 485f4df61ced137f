/**
 * Keyways and flats milled into a turned bar's skin are read in the bar's radial frame (`turned-bar-frame.ts`). The stock
 * frame of a turned part has one axis along the bar and an arbitrary pair round it, so a keyway at an angle round the
 * bar had slanted walls there and its only open side was the bar's end: a `rectangular_pocket` whose end wall was the
 * bottom (generated turned401, session 17). Fixture: test/fixtures/turned/generate-keyway-flat-shaft.py (FreeCAD) — a
 * Ø30 shaft with a Ø18 journal: a keyway (at 30°) and a flat (at 200°) running out at the chamfered bar end, a keyway
 * (at 120°) and a flat (at 290°) running out over the journal's shoulder (docs/labelling.md, "Turned parts").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { buildFeatureGraphFromPart, type GraphFace } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';

// with the exact face measures, as the pipeline recognizes
const part = measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/turned/keyway-flat-shaft.step', import.meta.url)))))).part;

const graph = buildFeatureGraphFromPart(part);
const deg = Math.PI / 180;
/** The plane faces whose outward normal is `n` (within 0.1°). */
const planesFacing = (n: readonly number[]): GraphFace[] =>
  graph.faces.filter((f) => f.normal !== null && f.normal[0] * n[0] + f.normal[1] * n[1] + f.normal[2] * n[2] > Math.cos(0.1 * deg));
const radial = (a: number) => [Math.cos(a * deg), Math.sin(a * deg), 0];
/** Faces whose centroid lies within 25° of polar angle `a` round the shaft's axis and between z0 and z1. */
const near = (a: number, z0: number, z1: number) => (f: GraphFace) => {
  const [x, y, z] = f.centroid;
  const off = Math.abs(((Math.atan2(y, x) / deg - a + 540) % 360) - 180);
  return off < 25 && z > z0 - 1 && z < z1 + 1;
};

/** The one feature holding any of `faces`, checked to hold exactly them. */
function featureOf(result: Awaited<ReturnType<typeof runRecognizers>>['result'], faces: readonly GraphFace[]) {
  const want = faces.map((f) => f.index).sort((a, b) => a - b);
  const holding = result.features.filter((f) => f.faces.some((i) => want.includes(i)));
  expect(holding).toHaveLength(1);
  expect([...holding[0].faces].sort((a, b) => a - b)).toEqual(want);
  return holding[0];
}

describe('Tier 2: cuts into a turned bar, read in its radial frame', () => {
  it('calls each keyway one rectangular_blind_slot, its floor the bottom, measured in its own frame', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    // [angle, z range, end wall's outward normal along z, width, depth, length]: at 30° from the chamfered bar end, at
    // 120° over the shoulder
    for (const [a, z0, z1, z, width, depth, length] of [[30, 0, 30, -1, 8, 4, 30], [120, 55, 80, 1, 6, 3, 25]]) {
      // floor facing out, side walls facing each other, the end wall facing back to where the keyway runs out
      const at = near(a, z0, z1);
      const floor = planesFacing(radial(a)).filter(at);
      const walls = [...planesFacing(radial(a + 90)), ...planesFacing(radial(a - 90))].filter(at);
      const end = planesFacing([0, 0, z]).filter(at);
      expect([floor.length, walls.length, end.length], `${a}°`).toEqual([1, 2, 1]);
      const keyway = featureOf(result, [...floor, ...walls, ...end]);
      expect(keyway.type, `${a}°`).toBe('rectangular_blind_slot');
      expect(keyway.bottomFaces, `${a}°`).toEqual([floor[0].index]);
      const p = keyway.parameters as Record<string, number>;
      const got = [p.widthMm, p.depthMm, p.lengthMm].map((x) => Math.round(x * 10) / 10).sort((x, y) => x - y);
      expect(got, `${a}°`).toEqual([width, depth, length].sort((x, y) => x - y));
    }
  });

  it('calls each flat one rectangular_through_step, its floor the bottom, and the bar stock', async () => {
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    // [angle, z range, end wall's outward normal along z]: at 200° from the bar end, at 290° over the shoulder
    for (const [a, z0, z1, z] of [[200, 0, 25, -1], [290, 60, 80, 1]]) {
      const at = near(a, z0, z1);
      const floor = planesFacing(radial(a)).filter(at);
      // the end wall: a chord segment of the bar (the end faces and the shoulder are whole rings round the axis)
      const end = planesFacing([0, 0, z]).filter(at);
      expect([floor.length, end.length], `${a}°`).toEqual([1, 1]);
      const flat = featureOf(result, [...floor, ...end]);
      expect(flat.type, `${a}°`).toBe('rectangular_through_step');
      expect(flat.bottomFaces, `${a}°`).toEqual([floor[0].index]);
    }
    const byFace = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    const bar = graph.faces.filter((f) => f.kind === 'cylinder' && Math.abs(f.radius! - 15) < 1e-6);
    expect(bar).toHaveLength(1);
    expect(byFace.get(bar[0].index)).toBe('stock');
  });
});
