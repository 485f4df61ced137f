import { describe, expect, it } from 'vitest';
import { evenSample, fnv1a } from '../../tools/eval/dataset-sampling.js';
import { mfcadSplit } from '../../tools/eval/tier2-data.js';
import { evenSample as testEvenSample } from '../support/shared-data.js';

describe('dataset sampling (one definition for the evaluations and the dataset tests)', () => {
  it('fnv1a is FNV-1a 32-bit (published test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('the Tier 2 split is the hash of the name mod 10 (< 7: tune)', () => {
    for (const name of ['0-0-0-0-1', '12-3-5-0-77', 'x']) expect(mfcadSplit(name)).toBe(fnv1a(name) % 10 < 7 ? 'tune' : 'validation');
  });

  it('evenSample takes every k-th item, all items when count covers them; tests use the same function', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(evenSample(items, 4)).toEqual([0, 2, 5, 7]);
    expect(evenSample(items, 20)).toEqual(items);
    expect(testEvenSample).toBe(evenSample);
  });
});
