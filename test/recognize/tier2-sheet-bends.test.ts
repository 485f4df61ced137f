/**
 * Bent sheet metal (docs/labelling.md, "Stock": sheet metal): each bend — an outer and an inner cylinder on one axis,
 * radii r + t and r — is `other_feature`, the two skins of every flat and the outline (thickness) faces are stock, holes
 * through the sheet are through holes, a notch from the outline a through slot and a cut-out a passage; a flange bent
 * 60° is read in its own frame (sheet-bends.ts, sheet-flat-frame.ts). Fixtures:
 * test/fixtures/sheet/generate-bent-sheets.py (FreeCAD).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { createHeuristicRecognizer, runRecognizers } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from '../support/recognize-context.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';

const fixture = (name: string): Part =>
  measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(new URL(`../fixtures/sheet/${name}`, import.meta.url)))))).part;

async function tier2Classes(part: Part): Promise<Map<number, string>> {
  const { result } = await runRecognizers(part, [createHeuristicRecognizer()], testRecognizeContext());
  return new Map(result.faces.map((f) => [f.faceIndex, f.className]));
}

type Cyl = { type: 'cylinder'; radius: number; frame: { z: number[] } };
/** Bend faces: cylinders whose axis runs across the sheet's width (y); hole walls: the other cylinders. */
const cylinders = (part: Part) => part.faces.filter((f) => f.surface?.type === 'cylinder');
const isBend = (f: Part['faces'][number]) => Math.abs(Math.abs((f.surface as Cyl).frame.z[1]) - 1) < 1e-9;

/** Every face's Tier 2 class, by kind: bend cylinders, hole cylinders, and the planes' classes (counted). */
async function read(name: string) {
  const part = fixture(name);
  const classes = await tier2Classes(part);
  const bends = cylinders(part).filter(isBend);
  const holes = cylinders(part).filter((f) => !isBend(f));
  const planes = new Map<string, number>();
  for (const f of part.faces) if (f.surface?.type === 'plane') planes.set(classes.get(f.index)!, (planes.get(classes.get(f.index)!) ?? 0) + 1);
  return { part, classes, bends, holes, planes };
}

describe('Tier 2: bent sheet metal', () => {
  it('an L bracket: the bend is other_feature, skins and outline stock, holes through, the notch a through slot', async () => {
    const { classes, bends, holes, planes } = await read('l-bracket.step');
    expect(bends).toHaveLength(2);
    const radii = bends.map((f) => (f.surface as Cyl).radius).sort((a, b) => a - b);
    expect(radii[0]).toBeCloseTo(2, 6);
    expect(radii[1]).toBeCloseTo(4, 6);
    for (const f of bends) expect(classes.get(f.index)).toBe('other_feature');
    expect(holes).toHaveLength(3);
    for (const f of holes) expect(classes.get(f.index)).toBe('through_hole');
    // two skins per flat, the two sides (the notched one in two pieces), two ends: stock; the notch's three walls: a through slot
    expect(Object.fromEntries(planes)).toEqual({ stock: 9, rectangular_through_slot: 3 });
  });

  it('a flange bent 60°: read in its own frame, its holes are through holes and its end notch a through slot', async () => {
    const { classes, bends, holes, planes } = await read('tilted-flange.step');
    expect(bends).toHaveLength(2);
    for (const f of bends) expect(classes.get(f.index)).toBe('other_feature');
    expect(holes).toHaveLength(3);
    for (const f of holes) expect(classes.get(f.index)).toBe('through_hole');
    // the tilted flange's skins and its end (in pieces either side of the notch) are stock
    expect(Object.fromEntries(planes)).toEqual({ stock: 9, rectangular_through_slot: 3 });
  });

  it('a hat channel: four bends, eight other_feature faces; the inner skins stock; the cut-out a passage', async () => {
    const { classes, bends, holes, planes } = await read('hat-channel.step');
    expect(bends).toHaveLength(8);
    for (const f of bends) expect(classes.get(f.index)).toBe('other_feature');
    expect(holes).toHaveLength(1);
    expect(classes.get(holes[0].index)).toBe('through_hole');
    // skins of five flats (10), two sides, two flange ends: stock; the cut-out's four walls
    expect(Object.fromEntries(planes)).toEqual({ stock: 14, rectangular_passage: 4 });
  });
});

describe('the default pipeline (Tier 1 on onnxruntime-node with Tier 2, the Node analyzer) on bent sheets', () => {
  const analyzer = createNodeAnalyzer();
  afterAll(() => analyzer.dispose());

  // The combination takes Tier 1's class wherever Tier 2 says other_feature, and Tier 1 calls bends rounds: the
  // base-body pass gives a bend found by sheet-bends.ts back its other_feature.
  it.each(['l-bracket.step', 'hat-channel.step', 'tilted-flange.step'])('%s: every bend face is other_feature, the holes through holes', async (name) => {
    const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/sheet/${name}`, import.meta.url)));
    const { result, part } = await analyzer.analyzeDetailed(bytes, { name });
    const rec = result.recognition!;
    expect(rec.faces.some((f) => f.tier === 1)).toBe(true); // Tier 1 answered beside Tier 2
    const classOf = new Map(rec.faces.map((f) => [f.faceIndex, f.className]));
    const bends = cylinders(part!).filter(isBend);
    expect(bends.length).toBeGreaterThanOrEqual(2);
    for (const f of bends) expect(classOf.get(f.index)).toBe('other_feature');
    for (const f of cylinders(part!).filter((c) => !isBend(c))) expect(classOf.get(f.index)).toBe('through_hole');
  });
});
