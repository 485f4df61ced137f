/**
 * The evaluator's synthetic label reader on a `--protrusions` part (test/fixtures/synthetic/protrusions, made by the
 * project's generator): class 25 is `other_feature` truth (excluded from accuracy by the evaluator), one instance per
 * boss, and the label file's `generator.protrusions` lists exactly those faces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSyntheticLabels } from '../../tools/eval/readers/synthetic-reader.js';
import { OTHER_FEATURE_CLASS_ID } from '../../tools/eval/part-truth.js';

const path = fileURLToPath(new URL('../fixtures/synthetic/protrusions/syn_s101_000004.json', import.meta.url));

describe('synthetic label reader: protrusions', () => {
  it('reads other_feature faces (class 25) as one instance per boss, never bottom', () => {
    const { faces } = readSyntheticLabels(path);
    const raw = JSON.parse(readFileSync(path, 'utf8'))[0][1] as { generator: { protrusions: { faces: number[] }[] } };
    const other = [...faces].filter(([, f]) => f.classId === OTHER_FEATURE_CLASS_ID);
    expect(other.length).toBeGreaterThan(0);
    expect(other.every(([, f]) => f.instance !== null && !f.bottom)).toBe(true);
    const byInstance = new Map<string, number[]>();
    for (const [id, f] of other) byInstance.set(f.instance!, [...(byInstance.get(f.instance!) ?? []), id]);
    const listed = raw.generator.protrusions.map((p) => [...p.faces].sort((a, b) => a - b));
    expect([...byInstance.values()].map((v) => v.sort((a, b) => a - b)).sort()).toEqual(listed.sort());
  });

  it('still rejects a class beyond other_feature', () => {
    const text = readFileSync(path, 'utf8').replace(/"seg":\{"(\d+)":24/, '"seg":{"$1":26');
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-protrusion-reader-'));
    try {
      writeFileSync(join(dir, 'part.json'), text);
      expect(() => readSyntheticLabels(join(dir, 'part.json'))).toThrow(/class 26 out of range 0\.\.25/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
