/**
 * Turned parts (docs/labelling.md: "reduced diameters, journals and their shoulders are `other_feature`"; docs/recognition.md,
 * "Session 14"): a stepped shaft's reduced sections are no cavity, but Tier 2's rules called them O-ring grooves. The
 * base-body pass calls them and their shoulders `other_feature`; the bar's largest diameter and its end faces stay stock,
 * holes stay holes. Fixture: test/fixtures/turned/make-fixtures.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { turnedSectionFaces } from '../../src/stages/recognize/base-body-stock.js';

const ctx = testRecognizeContext;
const shaft = (): Part => buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL('../fixtures/turned/stepped-shaft.step', import.meta.url)))));

const radiusOf = (part: Part, i: number) => {
  const s = part.faces[i].surface;
  return s?.type === 'cylinder' ? s.radius : null;
};
/** A planar face's position along the shaft (x) when it is square to it. */
const planeAt = (part: Part, i: number) => {
  const s = part.faces[i].surface;
  return s?.type === 'plane' && Math.abs(Math.abs(s.frame.z[0]) - 1) < 1e-9 ? s.frame.origin[0] : null;
};

describe('turned parts: reduced sections of a stepped shaft', () => {
  it('finds the Ø20 and Ø12 sections and the two shoulders, nothing else', () => {
    const part = shaft();
    const marked = [...turnedSectionFaces(part)].flatMap((v, i) => (v ? [i] : []));
    expect(marked.map((i) => radiusOf(part, i)).filter((r) => r !== null).sort()).toEqual([10, 6].sort());
    expect(marked.map((i) => planeAt(part, i)).filter((x) => x !== null).map((x) => Math.round(x!)).sort()).toEqual([100, 60]);
    expect(marked).toHaveLength(4);
  });

  it('Tier 2 with the base-body pass: sections other_feature, the Ø30 and the ends stock, the cross hole a through hole', async () => {
    const part = shaft();
    const { result } = await runRecognizers(part, [createHeuristicRecognizer()], ctx());
    const classOf = new Map(result.faces.map((f) => [f.faceIndex, f.className]));
    for (const f of part.faces) {
      const r = radiusOf(part, f.index);
      const x = planeAt(part, f.index);
      if (r === 10 || r === 6 || (x !== null && (Math.abs(x - 60) < 1e-6 || Math.abs(x - 100) < 1e-6))) expect(classOf.get(f.index)).toBe('other_feature');
      if (r === 15 || (x !== null && (Math.abs(x) < 1e-6 || Math.abs(x - 130) < 1e-6))) expect(classOf.get(f.index)).toBe('stock');
      if (r === 2.5) expect(classOf.get(f.index)).toBe('through_hole');
    }
    expect(result.features.some((f) => f.type === 'Oring')).toBe(false);
  });
});
