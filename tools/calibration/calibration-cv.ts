/**
 * How well the default pipeline's face probabilities are calibrated, estimated on dev parts that neither
 * Tier 2's rule precisions nor the probability model saw (`pass-aware-fit.ts`), and the pass-aware model
 * fitted on all of them (written to `src/stages/recognize/face-context-model.ts` with `--write`).
 *
 * ```sh
 * npx tsx tools/calibration/collect-face-records.ts --set realworld --out .cache/calib6/faces-real-tune.jsonl
 * npx tsx tools/calibration/collect-face-records.ts --set synthetic --dir /work/gen/dev --out .cache/calib6/faces-gen-dev.jsonl
 * npx tsx tools/calibration/collect-face-records.ts --set synthetic --dir /work/gen/dev2 --out .cache/calib6/faces-gen-dev2.jsonl   # seed 102, optional
 * npx tsx tools/calibration/calibration-cv.ts --records-dir .cache/calib6 [--folds 5] [--gen-weight 2] [--shrink 0] [--write]
 * ```
 * Only dev data: the real `tune` files, generated seeds 101–199; never the validation files or seed 1.
 * @internal
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { AAGNET_CALIBRATION } from '../../src/inference/index.js';
import { REAL_PRIOR_FACES } from '../../src/stages/recognize/tier2-heuristics/rule-precision-real.js';
import { readFaceRecords } from './face-records.js';
import { passAwareStudy, PASS_AWARE_GENERATED_WEIGHT, studyTable, writePassAwareModel } from './pass-aware-fit.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    'records-dir': { type: 'string', default: join(REPO, '.cache', 'calib6') },
    folds: { type: 'string', default: '5' },
    'gen-weight': { type: 'string', default: String(PASS_AWARE_GENERATED_WEIGHT) },
    shrink: { type: 'string', default: '0' },
    write: { type: 'boolean', default: false },
  },
});
const dir = values['records-dir']!;
const real = readFaceRecords(join(dir, 'faces-real-tune.jsonl'));
const gen = readFaceRecords(join(dir, 'faces-gen-dev.jsonl'));
const secondPath = join(dir, 'faces-gen-dev2.jsonl');
const second = existsSync(secondPath) ? readFaceRecords(secondPath) : [];
if ([...gen, ...second].some((r) => /_s1_|seed-?1\b/.test(r.part))) throw new Error('seed-1 parts are held out: not for fitting or choosing');
const study = passAwareStudy(real, gen, second, {
  temperature: AAGNET_CALIBRATION.temperature,
  folds: Number(values.folds),
  realPriorFaces: REAL_PRIOR_FACES,
  generatedWeight: Number(values['gen-weight']),
  precision: { shrinkFaces: Number(values.shrink) },
});
console.log(`Tier 2 probabilities rebuilt from counts equal the collected ones on ${study.reproduced} of ${study.generatedFaces} generated dev faces.`);
console.log(`${new Set(real.map((r) => r.part)).size} real tune files, ${new Set(gen.map((r) => r.part)).size} generated dev parts, ${new Set(second.map((r) => r.part)).size} parts of the second generated set; ${values.folds} folds; generated weight ${values['gen-weight']}; shrink ${values.shrink}.\n`);
for (const l of studyTable(study, 'second generated set')) console.log(l);
console.log(`\nChosen class-offset ridge (least cross-validated Brier, real + generated): ${study.chosenRidge}. Pass-aware model fitted on all dev faces: ${JSON.stringify(study.model)}`);
if (values.write) {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim();
  } catch {
    /* not a checkout */
  }
  writePassAwareModel(
    join(REPO, 'src', 'stages', 'recognize', 'face-context-model.ts'),
    study.model,
    `Fitted on ${new Set(real.map((r) => r.part)).size} real tune files and ${new Set(gen.map((r) => r.part)).size} generated dev parts with out-of-fold Tier 2 precisions (generated weighing ${values['gen-weight']}× the real; class-offset ridge ${study.chosenRidge}, least cross-validated Brier), commit ${commit}, ${new Date().toISOString().slice(0, 10)}.`,
  );
}
