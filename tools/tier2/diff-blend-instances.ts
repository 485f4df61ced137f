/**
 * Round and chamfer instances that do not match at IoU = 1, part by part: each unmatched true instance
 * with the predicted instances its faces went to, and each unmatched predicted instance with the true
 * instances of its faces, every face with its surface (kind, radius, inward), its truth and the rule that
 * labelled it. Tier 2 as the evaluator runs it (base body stock, composite-hole and blend passes). A development aid
 * for the blend grouping; the evaluator (`npm run eval`) gives the aggregate numbers.
 *
 *   npx tsx tools/tier2/diff-blend-instances.ts --split tune            # real tune files
 *   npx tsx tools/tier2/diff-blend-instances.ts D13 D20 --arcs          # these real parts, each face's AAG neighbours too
 *   npx tsx tools/tier2/diff-blend-instances.ts --dir /work/gen/dev --limit 50 [--every 4]   # generated parts
 *   npx tsx tools/tier2/diff-blend-instances.ts --dir /work/gen/dev 000204 000364 --arcs     # these generated parts
 *
 * Use it on dev data only (real `tune` files, generated dev sets): the validation files are for the final measurement.
 * @internal
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import type { Part } from '../../src/model/index.js';
import { applyBaseBodyStock, groupBlendInstances, groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { buildFeatureGraphFromPart, recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { bindRealworldTruth, readRealworldLabels } from '../eval/readers/realworld-reader.js';
import { readSyntheticLabels } from '../eval/readers/synthetic-reader.js';
import { bindByStepId, NOT_COUNTED, TRUTH_CLASS_NAMES, type PartTruth } from '../eval/part-truth.js';
import { createEvalTessellator, tessellateForRecognition } from '../eval/tier2-data.js';
import { readRealworldSplit } from '../eval/realworld-split.js';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { split: { type: 'string' }, dir: { type: 'string' }, limit: { type: 'string' }, every: { type: 'string' }, quiet: { type: 'boolean', default: false }, arcs: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const repo = join(import.meta.dirname, '../..');
const partsDir = process.env.CADLENS_SHARED_DIR ? join(process.env.CADLENS_SHARED_DIR, 'datasets/realworld/parts') : join(repo, '../shared/datasets/realworld/parts');
const BLEND = new Set([0, 23]); // chamfer, round

interface Item {
  name: string;
  load(): { bytes: Uint8Array; part: Part; truth: PartTruth };
}

function items(): Item[] {
  if (values.dir) {
    const dir = values.dir;
    const every = Number(values.every ?? 1);
    const names = readdirSync(dir).filter((f) => f.endsWith('.step') && (positionals.length === 0 || positionals.some((n) => f.includes(n)))).sort().filter((_, i) => i % every === 0).slice(0, Number(values.limit ?? 1e9));
    return names.map((f) => ({
      name: f.replace(/\.step$/, ''),
      load() {
        const bytes = new Uint8Array(readFileSync(join(dir, f)));
        const part = buildPartFromStep(readStep(bytes));
        const labels = readSyntheticLabels(join(dir, f.replace(/\.step$/, '.json')));
        return { bytes, part, truth: bindByStepId(part, labels.faces, () => true, f, true) };
      },
    }));
  }
  let names = positionals;
  if (values.split) {
    const { portionOf } = readRealworldSplit(join(repo, 'labels/realworld'));
    names = [...names, ...[...portionOf].filter(([, p]) => p === values.split).map(([n]) => n).sort()];
  }
  return names.map((name) => ({
    name,
    load() {
      const labels = readRealworldLabels(join(repo, 'labels/realworld', `${name}.json`));
      const bytes = new Uint8Array(readFileSync(join(partsDir, labels.file)));
      const part = buildPartFromStep(readStep(bytes));
      return { bytes, part, truth: bindRealworldTruth(part, bytes, labels, name) };
    },
  }));
}

const tess = createEvalTessellator();
const totals = { truth: 0, predicted: 0, matched: 0 };
try {
  for (const item of items()) {
    const { bytes, part: read, truth } = item.load();
    const part = await tessellateForRecognition(read, bytes, tess);
    const raw = recognizeFeatures(part);
    const out = groupBlendInstances(part, groupCompositeHoles(part, applyBaseBodyStock(part, raw)));
    const rules = (raw.details as { rules: string[] }).rules;
    const ruleOf = new Map<number, string>();
    raw.features.forEach((f, k) => f.faces.forEach((fi) => ruleOf.set(fi, rules[k])));
    const predClass = new Map(out.faces.map((f) => [f.faceIndex, f.classId]));
    const counted = (fi: number) => truth.faceClass[fi] !== NOT_COUNTED;
    // true blend instances
    const tMembers = new Map<number, number[]>();
    part.faces.forEach((_, fi) => {
      const k = truth.faceInstance[fi];
      if (k >= 0 && counted(fi) && BLEND.has(truth.instances![k].classId)) tMembers.set(k, [...(tMembers.get(k) ?? []), fi]);
    });
    const predOf = new Map<number, number>();
    const preds = out.features
      .map((f, k) => ({ k, classId: f.classId, faces: f.faces.filter(counted) }))
      .filter((p) => p.faces.length > 0 && !p.faces.every((fi) => truth.faceClass[fi] === 25));
    for (const p of out.features.map((f, k) => ({ k, faces: f.faces }))) for (const fi of p.faces) predOf.set(fi, p.k);
    const predBlend = preds.filter((p) => BLEND.has(p.classId));
    const key = (a: readonly number[]) => [...a].sort((x, y) => x - y).join(',');
    const predKeys = new Map(predBlend.map((p) => [`${p.classId}|${key(p.faces)}`, p]));
    const matchedPred = new Set<number>();
    let matched = 0;
    const lines: string[] = [];
    const graph = values.arcs ? buildFeatureGraphFromPart(part) : null;
    const sign: Record<string, string> = { convex: '+', concave: '-', smooth: '~' };
    const arcs = (fi: number) =>
      graph ? `  nb ${graph.neighbours[fi].map((ai) => { const a = graph.arcs[ai]; const o = a.a === fi ? a.b : a.a; const pc = predClass.get(o); return `${part.faces[o].stepId}${sign[a.convexity] ?? '?'}${a.convexity === 'smooth' ? '' : Math.round(a.dihedralDeg)}${pc === undefined ? '' : `(${TRUTH_CLASS_NAMES[pc].slice(0, 6)}:p${predOf.get(o) ?? '-'})`}`; }).join(' ')}` : '';
    const face = (fi: number) => {
      const f = part.faces[fi];
      const s = f.surface;
      const geo = s ? `${s.type}${'radius' in s ? ` r${(s.radius as number).toFixed(2)}` : ''}${'semiAngle' in s ? ` a${(((s as { semiAngle: number }).semiAngle * 180) / Math.PI).toFixed(0)}` : ''}` : 'none';
      const ti = truth.faceInstance[fi];
      const t = `${TRUTH_CLASS_NAMES[truth.faceClass[fi]]}${ti >= 0 ? `:${truth.instances![ti].id}` : ''}`;
      const pk = predOf.get(fi);
      const pc = predClass.get(fi);
      return `#${f.stepId} ${geo} A${f.area.toFixed(1)} truth ${t} → ${pc === undefined ? 'none' : TRUTH_CLASS_NAMES[pc]}${pk !== undefined ? `:p${pk}` : ''} [${ruleOf.get(fi) ?? '-'}]${arcs(fi)}`;
    };
    for (const [k, faces] of tMembers) {
      const c = truth.instances![k].classId;
      const p = predKeys.get(`${c}|${key(faces)}`);
      if (p) {
        matched++;
        matchedPred.add(p.k);
        continue;
      }
      lines.push(`  T ${TRUTH_CLASS_NAMES[c]} ${truth.instances![k].id} (${faces.length} faces)`);
      for (const fi of faces) lines.push(`      ${face(fi)}`);
    }
    for (const p of predBlend) {
      if (matchedPred.has(p.k)) continue;
      lines.push(`  P ${TRUTH_CLASS_NAMES[p.classId]} p${p.k} (${p.faces.length} faces)`);
      for (const fi of p.faces) lines.push(`      ${face(fi)}`);
    }
    totals.truth += tMembers.size;
    totals.predicted += predBlend.length;
    totals.matched += matched;
    if (!values.quiet || lines.length) console.log(`${item.name}: blend instances truth ${tMembers.size} predicted ${predBlend.length} matched ${matched}`);
    if (!values.quiet) for (const l of lines) console.log(l);
  }
  console.log(`TOTAL truth ${totals.truth} predicted ${totals.predicted} matched ${totals.matched}`);
} finally {
  await tess.close();
}
