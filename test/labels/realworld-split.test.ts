import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRealworldSplit } from '../../tools/eval/realworld-split.js';
import { listSet } from '../../tools/eval/eval-sets.js';
import { REPO_DIR } from '../support/shared-data.js';

const LABEL_DIR = join(REPO_DIR, 'labels', 'realworld');
const labelNames = readdirSync(LABEL_DIR)
  .filter((f) => /^D\d\d\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort();

describe('the real-world tune/validation split (labels/realworld/split.json)', () => {
  it('puts every label file in exactly one portion and lists no file that does not exist', () => {
    const { rule, portionOf } = readRealworldSplit(LABEL_DIR);
    expect(rule.length).toBeGreaterThan(20);
    expect([...portionOf.keys()].sort()).toEqual(labelNames);
    expect([...portionOf.values()].filter((p) => p === 'validation').length).toBeGreaterThan(0);
  });

  it('the evaluator lists each portion on its own, and both together without the split file itself', () => {
    const { portionOf } = readRealworldSplit(LABEL_DIR);
    const names = (split: 'tune' | 'validation' | 'all') => listSet({ set: 'realworld', split, dir: LABEL_DIR }, REPO_DIR).items.map((i) => i.name);
    expect(names('tune')).toEqual(labelNames.filter((n) => portionOf.get(n) === 'tune'));
    expect(names('validation')).toEqual(labelNames.filter((n) => portionOf.get(n) === 'validation'));
    expect(names('all')).toEqual(labelNames);
  });
});
