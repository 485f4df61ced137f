/**
 * The checks every face-labelled real set shares (labels/occt-samples, labels/caxif-samples): the split names each
 * label file exactly once, each file was built from its spec by a labeller who recorded time and method, and — where
 * the STEP files are present — each label file matches its STEP file face for face.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelFileProblems, type RealWorldLabelFile } from '../../tools/labelling/label-file.js';
import { readRealworldSplit } from '../../tools/eval/realworld-split.js';
import { stepFaceInventory } from './step-face-inventory.js';
import { REPO_DIR } from './shared-data.js';

/** One labelled set: its folder under labels/ and specs/, its file-name pattern, and where its STEP files are. */
export interface LabelledSet {
  /** Folder name under labels/ and tools/labelling/specs/ (e.g. `occt-samples`). */
  name: string;
  /** Label file stems, e.g. /^P\d\d$/. */
  stem: RegExp;
  /** The STEP file a label file describes, or null where the parts are absent. */
  stepPath: (labels: RealWorldLabelFile) => string;
  /** Why the face-for-face checks skip, or null when the parts are here. */
  missingParts: string | null;
}

/** The label stems of a set, sorted. */
export function labelNamesOf(set: Pick<LabelledSet, 'name' | 'stem'>): string[] {
  return readdirSync(join(REPO_DIR, 'labels', set.name))
    .filter((f) => f.endsWith('.json') && set.stem.test(f.slice(0, -5)))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Reads one label file of a set. */
export function readSetLabels(set: Pick<LabelledSet, 'name'>, stem: string): RealWorldLabelFile {
  return JSON.parse(readFileSync(join(REPO_DIR, 'labels', set.name, `${stem}.json`), 'utf8')) as RealWorldLabelFile;
}

/** Declares the shared checks of a labelled set (call inside a `describe`). */
export function labelledSetChecks(set: LabelledSet): void {
  const names = labelNamesOf(set);
  it('has label files, and the split names each of them exactly once', () => {
    expect(names.length).toBeGreaterThan(0);
    const { rule, portionOf } = readRealworldSplit(join(REPO_DIR, 'labels', set.name));
    expect(rule.length).toBeGreaterThan(20);
    expect([...portionOf.keys()].sort()).toEqual(names);
    expect([...portionOf.values()]).toContain('validation');
    expect([...portionOf.values()]).toContain('tune');
  });

  it.each(names)('%s was built from its spec, by a labeller who recorded time and method', (stem) => {
    const labels = readSetLabels(set, stem);
    expect(labels.file.startsWith(`${stem}__`)).toBe(true);
    expect(existsSync(join(REPO_DIR, 'tools', 'labelling', 'specs', set.name, `${stem}.spec`))).toBe(true);
    expect(labels.meta.minutes).toBeGreaterThan(0);
    expect(labels.meta.method.length).toBeGreaterThan(0);
  });

  describe.skipIf(set.missingParts !== null)(`face for face against the STEP files${set.missingParts ? ` — skipped: ${set.missingParts}` : ''}`, () => {
    it.each(names)('%s matches its STEP file', (stem) => {
      const labels = readSetLabels(set, stem);
      const inv = stepFaceInventory(new Uint8Array(readFileSync(set.stepPath(labels))));
      expect(labelFileProblems(labels, inv)).toEqual([]);
      const expected = labels.solids.filter((s) => s.labelled).flatMap((s) => inv.solids.get(s.stepId) ?? []);
      expect(Object.keys(labels.faces).map(Number).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    });
  });
}
