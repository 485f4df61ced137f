/**
 * The two-labeller score (tools/eval/two-labeller-score.ts): a face counts right by either labeller when the
 * pipeline's class is the one either gave it; faces a labeller calls other_feature or leaves out do not count.
 */
import { describe, expect, it } from 'vitest';
import { countTwoLabellers } from '../../tools/eval/two-labeller-score.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../../tools/eval/part-truth.js';

const id = (name: string) => TRUTH_CLASS_NAMES.indexOf(name);

describe('countTwoLabellers', () => {
  it('counts agreement, each labeller and either, and skips other_feature and unlabelled faces', () => {
    const first = Int32Array.from([id('stock'), id('stock'), id('round'), id('other_feature'), NOT_COUNTED, id('blind_hole')]);
    const second = Int32Array.from([id('stock'), id('rectangular_pocket'), id('round'), id('stock'), id('stock'), id('through_hole')]);
    const predicted = ['stock', 'rectangular_pocket', 'chamfer', 'stock', 'stock', undefined];
    expect(countTwoLabellers(first, second, predicted)).toEqual({ faces: 4, labellersAgree: 2, rightByFirst: 1, rightBySecond: 2, rightByEither: 2 });
  });
});
