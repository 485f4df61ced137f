/**
 * Fits Tier 1's temperature on generated dev parts (face records of `collect-face-records.ts`): the T that
 * minimises the mean negative log-likelihood of the true class on every other part (sorted names, even
 * positions); the parts at odd positions are held out. Prints NLL and ECE before and after, on the fitting
 * half, the held-out half and any further record files given (reported, not fitted on), and writes the record.
 *
 * ```sh
 * npx tsx tools/calibration/fit-temperature.ts --fit faces-gen.jsonl --report faces-real.jsonl --out models/aagnet-calibration.json
 * ```
 * @internal
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { faceEce, goldenMin, meanNll, readFaceRecords, scoredTier1 } from './face-records.js';

const { values } = parseArgs({ options: { fit: { type: 'string' }, report: { type: 'string', multiple: true }, out: { type: 'string' }, note: { type: 'string' } } });
if (!values.fit) throw new Error('--fit records.jsonl');
if (/\/gen\/val\b/.test(values.fit)) throw new Error('the validation set is not for fitting');
const all = scoredTier1(readFaceRecords(values.fit));
const names = [...new Set(all.map((r) => r.part))].sort();
const fitParts = new Set(names.filter((_, i) => i % 2 === 0));
const fit = all.filter((r) => fitParts.has(r.part));
const heldOut = all.filter((r) => !fitParts.has(r.part));
const temperature = Math.round(goldenMin((t) => meanNll(fit, t), 0.2, 10) * 1000) / 1000;
const describe = (name: string, recs: ReturnType<typeof scoredTier1>) => ({
  records: name,
  parts: new Set(recs.map((r) => r.part)).size,
  faces: recs.length,
  nllRaw: +meanNll(recs, 1).toFixed(4),
  nllCalibrated: +meanNll(recs, temperature).toFixed(4),
  eceRaw: +faceEce(recs, 1).toFixed(4),
  eceCalibrated: +faceEce(recs, temperature).toFixed(4),
});
const record = {
  model: 'aagnet-mfinstseg.onnx',
  method: 'temperature scaling of the class logits (minimum mean NLL of the true class, golden-section search on [0.2, 10])',
  temperature,
  fittedOn: describe(`${values.fit} (parts at even positions of the sorted names)`, fit),
  reportedOn: [
    describe(`${values.fit} (held out: parts at odd positions)`, heldOut),
    ...(values.report ?? []).map((p) => describe(p, scoredTier1(readFaceRecords(p)))),
  ],
  ...(values.note ? { note: values.note } : {}),
};
console.log(JSON.stringify(record, null, 2));
if (values.out) writeFileSync(values.out, JSON.stringify(record, null, 2) + '\n');
