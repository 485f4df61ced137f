/**
 * The second real dev set (labels/occt-samples: OpenCascade's sample parts written to STEP by
 * tools/datasets/occt-samples.py). The split must name exactly the label files; each label file must match its
 * STEP file face for face — that part needs the STEP files, which live outside the repository (made from Debian's
 * occt-misc with FreeCAD's exporter), and skips with the command that makes them where they are absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFileProblems, type RealWorldLabelFile } from '../../tools/labelling/label-file.js';
import { stepFaceInventory } from '../support/step-face-inventory.js';
import { readRealworldSplit } from '../../tools/eval/realworld-split.js';
import { REPO_DIR } from '../support/shared-data.js';

const LABEL_DIR = join(REPO_DIR, 'labels', 'occt-samples');
const PARTS_DIR = join(REPO_DIR, '.cache', 'occt-samples');
const labelNames = readdirSync(LABEL_DIR)
  .filter((f) => /^P\d\d\.json$/.test(f))
  .map((f) => f.slice(0, -5))
  .sort();
const HAS_PARTS = existsSync(PARTS_DIR);
const NO_PARTS = `no ${PARTS_DIR}: /usr/bin/python3 tools/datasets/occt-samples.py writes it (needs Debian's freecad-python3)`;


describe('OpenCascade sample part labels (labels/occt-samples)', () => {
  it('has label files, and the split names each of them exactly once', () => {
    expect(labelNames.length).toBeGreaterThan(0);
    const { rule, portionOf } = readRealworldSplit(LABEL_DIR);
    expect(rule.length).toBeGreaterThan(20);
    expect([...portionOf.keys()].sort()).toEqual(labelNames);
    expect([...portionOf.values()]).toContain('validation');
    expect([...portionOf.values()]).toContain('tune');
  });

  it.each(labelNames)('%s was built from its spec, by a labeller who recorded time and method', (name) => {
    const labels = JSON.parse(readFileSync(join(LABEL_DIR, `${name}.json`), 'utf8')) as RealWorldLabelFile;
    expect(labels.file.startsWith(`${name}__`)).toBe(true);
    expect(existsSync(join(REPO_DIR, 'tools', 'labelling', 'specs', 'occt-samples', `${name}.spec`))).toBe(true);
    expect(labels.meta.minutes).toBeGreaterThan(0);
    expect(labels.meta.method.length).toBeGreaterThan(0);
  });

  describe.skipIf(!HAS_PARTS)(`face for face against the STEP files${HAS_PARTS ? '' : ` — skipped: ${NO_PARTS}`}`, () => {
    it.each(labelNames)('%s matches its STEP file', (name) => {
      const labels = JSON.parse(readFileSync(join(LABEL_DIR, `${name}.json`), 'utf8')) as RealWorldLabelFile;
      const inv = stepFaceInventory(new Uint8Array(readFileSync(join(PARTS_DIR, labels.file))));
      expect(labelFileProblems(labels, inv)).toEqual([]);
      const expected = labels.solids.filter((s) => s.labelled).flatMap((s) => inv.solids.get(s.stepId) ?? []);
      expect(Object.keys(labels.faces).map(Number).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    });
  });
});
