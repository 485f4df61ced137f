/**
 * A STEP file's Part with its exact face measures (areas from the uv loops, as the B-Rep path computes them), checked
 * to have measured every face: shared by the exact-area tests against OpenCascade's values.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { measureBrepFaces } from '../../src/analyze/brep-face-measures.js';
import type { Part } from '../../src/model/index.js';

export function measuredStepPart(path: string | URL): Part {
  const { part, unmeasured } = measureBrepFaces(buildPartFromStep(readStep(new Uint8Array(readFileSync(path)))));
  expect(unmeasured).toEqual([]);
  return part;
}

/** |a / b − 1|. */
export const relativeDifference = (a: number, b: number): number => Math.abs(a / b - 1);
