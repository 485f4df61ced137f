import { describe, expect, it } from 'vitest';
import { isCadlensError } from '../../src/errors/index.js';
import { allocateAagnetInputs, validateAagnetInputs, type AagnetInputs } from '../../src/inference/index.js';
import { randomAagnetGraph } from './random-graph.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (isCadlensError(err)) return `${err.code}/${err.kind}/${err.stage}`;
    throw err;
  }
  return undefined;
}

describe('validateAagnetInputs', () => {
  it('accepts a well-formed random graph (seed 11) and one with no edges', () => {
    expect(() => validateAagnetInputs(randomAagnetGraph(20, 6, 11))).not.toThrow();
    expect(() => validateAagnetInputs(allocateAagnetInputs(3, 0))).not.toThrow();
  });

  it.each([
    ['faceAttr', NaN],
    ['faceGrid', Infinity],
    ['edgeAttr', -Infinity],
    ['faceGrid', NaN],
  ] as const)('rejects %s containing %s with INFERENCE_BAD_INPUT', (tensor, value) => {
    const g = randomAagnetGraph(10, 6, 3);
    const arr = g[tensor];
    arr[arr.length - 1] = value;
    expect(codeOf(() => validateAagnetInputs(g))).toBe('INFERENCE_BAD_INPUT/permanent/recognize');
    try {
      validateAagnetInputs(g);
    } catch (err) {
      expect(isCadlensError(err) && err.details).toMatchObject({ tensor, index: arr.length - 1 });
    }
  });

  it('rejects too many faces or edges with GRAPH_TOO_LARGE', () => {
    const g = randomAagnetGraph(30, 6, 5);
    expect(codeOf(() => validateAagnetInputs(g, { maxFaces: 29 }))).toBe('GRAPH_TOO_LARGE/permanent/recognize');
    expect(codeOf(() => validateAagnetInputs(g, { maxEdges: g.edgeCount - 1 }))).toBe(
      'GRAPH_TOO_LARGE/permanent/recognize',
    );
    expect(codeOf(() => validateAagnetInputs(g, { maxFaces: 30, maxEdges: g.edgeCount }))).toBeUndefined();
  });

  it('rejects wrong lengths, zero faces and out-of-range edge endpoints', () => {
    const g = randomAagnetGraph(8, 4, 9);
    const short: AagnetInputs = { ...g, faceGrid: g.faceGrid.subarray(1) };
    expect(codeOf(() => validateAagnetInputs(short))).toBe('INFERENCE_BAD_INPUT/permanent/recognize');
    expect(codeOf(() => validateAagnetInputs(allocateAagnetInputs(0, 0)))).toBe('INFERENCE_BAD_INPUT/permanent/recognize');
    const bad = randomAagnetGraph(8, 4, 9);
    bad.edgeIndex[bad.edgeCount + 2] = 8n; // dst = N
    expect(codeOf(() => validateAagnetInputs(bad))).toBe('INFERENCE_BAD_INPUT/permanent/recognize');
    const neg = randomAagnetGraph(8, 4, 9);
    neg.edgeIndex[0] = -1n;
    expect(codeOf(() => validateAagnetInputs(neg))).toBe('INFERENCE_BAD_INPUT/permanent/recognize');
  });
});
