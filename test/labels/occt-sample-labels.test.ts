/**
 * The second real dev set (labels/occt-samples: OpenCascade's sample parts written to STEP by
 * tools/datasets/occt-samples.py). The split must name exactly the label files; each label file must match its
 * STEP file face for face — that part needs the STEP files, which live outside the repository (made from Debian's
 * occt-misc with FreeCAD's exporter), and skips with the command that makes them where they are absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { labelledSetChecks } from '../support/labelled-set-checks.js';
import { REPO_DIR } from '../support/shared-data.js';

const PARTS_DIR = join(REPO_DIR, '.cache', 'occt-samples');

describe('OpenCascade sample part labels (labels/occt-samples)', () => {
  labelledSetChecks({
    name: 'occt-samples',
    stem: /^P\d\d$/,
    stepPath: (labels) => join(PARTS_DIR, labels.file),
    missingParts: existsSync(PARTS_DIR) ? null : `no ${PARTS_DIR}: /usr/bin/python3 tools/datasets/occt-samples.py writes it (needs Debian's freecad-python3)`,
  });
});
