/**
 * compare-labels.ts on two tiny label files written here: every figure worked out by hand below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agreementRates, compareLabels, formatComparison, poolCounts } from '../../tools/labelling/compare-labels.js';
import type { FaceLabel, RealWorldLabelFile } from '../../tools/labelling/label-file.js';

const dir = mkdtempSync(join(tmpdir(), 'cadlens-compare-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A label file from `id: class instance [bottom]` lines, written to disk and read back as the tool would. */
function labelFile(name: string, lines: string[]): RealWorldLabelFile {
  const faces: Record<string, FaceLabel> = {};
  const instances: RealWorldLabelFile['instances'] = {};
  for (const line of lines) {
    const [id, cls, inst, bottom] = line.split(/\s+/);
    const instance = inst && inst !== '-' ? inst : null;
    faces[id] = { class: cls as FaceLabel['class'], instance, bottom: bottom === 'bottom', tags: [] };
    if (instance) instances[instance] = { class: cls as FaceLabel['class'], composite: null };
  }
  const file: RealWorldLabelFile = {
    format: 'cadlens-face-labels/1',
    file: 'X.step',
    sha256: 'a'.repeat(64),
    solids: [{ stepId: 1, labelled: true, note: '' }],
    faces,
    instances,
    meta: { minutes: 1, ambiguous: [], method: 'test' },
  };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(file));
  return JSON.parse(readFileSync(path, 'utf8')) as RealWorldLabelFile;
}

// A: 1-3 stock, a hole (4 5), a pocket (6 7, floor 7), a round (8); face 9 only in A.
const a = labelFile('a', ['1 stock', '2 stock', '3 stock', '4 through_hole h1', '5 through_hole h1', '6 rectangular_pocket p1', '7 rectangular_pocket p1 bottom', '8 round r1', '9 stock']);
// B: face 3 a round, the same hole under another id, the pocket split in two, face 8 a chamfer.
const b = labelFile('b', ['1 stock', '2 stock', '3 round rA', '4 through_hole hX', '5 through_hole hX', '6 rectangular_pocket q1', '7 rectangular_pocket q2 bottom', '8 chamfer c1']);

describe('compareLabels', () => {
  const cmp = compareLabels(a, b);

  it('counts face agreement on the faces both files label', () => {
    expect(cmp.counts.faces).toBe(8);
    expect(cmp.counts.onlyInA).toEqual([9]);
    expect(cmp.counts.onlyInB).toEqual([]);
    expect(cmp.rates.classAgreement).toBe(6 / 8);
    expect(cmp.rates.stockAgreement).toBe(7 / 8);
    expect(cmp.rates.bottomAgreement).toBe(1);
  });

  it("computes Cohen's kappa from the two labellers' class frequencies", () => {
    // chance = 3/8·2/8 (stock) + 2/8·2/8 (hole) + 2/8·2/8 (pocket) + 1/8·1/8 (round) = 15/64; observed 48/64.
    expect(cmp.rates.kappa).toBeCloseTo((48 - 15) / (64 - 15), 12);
    // stock vs feature: chance = (3·2 + 5·6)/64 = 36/64, observed 56/64.
    expect(cmp.rates.stockKappa).toBeCloseTo(20 / 28, 12);
  });

  it('matches instances by identical face sets (IoU = 1) and class', () => {
    expect(cmp.counts.instancesA).toBe(3);
    expect(cmp.counts.instancesB).toBe(5);
    expect(cmp.counts.instancesSameFaces).toBe(2); // the hole, and face 8 (round vs chamfer)
    expect(cmp.counts.instancesSameFacesAndClass).toBe(1);
    expect(cmp.rates.instanceMatchA).toBe(1 / 3);
    expect(cmp.rates.instanceMatchB).toBe(1 / 5);
    expect(cmp.rates.instanceF1).toBe(2 / 8);
    expect(cmp.unmatchedInstancesA.map((u) => u.instance)).toEqual(['p1', 'r1']);
    expect(cmp.unmatchedInstancesB.map((u) => u.instance)).toEqual(['rA', 'q1', 'q2', 'c1']);
  });

  it('lists the class disagreements grouped by instance pair', () => {
    expect(cmp.classDisagreements).toEqual([
      { classA: 'stock', instanceA: null, classB: 'round', instanceB: 'rA', faces: [3] },
      { classA: 'round', instanceA: 'r1', classB: 'chamfer', instanceB: 'c1', faces: [8] },
    ]);
  });

  it('agrees fully with itself, and pooling two parts adds their counts', () => {
    const same = compareLabels(a, a);
    expect(same.rates).toEqual({ classAgreement: 1, stockAgreement: 1, bottomAgreement: 1, kappa: 1, stockKappa: 1, instanceMatchA: 1, instanceMatchB: 1, instanceF1: 1 });
    const pooled = poolCounts([cmp.counts, same.counts]);
    expect(pooled.faces).toBe(8 + 9);
    expect(pooled.sameClass).toBe(6 + 9);
    expect(pooled.classCountsA.stock).toBe(3 + 4);
    expect(agreementRates(pooled).instanceMatchA).toBe((1 + 3) / (3 + 3));
  });

  it('writes a Markdown report with a pooled row and the confusion list', () => {
    const md = formatComparison([{ name: 'P1', cmp }, { name: 'P2', cmp: compareLabels(a, a) }]);
    expect(md).toContain('| P1 | 8 | 75.0 % |');
    expect(md).toContain('| pooled | 17 |');
    expect(md).toContain('- stock [-] → round [rA]: 3');
  });
});
