/**
 * The fourth real dev set (labels/freecad-samples: FreeCAD's CAM test parts and tool-bit bodies, written to STEP by
 * tools/datasets/freecad-samples.py from the documents Debian's freecad-python3 installs). The split must name exactly
 * the label files and every label file must come from its spec; each label file must match its STEP file face for
 * face and pin its sha256. The STEP files live outside the repository (.cache/freecad-samples, made from FreeCAD's own
 * files) — CI has neither — so those checks skip, saying why, where the exports are absent.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledSetChecks, labelNamesOf, readSetLabels } from '../support/labelled-set-checks.js';
import { stepFaceInventory } from '../support/step-face-inventory.js';
import { REPO_DIR } from '../support/shared-data.js';

const FREECAD_PATH_DIR = '/usr/share/freecad/Mod/Path';
const PARTS_DIR = join(REPO_DIR, '.cache', 'freecad-samples');
const HAS_PARTS = existsSync(PARTS_DIR);
const NO_PARTS = existsSync(FREECAD_PATH_DIR)
  ? `no ${PARTS_DIR}: /usr/bin/python3 tools/datasets/freecad-samples.py writes it`
  : `no ${PARTS_DIR} and no FreeCAD files (${FREECAD_PATH_DIR}): apt-get install freecad-python3, then /usr/bin/python3 tools/datasets/freecad-samples.py`;
const SET = {
  name: 'freecad-samples',
  stem: /^F\d\d$/,
  stepPath: (labels: { file: string }) => join(PARTS_DIR, labels.file),
  missingParts: HAS_PARTS ? null : NO_PARTS,
};

/** The code → output name list of the exporter, read from its source (the script is Python). */
function exporterSamples(): Map<string, string> {
  const src = readFileSync(join(REPO_DIR, 'tools', 'datasets', 'freecad-samples.py'), 'utf8');
  const out = new Map<string, string>();
  for (const m of src.matchAll(/\('(F\d\d)', '[^']+', '[^']+', '([a-z0-9_]+)'\)/g)) out.set(m[1], `${m[1]}__${m[2]}.step`);
  return out;
}

describe('FreeCAD sample part labels (labels/freecad-samples)', () => {
  labelledSetChecks(SET);

  it('labels every part the exporter writes, under the name it writes', () => {
    const samples = exporterSamples();
    expect(samples.size).toBe(19);
    expect(labelNamesOf(SET)).toEqual([...samples.keys()].sort());
    for (const name of labelNamesOf(SET)) expect(readSetLabels(SET, name).file).toBe(samples.get(name));
  });

  describe.skipIf(!HAS_PARTS)(`pinned bytes${HAS_PARTS ? '' : ` — skipped: ${NO_PARTS}`}`, () => {
    it.each(labelNamesOf(SET))('%s: the export has the sha256 its labels pin, and every body is labelled', (name) => {
      const labels = readSetLabels(SET, name);
      const bytes = new Uint8Array(readFileSync(join(PARTS_DIR, labels.file)));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(labels.sha256);
      const inv = stepFaceInventory(bytes);
      expect(labels.solids.filter((s) => s.labelled).map((s) => s.stepId).sort((a, b) => a - b)).toEqual(
        [...inv.solids.keys()].sort((a, b) => a - b),
      );
    });
  });
});
