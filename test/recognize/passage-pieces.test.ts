/**
 * The passage pass (`passage-pieces.ts`) on generated dev parts (seed 105, committed in
 * test/fixtures/synthetic/convention/): pieces of one passage that a crossing cut took apart, each read as a passage of
 * the same class, are one instance (docs/labelling.md, "Where a feature ends": pieces on the same surfaces stay one
 * instance); every other passage of the part keeps its own instance.
 */
import { describe, expect, it } from 'vitest';
import { tier2OnConventionFixture } from '../support/generated-fixtures.js';

async function passages(name: string, cls: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const predicted = result.features.filter((f) => f.type === cls).map((f) => f.faces.map(stepId).sort((a, b) => a - b));
  const truth = Object.values(labels.generator.instances)
    .filter((i) => i.class === cls)
    .map((i) => [...i.faces].sort((a, b) => a - b));
  return { predicted, truth };
}

const byFirst = (a: number[], b: number[]) => a[0] - b[0];

describe('passage pieces split by a crossing cut', () => {
  it('syn_s105_000058: a rectangular passage cut lengthwise into two U-shaped halves (sharing its two end walls) is one passage', async () => {
    const r = await passages('syn_s105_000058', 'rectangular_passage');
    const passage = r.truth.find((t) => t.length === 8)!;
    expect(passage).toBeDefined();
    // before: two rectangular passages of four faces each
    expect(r.predicted.filter((p) => p.some((x) => passage.includes(x)))).toEqual([passage]);
  });

  it('syn_s105_000169: a triangular passage whose pieces share one wall plane is one passage; the part\'s other passages stay apart', async () => {
    const r = await passages('syn_s105_000169', 'triangular_passage');
    expect(r.truth.some((t) => t.length === 6)).toBe(true);
    // before: the six-face passage in two (four faces and two)
    expect([...r.predicted].sort(byFirst)).toEqual([...r.truth].sort(byFirst));
  });
});
