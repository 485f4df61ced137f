import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { extractGaag, type ExtractGaagResult } from '../../src/features/gaag/index.js';
import { rotatedPartSource, sameEdgeRanges } from '../../src/features/gaag/rotated-part-source.js';
import { computeEdgeRanges } from '../../src/features/gaag/uv-bounds.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import { rotatePart, stockAlignment } from '../../src/stages/recognize/tier1-aagnet/align-part.js';
import { rotateStepText } from '../../tools/eval/rotate-step.js';
import { mulberry32, randomRotation } from '../../tools/eval/seeded-rotation.js';

/** A fixture turned by a seeded rotation (so Tier 1 aligns it), measured as the analysis does (memos warm). */
function rotatedFixture(name: string, seed: number): Part {
  const text = rotateStepText(readFileSync(new URL(`../fixtures/step/${name}`, import.meta.url), 'latin1'), randomRotation(mulberry32(seed))).text;
  return measureBrepFaces(buildPartFromStep(readStep(text))).part;
}

/** Largest |a − b| over two arrays of the same length (0 and −0 equal). */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function expectSameInputs(fast: ExtractGaagResult, plain: ExtractGaagResult, tolerance: number): void {
  expect(fast.faceOrder).toEqual(plain.faceOrder);
  expect(fast.warnings).toEqual(plain.warnings);
  expect(fast.inputs.edgeIndex).toEqual(plain.inputs.edgeIndex);
  expect(maxAbsDiff(fast.inputs.faceAttr, plain.inputs.faceAttr)).toBeLessThanOrEqual(tolerance);
  expect(maxAbsDiff(fast.inputs.faceGrid, plain.inputs.faceGrid)).toBeLessThanOrEqual(tolerance);
  expect(maxAbsDiff(fast.inputs.edgeAttr, plain.inputs.edgeAttr)).toBeLessThanOrEqual(tolerance);
  expect(maxAbsDiff(fast.uvBoxes, plain.uvBoxes)).toBeLessThanOrEqual(tolerance);
}

describe("Tier 1's aligned Part reads uv boundaries and areas through to the Part it was rotated from", () => {
  it('rotatePart records its source and rotation', () => {
    const part = rotatedFixture('plate-hole.step', 3);
    const { rotation } = stockAlignment(part)!;
    const aligned = rotatePart(part, rotation);
    expect(rotatedPartSource(aligned)).toEqual({ part, rotation });
    expect(rotatedPartSource({ ...aligned })).toBeUndefined();
  });

  // 1e-12: the two paths differ only by rounding under rotation (measured: ≤ 1e-14 here, on D03 and on 20 rotated MFCAD parts)
  it.each([
    ['block-pocket.step', 1],
    ['plate-hole-pocket.step', 2],
    ['fillet-block.step', 5],
    ['through-holes-pockets.step', 8], // torus and cone faces; a hole circle whose start the rotation moves across its seam
    ['threaded-hole.step', 13], // B-spline faces: their samples grow the part box on the rotated surfaces
  ])('%s (seed %i): the gAAG of the aligned copy equals the gAAG rebuilt on the rotated surfaces, within 1e-12', (name, seed) => {
    const part = rotatedFixture(name, seed);
    const alignment = stockAlignment(part);
    expect(alignment).not.toBeNull();
    const aligned = rotatePart(part, alignment!.rotation);
    // most faces read through (the rest have an edge whose range the rotation moved, and are built on the copy)
    const [ra, rb] = [computeEdgeRanges(aligned), computeEdgeRanges(part)];
    expect(aligned.faces.filter((f) => sameEdgeRanges(f, ra, rb)).length).toBeGreaterThan(aligned.faces.length / 2);
    const fast = extractGaag(aligned);
    // an unrecorded copy has no source to read through: everything is built on its own (rotated) surfaces
    const plain = extractGaag({ ...rotatePart(part, alignment!.rotation) });
    expectSameInputs(fast, plain, 1e-12);
  });
});
