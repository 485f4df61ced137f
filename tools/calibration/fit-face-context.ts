/**
 * Refits the pass-aware face probability model on the dev face records (`.cache/calibration/`, written by
 * `rechoose-combination.ts`; records must carry final classes — collected since session 6) and prints its
 * cross-validated calibration (`pass-aware-fit.ts`); writes `src/stages/recognize/face-context-model.ts`
 * (not with `--dry-run`). `calibration-cv.ts` does the same with a second generated set as well.
 *
 * ```sh
 * npx tsx tools/calibration/fit-face-context.ts [--dry-run] [--records-dir .cache/calibration]
 * ```
 * Only dev data: the real `tune` files and generated seeds 101–199.
 * @internal
 */
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AAGNET_CALIBRATION } from '../../src/inference/index.js';
import { REAL_PRIOR_FACES, REAL_RULE_COUNTS } from '../../src/stages/recognize/tier2-heuristics/rule-precision-real.js';
import { readFaceRecords } from './face-records.js';
import { passAwareReport } from './pass-aware-fit.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, 'records-dir': { type: 'string', default: join(REPO, '.cache', 'calibration') } },
});
const real = readFaceRecords(join(values['records-dir']!, 'faces-real-tune.jsonl'));
const gen = readFaceRecords(join(values['records-dir']!, 'faces-gen-dev.jsonl'));
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim();
} catch {
  /* not a checkout */
}
const options = { temperature: AAGNET_CALIBRATION.temperature, folds: 5, realPriorFaces: Object.keys(REAL_RULE_COUNTS).length > 0 ? REAL_PRIOR_FACES : Infinity };
for (const line of passAwareReport(real, gen, [], options, values['dry-run'] ? null : join(REPO, 'src', 'stages', 'recognize', 'face-context-model.ts'), commit)) console.log(line);
