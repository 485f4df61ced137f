/**
 * Where the default pipeline (Tier 2 primary, Tier 1 secondary: combine-tiers.ts) answers a face differently
 * from Tier 2 alone, on generated dev parts: per such face the truth, both final classes, both tiers' raw
 * classes and why the combination changed it — `tier1-stock` (Tier 1 called it stock: the rule's stock last
 * word), `tier1-where-other` (Tier 2 left it `other_feature`), or `pass` (the combined answer kept Tier 2's class
 * and a later pass — base body, composite holes — read the combined answer differently). Counts the faces the
 * combination fixed and broke per reason and per truth → class. A development aid (dev data only).
 *
 * It runs the recognizers as the pipeline does (raw answers combined, then the passes) without the analyzer (no
 * healing, no per-solid split). On generated parts it reproduces the evaluator's totals (dev11: 8540 / 8569 both); on
 * the real tune files it does not (default 1149 here, 1174 in the evaluator, session 14): there it shows which faces
 * the rule moves, not the pipeline's count.
 *
 * ```sh
 * npx tsx tools/tier2/default-vs-tier2.ts --dir /work/gen/dev11 [--limit N] [--part NAME] [--json out.json] [--combine RULE_JSON]
 * npx tsx tools/tier2/default-vs-tier2.ts --realworld-tune [--dir PARTS_DIR] [--part D16] ...   # the real `tune` files only
 * ```
 * @internal
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Part } from '../../src/model/index.js';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { readSyntheticLabels } from '../eval/readers/synthetic-reader.js';
import { bindRealworldTruth, readRealworldLabels } from '../eval/readers/realworld-reader.js';
import { readRealworldSplit } from '../eval/realworld-split.js';
import type { PartTruth } from '../eval/part-truth.js';
import { bindByStepId, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { evenSample } from '../eval/dataset-sampling.js';
import {
  applyBaseBodyStock,
  combineTierAnswers,
  createAagnetRecognizer,
  DEFAULT_TIER_COMBINATION,
  groupBlendInstances,
  groupCompositeHoles,
  type RecognitionOutput,
  type RecognizeContext,
  type TierCombinationRule,
} from '../../src/stages/recognize/index.js';
import { joinPassagePieces } from '../../src/stages/recognize/passage-pieces.js';
import { joinFeaturePieces } from '../../src/stages/recognize/feature-pieces.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';

type Reason = 'tier1-stock' | 'tier1-where-other' | 'pass';

interface Difference {
  part: string;
  face: number;
  stepId: number | null;
  truth: string;
  tier2: string;
  combined: string;
  tier2Raw: string;
  tier1Raw: string;
  reason: Reason;
}

const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };
const name = (c: number) => TRUTH_CLASS_NAMES[c] ?? String(c);
const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const passes = (part: Readonly<Part>, out: RecognitionOutput) => joinFeaturePieces(part, joinPassagePieces(part, groupBlendInstances(part, groupCompositeHoles(part, applyBaseBodyStock(part, out)))));
const classOf = (out: RecognitionOutput) => new Map(out.faces.map((f) => [f.faceIndex, f.classId]));

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, limit: { type: 'string' }, json: { type: 'string' }, part: { type: 'string' }, combine: { type: 'string' }, 'realworld-tune': { type: 'boolean', default: false } } });
  const real = values['realworld-tune'];
  const labelsDir = join(import.meta.dirname, '../../labels/realworld');
  if (real) values.dir ??= join(import.meta.dirname, '../../../shared/datasets/realworld/parts');
  if (!values.dir) throw new Error('--dir DIR (generated dev parts) is required');
  const rule: TierCombinationRule = values.combine ? { ...DEFAULT_TIER_COMBINATION, ...(JSON.parse(values.combine) as Partial<TierCombinationRule>) } : DEFAULT_TIER_COMBINATION;
  // real parts: the `tune` portion of labels/realworld/split.json only (the validation files are for the final measurement)
  let names = real
    ? [...readRealworldSplit(labelsDir).portionOf].filter(([, p]) => p === 'tune').map(([n]) => n).sort()
    : readdirSync(values.dir).filter((n) => n.endsWith('.step')).map((n) => n.slice(0, -5)).sort();
  if (values.part) names = names.filter((n) => n === values.part);
  if (values.limit) names = evenSample(names, Number(values.limit));
  const tess = createEvalTessellator();
  const engine = await createOnnxNodeEngine();
  const tier1 = createAagnetRecognizer({ engine, measureParameters: false });
  const diffs: Difference[] = [];
  let faces = 0, rightT2 = 0, rightDefault = 0;
  for (const part of names) {
    let p, truth: PartTruth;
    if (real) {
      const labels = readRealworldLabels(join(labelsDir, `${part}.json`));
      const bytes = new Uint8Array(readFileSync(join(values.dir, labels.file)));
      p = await loadStepPart(bytes, tess);
      truth = bindRealworldTruth(p, bytes, labels, part);
    } else {
      p = await loadStepPart(new Uint8Array(readFileSync(join(values.dir, `${part}.step`))), tess);
      truth = bindByStepId(p, readSyntheticLabels(join(values.dir, `${part}.json`)).faces, () => true, part, true);
    }
    const t2Raw = recognizeFeatures(p);
    const t1Raw = (await tier1.canRecognize(p, CTX)).ok ? await tier1.recognize(p, CTX) : null;
    const t2 = classOf(passes(p, t2Raw));
    const both = t1Raw ? combineTierAnswers(t2Raw, t1Raw, rule) : null;
    const def = both ? classOf(passes(p, both)) : t2;
    const t2RawOf = classOf(t2Raw), t1RawOf = t1Raw ? classOf(t1Raw) : new Map<number, number>();
    const tierOf = new Map((both?.faces ?? []).map((f) => [f.faceIndex, f.tier]));
    for (let fi = 0; fi < p.faces.length; fi++) {
      const t = truth.faceClass[fi];
      if (t < 0 || t === 25) continue;
      faces++;
      const a = t2.get(fi) ?? -1, b = def.get(fi) ?? -1;
      if (a === t) rightT2++;
      if (b === t) rightDefault++;
      if (a === b) continue;
      const reason: Reason = tierOf.get(fi) === 1 ? (t1RawOf.get(fi) === 24 ? 'tier1-stock' : 'tier1-where-other') : 'pass';
      diffs.push({ part, face: fi, stepId: p.faces[fi].stepId, truth: name(t), tier2: name(a), combined: name(b), tier2Raw: name(t2RawOf.get(fi) ?? -1), tier1Raw: name(t1RawOf.get(fi) ?? -1), reason });
    }
  }
  await tier1.dispose?.();
  await engine.dispose();
  console.log(`${names.length} parts, ${faces} faces: Tier 2 ${rightT2} right (${((100 * rightT2) / faces).toFixed(2)} %), default ${rightDefault} (${((100 * rightDefault) / faces).toFixed(2)} %)`);
  const byOutcome = new Map<string, number>(), byPair = new Map<string, number>(), byPart = new Map<string, number>();
  for (const d of diffs) {
    const outcome = d.combined === d.truth ? 'fixed' : d.tier2 === d.truth ? 'broke' : 'wrong both';
    inc(byOutcome, `${outcome}\t${d.reason}`);
    if (outcome !== 'wrong both') inc(byPair, `${outcome}\t${d.reason}\t${d.truth}: ${d.tier2} → ${d.combined}`);
    if (outcome === 'broke') inc(byPart, `${d.part} (${d.reason})`);
  }
  console.log('\nfaces the combination changed, by outcome and reason:');
  for (const [k, v] of top(byOutcome, 20)) console.log(`  ${v}\t${k}`);
  console.log('\nfixed / broke by truth: Tier 2 → default:');
  for (const [k, v] of top(byPair, 40)) console.log(`  ${v}\t${k}`);
  console.log('\nparts with faces broken:');
  for (const [k, v] of top(byPart, 30)) console.log(`  ${v}\t${k}`);
  if (values.part) for (const d of diffs) console.log(d);
  if (values.json) writeFileSync(values.json, JSON.stringify({ faces, rightT2, rightDefault, diffs }, null, 1));
}

await main();
