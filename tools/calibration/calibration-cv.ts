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
import { REAL_PRIOR_FACES, REAL_RULE_COUNTS } from '../../src/stages/recognize/tier2-heuristics/rule-precision-real.js';
import { readFaceRecords } from './face-records.js';
import { passAwareReport, PASS_AWARE_GENERATED_WEIGHT } from './pass-aware-fit.js';

/** The context model shipped before session 6 (commit 8649855), for comparison. */
const SESSION5_MODEL = { intercept: -0.0515, logitProbability: 0.635, tiersAgree: 0.5015, fromSecondary: -0.5064, agreeingLogitProbability: 0.3222 };
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
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim();
} catch {
  /* not a checkout */
}
const options = {
  temperature: AAGNET_CALIBRATION.temperature,
  folds: Number(values.folds),
  realPriorFaces: Object.keys(REAL_RULE_COUNTS).length > 0 ? REAL_PRIOR_FACES : Infinity,
  generatedWeight: Number(values['gen-weight']),
  precision: { shrinkFaces: Number(values.shrink) },
  compare: [{ name: 'session-5 model (5 weights, before the passes; shipped before session 6)', model: SESSION5_MODEL }],
};
const modelPath = values.write ? join(REPO, 'src', 'stages', 'recognize', 'face-context-model.ts') : null;
for (const l of passAwareReport(real, gen, second, options, modelPath, commit)) console.log(l);
