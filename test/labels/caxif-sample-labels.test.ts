/**
 * The third real dev set (labels/caxif-samples: CAx-IF test parts shipped inside occt-import-js, linked as
 * `.cache/caxif-samples/Cnn__<file>` by tools/datasets/caxif-samples.ts). The split must name exactly the label
 * files; each label file must match its STEP file face for face. The parts are read straight from
 * node_modules/occt-import-js (where `npm ci` puts them), so nothing needs linking; the face-for-face part skips
 * with the reason where they are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFileProblems, type RealWorldLabelFile } from '../../tools/labelling/label-file.js';
import { stepFaceInventory } from '../support/step-face-inventory.js';
import { readRealworldSplit } from '../../tools/eval/realworld-split.js';
import { CAXIF_SAMPLES, CAXIF_SOURCE_DIR } from '../../tools/datasets/caxif-samples.js';
import { REPO_DIR } from '../support/shared-data.js';

const LABEL_DIR = join(REPO_DIR, 'labels', 'caxif-samples');
const labelNames = readdirSync(LABEL_DIR)
  .filter((f) => /^C\d\d\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort();
const HAS_PARTS = existsSync(CAXIF_SOURCE_DIR);
const NO_PARTS = `no ${CAXIF_SOURCE_DIR}: npm ci installs it (occt-import-js 0.0.23 ships the CAx-IF files)`;
const fileOf = new Map(CAXIF_SAMPLES.map(([code, file]) => [code, file]));

function readLabels(name: string): RealWorldLabelFile {
  return JSON.parse(readFileSync(join(LABEL_DIR, `${name}.json`), 'utf8')) as RealWorldLabelFile;
}

describe('CAx-IF sample part labels (labels/caxif-samples)', () => {
  it('has label files, and the split names each of them exactly once', () => {
    expect(labelNames.length).toBeGreaterThan(0);
    const { rule, portionOf } = readRealworldSplit(LABEL_DIR);
    expect(rule.length).toBeGreaterThan(20);
    expect([...portionOf.keys()].sort()).toEqual(labelNames);
    expect([...portionOf.values()]).toContain('validation');
    expect([...portionOf.values()]).toContain('tune');
  });

  it.each(labelNames)('%s names its sample and was built from its spec, by a labeller who recorded time and method', (name) => {
    const labels = readLabels(name);
    expect(labels.file).toBe(`${name}__${fileOf.get(name)}`);
    expect(existsSync(join(REPO_DIR, 'tools', 'labelling', 'specs', 'caxif-samples', `${name}.spec`))).toBe(true);
    expect(labels.meta.minutes).toBeGreaterThan(0);
    expect(labels.meta.method.length).toBeGreaterThan(0);
  });

  describe.skipIf(!HAS_PARTS)(`face for face against the STEP files${HAS_PARTS ? '' : ` — skipped: ${NO_PARTS}`}`, () => {
    it.each(labelNames)('%s matches its STEP file', (name) => {
      const labels = readLabels(name);
      const inv = stepFaceInventory(new Uint8Array(readFileSync(join(CAXIF_SOURCE_DIR, fileOf.get(name)!))));
      expect(labelFileProblems(labels, inv)).toEqual([]);
      const expected = labels.solids.filter((s) => s.labelled).flatMap((s) => inv.solids.get(s.stepId) ?? []);
      expect(Object.keys(labels.faces).map(Number).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    });

    it.each(labelNames)('%s labels every body of its file', (name) => {
      const labels = readLabels(name);
      const inv = stepFaceInventory(new Uint8Array(readFileSync(join(CAXIF_SOURCE_DIR, fileOf.get(name)!))));
      expect(labels.solids.filter((s) => s.labelled).map((s) => s.stepId).sort((a, b) => a - b)).toEqual(
        [...inv.solids.keys()].sort((a, b) => a - b),
      );
    });
  });
});
