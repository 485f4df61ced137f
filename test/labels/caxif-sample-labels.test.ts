/**
 * The third real dev set (labels/caxif-samples: CAx-IF test parts shipped inside occt-import-js, linked as
 * `.cache/caxif-samples/Cnn__<file>` by tools/datasets/caxif-samples.ts). The split must name exactly the label
 * files; each label file must match its STEP file face for face and label every body. The parts are read straight
 * from node_modules/occt-import-js (where `npm ci` puts them), so nothing needs linking; the face-for-face part skips
 * with the reason where they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepFaceInventory } from '../support/step-face-inventory.js';
import { labelledSetChecks, labelNamesOf, readSetLabels } from '../support/labelled-set-checks.js';
import { CAXIF_SAMPLES, CAXIF_SOURCE_DIR } from '../../tools/datasets/caxif-samples.js';

const HAS_PARTS = existsSync(CAXIF_SOURCE_DIR);
const NO_PARTS = `no ${CAXIF_SOURCE_DIR}: npm ci installs it (occt-import-js 0.0.23 ships the CAx-IF files)`;
const fileOf = new Map(CAXIF_SAMPLES.map(([code, file]) => [code, file]));
const SET = {
  name: 'caxif-samples',
  stem: /^C\d\d$/,
  stepPath: (labels: { file: string }) => join(CAXIF_SOURCE_DIR, fileOf.get(labels.file.slice(0, 3))!),
  missingParts: HAS_PARTS ? null : NO_PARTS,
};

describe('CAx-IF sample part labels (labels/caxif-samples)', () => {
  labelledSetChecks(SET);

  it.each(labelNamesOf(SET))('%s names its sample', (name) => {
    expect(readSetLabels(SET, name).file).toBe(`${name}__${fileOf.get(name)}`);
  });

  describe.skipIf(!HAS_PARTS)(`every body labelled${HAS_PARTS ? '' : ` — skipped: ${NO_PARTS}`}`, () => {
    it.each(labelNamesOf(SET))('%s labels every body of its file', (name) => {
      const labels = readSetLabels(SET, name);
      const inv = stepFaceInventory(new Uint8Array(readFileSync(join(CAXIF_SOURCE_DIR, fileOf.get(name)!))));
      expect(labels.solids.filter((s) => s.labelled).map((s) => s.stepId).sort((a, b) => a - b)).toEqual(
        [...inv.solids.keys()].sort((a, b) => a - b),
      );
    });
  });
});
