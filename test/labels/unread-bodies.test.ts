/**
 * The labelling aid lists the bodies a STEP file holds but the B-Rep builder leaves out of the Part (CATIA
 * 'supplemental geometry' construction planes), so label files can declare them; real files from ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { unreadBodies } from '../../tools/labelling/unread-bodies.js';
import { REALWORLD_DIR, REPO_DIR, sharedTitle } from '../support/shared-data.js';
import { bindRealworldTruth, readRealworldLabels } from '../../tools/eval/readers/realworld-reader.js';

const CTC04 = join(REALWORLD_DIR, 'parts', 'D21__nist_ctc_04_asme1_rd.stp');
const PART_A = join(REALWORLD_DIR, 'parts', 'D05__partA.step');

function unreadOf(path: string): ReturnType<typeof unreadBodies> {
  const step = readStep(new Uint8Array(readFileSync(path)));
  const part = buildPartFromStep(step);
  return unreadBodies(step, new Set(part.solids.map((s) => s.stepId ?? -1)));
}

describe.skipIf(!existsSync(CTC04) || !existsSync(PART_A))(sharedTitle('bodies not read into the Part'), () => {
  it('finds the two supplemental construction planes of NIST CTC-04, each with its one face', () => {
    const unread = unreadOf(CTC04);
    expect(unread.map((b) => b.stepId).sort((a, b) => a - b)).toEqual([14574, 14624]);
    for (const b of unread) {
      expect(b.kind).toMatch(/^shell_based_surface_model/);
      expect(b.faceStepIds).toHaveLength(1);
    }
  });

  it('finds none in a file whose only solid is read', () => {
    expect(unreadOf(PART_A)).toEqual([]);
  });
});

describe.skipIf(!existsSync(CTC04))(sharedTitle('the evaluator binds labels that list unread bodies as unlabelled'), () => {
  it('D21: its label file (with the two construction planes listed unlabelled) binds to the Part', () => {
    const bytes = new Uint8Array(readFileSync(CTC04));
    const part = buildPartFromStep(readStep(bytes));
    const labels = readRealworldLabels(join(REPO_DIR, 'labels', 'realworld', 'D21.json'));
    expect(labels.solids.filter((s) => !s.labelled).map((s) => s.stepId)).toEqual(expect.arrayContaining([14574, 14624]));
    const truth = bindRealworldTruth(part, bytes, labels, 'D21');
    expect(truth).toBeDefined();
    // A labelled body that is not in the Part is still an error.
    const broken = { ...labels, solids: labels.solids.map((s) => (s.stepId === 14574 ? { ...s, labelled: true } : s)) };
    expect(() => bindRealworldTruth(part, bytes, broken, 'D21')).toThrow(/not solids of the STEP file/);
  });
});
