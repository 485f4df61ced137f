/**
 * Measures tier-combination rules on face records (`collect-face-records.ts`) as they are, with the
 * probabilities the records carry: for each rule, the per-face accuracy, the stock area called features
 * (mean of per-body shares) and the calibration of the combined answer, on every record file given.
 * `rechoose-combination.ts` does the whole re-choice (records, Tier 2's real-part calibration, variants
 * of both directions, leave-one-file-out); this is the quick look at record files already collected.
 *
 * ```sh
 * npx tsx tools/calibration/choose-combination.ts faces-gen.jsonl faces-real.jsonl
 * ```
 * @internal
 */
import { DEFAULT_TIER_COMBINATION } from '../../src/stages/recognize/combine-tiers.js';
import { AAGNET_CALIBRATION } from '../../src/inference/index.js';
import { readFaceRecords } from './face-records.js';
import { measureVariant, type Variant } from './combination-measure.js';

const files = process.argv.slice(2);
const T = AAGNET_CALIBRATION.temperature;
const variants: Variant[] = [
  { name: 'Tier 1 raw', temperature: 1, envelope: false, rule: 'tier1', knobs: 0 },
  { name: 'Tier 1 calibrated', temperature: T, envelope: false, rule: 'tier1', knobs: 0 },
  { name: 'Tier 1 calibrated + envelope', temperature: T, envelope: true, rule: 'tier1', knobs: 0 },
  { name: 'Tier 2', temperature: T, envelope: true, rule: 'tier2', knobs: 0 },
];
for (const secondaryStock of [false, true])
  for (const minPrimaryProbability of [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    for (const secondaryMargin of [0, 0.2])
      variants.push({
        name: `combine p1<${minPrimaryProbability} margin ${secondaryMargin}${secondaryStock ? ' +T2 stock' : ''}`,
        temperature: T,
        envelope: true,
        rule: { ...DEFAULT_TIER_COMBINATION, primaryTier: 1, secondaryTier: 2, minPrimaryProbability, secondaryMargin, minSecondaryProbability: 0, secondaryStock, secondaryWhereOtherFeature: false },
        knobs: 3,
      });
const sets = files.map((f) => ({ f, recs: readFaceRecords(f) }));
console.log(`| variant | ${sets.map((s) => `${s.f}: acc % / stock→feature % / ECE face / ECE part / r(conf, acc) / faces not from primary`).join(' | ')} |`);
console.log(`|---|${sets.map(() => '---').join('|')}|`);
for (const v of variants) {
  const cells = sets.map(({ recs }) => {
    const m = measureVariant(recs, v);
    return `${(100 * m.accuracy).toFixed(1)} / ${(100 * m.stockFeatureMeanShare).toFixed(1)} / ${m.eceFace?.toFixed(3)} / ${m.ecePart?.toFixed(3)} / ${m.confAccCorrelation?.toFixed(2)} / ${m.secondaryFaces}`;
  });
  console.log(`| ${v.name} | ${cells.join(' | ')} |`);
}
