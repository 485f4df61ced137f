/**
 * Tier 2's errors on generated dev parts, grouped so their causes can be read: per wrong face the rule
 * that labelled it, the true and predicted class and the generator feature kind of its true instance;
 * per true instance whether Tier 2 found it exactly, split it, merged it with another, or got the class
 * wrong. A development aid for tuning Tier 2's rules on dev data only (never on the validation sets).
 *
 * ```sh
 * npx tsx tools/tier2/generated-errors.ts --dir /work/gen/dev [--limit N] [--json out.json] [--part NAME]
 * ```
 * @internal
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { readSyntheticLabels } from '../eval/readers/synthetic-reader.js';
import { bindByStepId, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { groupCompositeHoles } from '../../src/stages/recognize/composite-holes.js';
import { applyBaseBodyStock } from '../../src/stages/recognize/base-body-pass.js';
import { groupBlendInstances } from '../../src/stages/recognize/blend-instances.js';
import { joinPassagePieces } from '../../src/stages/recognize/passage-pieces.js';
import { joinFeaturePieces } from '../../src/stages/recognize/feature-pieces.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/index.js';

interface FaceError {
  part: string;
  face: number;
  stepId: number | null;
  truth: string;
  predicted: string;
  rule: string;
  /** Generator feature kind (composites by their kind) of the face's true instance. */
  kind: string;
}

type InstanceOutcome = 'exact' | 'wrong-class' | 'split' | 'merged' | 'split+merged' | 'missed';

const inc = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, limit: { type: 'string' }, json: { type: 'string' }, part: { type: 'string' } } });
  if (!values.dir) throw new Error('--dir DIR (generated dev parts) is required');
  const dir = values.dir;
  let names = readdirSync(dir).filter((n) => n.endsWith('.step')).map((n) => n.slice(0, -5)).sort();
  if (values.part) names = names.filter((n) => n === values.part);
  if (values.limit) names = evenSample(names, Number(values.limit));
  const tess = createEvalTessellator();
  const errors: FaceError[] = [];
  const outcomes = new Map<string, number>();
  const outcomeByKind = new Map<string, number>();
  let faces = 0, right = 0;
  const ruleFaces = new Map<string, number>(), ruleRight = new Map<string, number>();
  for (const name of names) {
    const part = await loadStepPart(new Uint8Array(readFileSync(join(dir, `${name}.step`))), tess);
    const labelsPath = join(dir, `${name}.json`);
    const labels = readSyntheticLabels(labelsPath);
    const gen = (JSON.parse(readFileSync(labelsPath, 'utf8')) as [[string, { generator: { features: { kind: string }[]; instances: Record<string, { feature: number; faces: number[] }> } }]])[0][1].generator;
    const kindOfStepId = new Map<number, string>();
    for (const inst of Object.values(gen.instances)) for (const id of inst.faces) kindOfStepId.set(id, gen.features[inst.feature].kind);
    const truth = bindByStepId(part, labels.faces, () => true, name, true);
    const raw = recognizeFeatures(part);
    const rules = (raw.details as unknown as HeuristicDetails).rules;
    const faceRule: string[] = raw.faces.map((f) => (f.classId === 24 ? 'stock' : 'fallback'));
    raw.features.forEach((f, i) => f.faces.forEach((x) => (faceRule[x] = rules[i])));
    // faces and instances as the evaluation scores them (run-tiers.ts): base body made stock, composite
    // holes and blend operations grouped after the tier; a face the base-body pass changed is marked so
    const afterBase = applyBaseBodyStock(part, raw);
    for (const f of afterBase.faces) if (f.classId !== raw.faces[f.faceIndex].classId) faceRule[f.faceIndex] = `base-body (was ${faceRule[f.faceIndex]})`;
    const out = joinFeaturePieces(part, joinPassagePieces(part, groupBlendInstances(part, groupCompositeHoles(part, afterBase))));
    const predInstance = new Int32Array(part.faces.length).fill(-1);
    out.features.forEach((f, i) => f.faces.forEach((x) => (predInstance[x] = i)));
    const kindOf = (fi: number) => {
      const id = part.faces[fi].stepId;
      return (id !== null && kindOfStepId.get(id)) || 'stock';
    };
    for (const f of out.faces) {
      const t = truth.faceClass[f.faceIndex];
      if (t < 0) continue;
      faces++;
      const pred = f.classId;
      if (t === pred) right++;
      inc(ruleFaces, faceRule[f.faceIndex]);
      if (t === pred) inc(ruleRight, faceRule[f.faceIndex]);
      if (t !== pred)
        errors.push({ part: name, face: f.faceIndex, stepId: part.faces[f.faceIndex].stepId, truth: TRUTH_CLASS_NAMES[t], predicted: TRUTH_CLASS_NAMES[pred] ?? String(pred), rule: faceRule[f.faceIndex], kind: kindOf(f.faceIndex) });
    }
    // instance outcomes: compare the face sets of each true instance with the predicted instances
    for (let k = 0; k < truth.instances!.length; k++) {
      const mine = [...truth.faceInstance.keys()].filter((i) => truth.faceInstance[i] === k);
      const preds = new Set(mine.map((i) => predInstance[i]));
      let outcome: InstanceOutcome;
      if (preds.has(-1) && preds.size === 1) outcome = 'missed';
      else {
        const split = preds.size > 1;
        const merged = [...preds].some((p) => p >= 0 && out.features[p].faces.some((x) => truth.faceInstance[x] !== k));
        if (split && merged) outcome = 'split+merged';
        else if (split) outcome = 'split';
        else if (merged) outcome = 'merged';
        else outcome = out.features[[...preds][0]].classId === truth.instances![k].classId ? 'exact' : 'wrong-class';
      }
      inc(outcomes, outcome);
      if (outcome !== 'exact') inc(outcomeByKind, `${outcome} ${kindOf(mine[0])}`);
    }
    if (values.part) {
      for (const f of out.faces) console.log(f.faceIndex, part.faces[f.faceIndex].stepId, part.faces[f.faceIndex].surfaceType, TRUTH_CLASS_NAMES[truth.faceClass[f.faceIndex]], truth.faceInstance[f.faceIndex], '→', f.className, predInstance[f.faceIndex], faceRule[f.faceIndex]);
    }
  }
  const pairs = new Map<string, number>(), byRule = new Map<string, number>(), byKind = new Map<string, number>();
  for (const e of errors) {
    inc(pairs, `${e.truth} → ${e.predicted}`);
    inc(byRule, e.rule);
    inc(byKind, `${e.kind}: ${e.truth} → ${e.predicted} [${e.rule}]`);
  }
  console.log(`${names.length} parts, ${faces} faces, ${right} right (${((100 * right) / faces).toFixed(2)} %)`);
  console.log('instances:', Object.fromEntries(outcomes));
  console.log('\nwrong faces by truth → predicted:');
  for (const [k, v] of top(pairs, 30)) console.log(`  ${v}\t${k}`);
  console.log('\nwrong faces by rule:');
  for (const [k, v] of top(byRule, 20)) console.log(`  ${v}\t${k}`);
  console.log('\nfaces per rule: right / labelled (precision):');
  for (const [k, v] of top(ruleFaces, 40)) console.log(`  ${ruleRight.get(k) ?? 0} / ${v}\t${(100 * (ruleRight.get(k) ?? 0) / v).toFixed(1)} %\t${k}`);
  console.log('\nwrong faces by generator kind, truth → predicted [rule]:');
  for (const [k, v] of top(byKind, 40)) console.log(`  ${v}\t${k}`);
  console.log('\ninstances not exact, by outcome and kind:');
  for (const [k, v] of top(outcomeByKind, 40)) console.log(`  ${v}\t${k}`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ faces, right, outcomes: Object.fromEntries(outcomes), errors }, null, 1));
}

await main();
