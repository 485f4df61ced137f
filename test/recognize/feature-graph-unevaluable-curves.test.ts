/**
 * An edge on a curve the reader cannot evaluate gives the feature graph no sample points, not NaN ones: a NaN point made
 * every extent read from the samples NaN, so the L profile's inner walls lost their "the part reaches far beyond"
 * measure and stayed a through step. The fixture's edge is a STEP HYPERBOLA (a countersink's cone cut along its axis by
 * a plate's wall), which the reader models since session 24; the unevaluable case is its copy with the hyperbola renamed
 * to CLOTHOID, a curve the reader does not model. Fixture: test/fixtures/outline/generate-countersunk-l-plate.py
 * (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { buildFeatureGraphFromPart } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

const text = readFileSync(new URL('../fixtures/outline/l-plate-countersink-cut.step', import.meta.url), 'utf8');
const measured = (step: string): Part => measureBrepFaces(buildPartFromStep(readStep(new TextEncoder().encode(step)))).part;
/** The file as written (its hyperbola read) and the copy whose hyperbola the reader cannot evaluate. */
const asWritten = measured(text);
const part = measured(text.replace(/= ?HYPERBOLA\(/g, (m) => m.replace('HYPERBOLA', 'CLOTHOID')));

describe('feature graph: edges on curves the reader cannot evaluate', () => {
  it('the fixture has such an edge, and the graph keeps only finite boundary points', () => {
    expect(part.edges.some((e) => e.curve.type === 'other')).toBe(true);
    const g = buildFeatureGraphFromPart(part);
    expect(g.points.length).toBeGreaterThan(0);
    for (const x of g.points) expect(Number.isFinite(x)).toBe(true);
    expect(Number.isFinite(g.diagonalMm)).toBe(true);
  });

  it('the file as written: the hyperbola is read, and its samples are finite too', () => {
    expect(asWritten.edges.some((e) => e.curve.type === 'other')).toBe(false);
    expect(asWritten.edges.some((e) => e.curve.type === 'hyperbola')).toBe(true);
    const g = buildFeatureGraphFromPart(asWritten);
    for (const x of g.points) expect(Number.isFinite(x)).toBe(true);
    expect(g.points.length).toBeGreaterThan(buildFeatureGraphFromPart(part).points.length);
  });

  it.each([
    ['unevaluable', () => part],
    ['read', () => asWritten],
  ])('Tier 2 calls the L profile inner walls stock when one of them cuts a countersink (hyperbola %s)', async (_, get) => {
    const part = get();
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
    const classes = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    const walls = part.faces.filter((f) => {
      const s = f.surface;
      if (s?.type !== 'plane') return false;
      const { z, origin } = s.frame;
      return (Math.abs(Math.abs(z[0]) - 1) < 1e-9 && Math.abs(origin[0] - 50) < 1e-6) || (Math.abs(Math.abs(z[1]) - 1) < 1e-9 && Math.abs(origin[1] - 40) < 1e-6);
    });
    expect(walls).toHaveLength(2);
    for (const f of walls) expect(classes.get(f.index)).toBe('stock');
  });
});
