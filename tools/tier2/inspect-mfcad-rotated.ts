/**
 * One MFCAD part as Tier 2 sees it, aligned and rotated (`--rotate SEED`, the evaluator's seeded rotation): per face
 * the truth and both predictions with their rules, the faces whose call differs marked. A development aid for rules
 * that depend on the part's orientation (MFCAD tune data only).
 *
 * ```sh
 * npx tsx tools/tier2/inspect-mfcad-rotated.ts --part 3-3-4-7-8-23 --rotate 7
 * ```
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { bindMfcadTruth, readMfcadLabels } from '../eval/readers/mfcad-reader.js';
import { TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { mulberry32, randomRotation } from '../eval/seeded-rotation.js';
import { fnv1a } from '../eval/dataset-sampling.js';
import { rotateStepText } from '../eval/rotate-step.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/index.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, part: { type: 'string' }, rotate: { type: 'string' } } });
if (!values.part || values.rotate === undefined) throw new Error('--part NAME --rotate SEED [--dir .cache/mfcad]');
const dir = values.dir ?? '.cache/mfcad';
const name = values.part;
const seed = Number(values.rotate);
const text = readFileSync(join(dir, `${name}.step`), 'utf8');
const rotated = rotateStepText(text, randomRotation(mulberry32((seed ^ fnv1a(name)) >>> 0))).text;
const tess = createEvalTessellator();
const labels = readMfcadLabels(join(dir, `${name}.face_truth`));
const calls = [];
for (const t of [text, rotated]) {
  const part = await loadStepPart(new TextEncoder().encode(t), tess);
  const truth = bindMfcadTruth(part, labels, name);
  const raw = recognizeFeatures(part);
  const rules = (raw.details as unknown as HeuristicDetails).rules;
  const faceRule: string[] = raw.faces.map(() => '-');
  raw.features.forEach((f, i) => f.faces.forEach((x) => (faceRule[x] = `${rules[i]}#${i}`)));
  calls.push({ truth, raw, faceRule });
}
await tess.close();
const [a, r] = calls;
for (let i = 0; i < a.raw.faces.length; i++) {
  const t = a.truth.faceClass[i];
  const pa = a.raw.faces[i], pr = r.raw.faces[i];
  const mark = pa.classId !== pr.classId ? '<<' : '';
  console.log(`${i} ${TRUTH_CLASS_NAMES[t] ?? t} | aligned ${pa.className} [${a.faceRule[i]}] | rotated ${pr.className} [${r.faceRule[i]}] ${mark}`);
}
