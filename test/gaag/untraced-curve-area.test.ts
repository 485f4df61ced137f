/**
 * An edge whose 3-D curve cadlens does not evaluate and whose pcurve on the face is missing or unread: its samples are
 * traced through its pcurve on the neighbouring face's surface, between the vertices. They were a straight segment
 * between the vertices, which cut the arched top off each flat side (OCCT sample P02, the pump nut: six faces 4.3 %
 * too small). The fixture's edges are HYPERBOLAs, where a nut's flat side meets its chamfer cone; since session 24 the
 * reader models them (and projects them onto the plane exactly), so the tracing is tested on a copy whose hyperbolas
 * are renamed to a curve the reader does not model. Reference values from OpenCascade 7.6 (FreeCAD's Part module,
 * Face.Area) on the same file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';

// test/fixtures/brep-area/generate-chamfered-hex.py: a hexagonal prism chamfered by a cone; the flat sides' pcurves
// of the hyperbolas are dropped, the cone's (B-splines) kept
const text = readFileSync(new URL('../fixtures/brep-area/chamfered-hex.step', import.meta.url), 'utf8');
/** The same file with its six 3-D HYPERBOLAs renamed to CLOTHOID, an ISO 10303-42 curve the reader does not model. */
const unread = text.replaceAll('= HYPERBOLA(', '= CLOTHOID(');
const part = buildPartFromStep(readStep(new TextEncoder().encode(unread)));
/** OpenCascade's Face.Area of each flat side (the generator prints it). */
const FLAT_SIDE_AREA_MM2 = 50.152105571;

describe('flat sides of a chamfered hexagon, topped by hyperbolas (chamfered-hex.step)', () => {
  const sides = part.faces.filter((f) => f.surface?.type === 'plane' && f.bounds[0].coedges.some((ce) => part.edges[ce.edge].curve.type === 'other'));

  it('six flat sides each have an edge whose 3-D curve is unread and whose only pcurve lies on the cone', () => {
    expect(sides).toHaveLength(6);
    for (const f of sides) {
      const edge = part.edges[f.bounds[0].coedges.find((ce) => part.edges[ce.edge].curve.type === 'other')!.edge];
      expect(edge.pcurves.map((p) => p.surfaceStepId)).not.toContain(f.surfaceStepId);
      expect(edge.pcurves.length).toBeGreaterThan(0);
    }
  });

  it('their exact areas are OpenCascade\'s (within 1e-5; the traced edge is sampled)', () => {
    const { part: measured } = measureBrepFaces(part);
    for (const f of sides) expect(Math.abs(measured.faces[f.index].area / FLAT_SIDE_AREA_MM2 - 1)).toBeLessThan(1e-5);
  });

  it("the file as written: its hyperbolas are read, and the sides' exact areas are OpenCascade's (within 1e-9)", () => {
    const read = buildPartFromStep(readStep(new TextEncoder().encode(text)));
    expect(read.unsupported).toEqual([]);
    expect(read.edges.filter((e) => e.curve.type === 'hyperbola')).toHaveLength(6);
    const { part: measured } = measureBrepFaces(read);
    for (const f of sides) expect(Math.abs(measured.faces[f.index].area / FLAT_SIDE_AREA_MM2 - 1)).toBeLessThan(1e-9);
  });
});
