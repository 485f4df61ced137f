/**
 * The network inputs stored in an AAGNet test fixture (`test/inference/fixtures/aagnet-*.json`: N, E and the four
 * input tensors as plain arrays, beside the torch reference outputs), as the typed arrays an engine takes.
 */
import type { AagnetInputs } from '../../src/inference/index.js';

/** The fixture file's shape, as far as the inputs go. */
export interface AagnetFixture {
  N: number;
  E: number;
  inputs: { faceAttr: number[]; faceGrid: number[]; edgeIndex: number[]; edgeAttr: number[] };
}

/** A fresh copy of the fixture's inputs (engines may keep references to the arrays they are given). */
export function aagnetFixtureInputs(fixture: AagnetFixture): AagnetInputs {
  return {
    faceCount: fixture.N,
    edgeCount: fixture.E,
    faceAttr: Float32Array.from(fixture.inputs.faceAttr),
    faceGrid: Float32Array.from(fixture.inputs.faceGrid),
    edgeIndex: BigInt64Array.from(fixture.inputs.edgeIndex, (v) => BigInt(v)),
    edgeAttr: Float32Array.from(fixture.inputs.edgeAttr),
  };
}
