/**
 * Drafted and tapered features (docs/recognition.md, "Session 14"): a cast or moulded pocket's walls (and a cored
 * window's) lean by a few degrees so the pattern draws out, and a taper pin's hole (or a drafted cast bore) has a cone for its wall. Tier 2 read
 * the drafted rectangle as six-sided (its opposite walls are not parallel) and the taper as a chamfer (a cone meeting
 * everything convexly). Fixtures: test/fixtures/draft/make-fixtures.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';

const ctx = testRecognizeContext;
const fixture = (name: string): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/draft/${name}`, import.meta.url)))));

async function tier2(part: Part) {
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
  return result;
}

describe('Tier 2: drafted pockets and tapered holes', () => {
  it('reads a pocket with 3° drafted walls as rectangular, as the square-walled pocket beside it', async () => {
    const part = fixture('drafted-pocket.step');
    const result = await tier2(part);
    const pockets = result.features.filter((f) => f.type === 'rectangular_pocket');
    expect(pockets).toHaveLength(2);
    expect(pockets.map((p) => p.faces.length).sort()).toEqual([5, 5]);
    const drafted = pockets.find((p) => p.faces.some((i) => {
      const s = part.faces[i].surface;
      return s?.type === 'plane' && Math.abs(s.frame.z[2]) > 0.01 && Math.abs(s.frame.z[2]) < 0.1;
    }))!;
    expect(drafted).toBeDefined();
    expect(drafted.parameters.depthMm).toBeCloseTo(12, 3);
    expect(result.faces.filter((f) => f.className === '6sides_pocket')).toHaveLength(0);
  });

  it('reads a cored window with ≈ 4° drafted walls as one rectangular passage', async () => {
    const part = fixture('drafted-window.step');
    const result = await tier2(part);
    const walls = part.faces.filter((f) => {
      const s = f.surface;
      return s?.type === 'plane' && Math.abs(s.frame.z[2]) > 0.01 && Math.abs(s.frame.z[2]) < 0.2;
    });
    expect(walls).toHaveLength(4);
    const passage = result.features.find((f) => f.faces.includes(walls[0].index))!;
    expect(passage.type).toBe('rectangular_passage');
    expect([...passage.faces].sort()).toEqual(walls.map((w) => w.index).sort());
  });

  it('reads a taper pin hole as a through hole with its narrow diameter and taper angle, not a chamfer', async () => {
    const part = fixture('taper-hole.step');
    const result = await tier2(part);
    const taper = part.faces.find((f) => f.surface?.type === 'cone' && (f.surface.semiAngle * 180) / Math.PI < 10)!;
    expect(result.faces.find((f) => f.faceIndex === taper.index)?.className).toBe('through_hole');
    const hole = result.features.find((f) => f.faces.includes(taper.index))!;
    expect(hole.type).toBe('through_hole');
    // Ø8 at z = -1 widening to Ø10 at z = 21: Ø8 + 2/22 at the plate's bottom face, z = 0
    expect(hole.parameters.diameterMm).toBeCloseTo(8 + 2 / 22, 3);
    expect(hole.parameters.taperAngleDeg).toBeCloseTo((2 * Math.atan(1 / 22) * 180) / Math.PI, 3);
    expect(hole.parameters.depthMm).toBeCloseTo(20, 3);
  });

  it('keeps the countersunk hole beside it one countersunk hole (the 45° cone is no taper)', async () => {
    const part = fixture('taper-hole.step');
    const result = await tier2(part);
    const sink = part.faces.find((f) => f.surface?.type === 'cone' && (f.surface.semiAngle * 180) / Math.PI > 40)!;
    const feature = result.features.find((f) => f.faces.includes(sink.index))!;
    expect(feature.type).toBe('countersunk_hole');
    expect(feature.composite?.segments.map((s) => s.kind)).toEqual(['countersink', 'hole']);
  });
});
