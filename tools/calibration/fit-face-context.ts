/**
 * Fits the context model of the face probabilities on the dev face records (`.cache/calibration/`, written by
 * `rechoose-combination.ts`) for the shipped combination rule, with Tier 2's probabilities as shipped
 * (real-part counts, prior weight `REAL_PRIOR_FACES`; real files leave-one-file-out), prints the held-out
 * calibration before and after, and writes `src/stages/recognize/face-context-model.ts` (not with `--dry-run`).
 *
 * ```sh
 * npx tsx tools/calibration/fit-face-context.ts [--dry-run] [--records-dir .cache/calibration]
 * ```
 * Only dev data: the real `tune` files and generated seed 101.
 * @internal
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AAGNET_CALIBRATION } from '../../src/inference/index.js';
import { DEFAULT_TIER_COMBINATION } from '../../src/stages/recognize/combine-tiers.js';
import { REAL_PRIOR_FACES } from '../../src/stages/recognize/tier2-heuristics/rule-precision-real.js';
import { readFaceRecords } from './face-records.js';
import { countRules, recalibrateTier2 } from './tier2-real-precision.js';
import { contextFitReport } from './face-context-report.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, 'records-dir': { type: 'string', default: join(REPO, '.cache', 'calibration') } },
});
const real0 = readFaceRecords(join(values['records-dir']!, 'faces-real-tune.jsonl'));
const gen0 = readFaceRecords(join(values['records-dir']!, 'faces-gen-dev.jsonl'));
const k = REAL_PRIOR_FACES > 0 ? REAL_PRIOR_FACES : Infinity;
const counts = Number.isFinite(k) ? countRules(real0) : new Map();
const real = recalibrateTier2(real0, counts, k, Number.isFinite(k), real0);
const gen = recalibrateTier2(gen0, counts, k, false, real0);
const base = { name: 'shipped rule', temperature: AAGNET_CALIBRATION.temperature, envelope: true, rule: DEFAULT_TIER_COMBINATION, knobs: 2 };
for (const line of contextFitReport(real, gen, base, values['dry-run'] ? null : join(REPO, 'src', 'stages', 'recognize', 'face-context-model.ts'))) console.log(line);
