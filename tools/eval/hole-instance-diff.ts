/**
 * Every hole instance the evaluator does not match at IoU = 1, part by part: true holes missed (with the
 * predicted instances that hold their faces) and predicted holes that match no true hole (with the true
 * classes of their faces), each face with its surface (kind, Ø, inward/outward, axis). The same truth,
 * paths and matching as `npm run eval` (its hole-instance line); a development aid to group the misses by
 * cause.
 *
 *   npx tsx tools/eval/hole-instance-diff.ts --set realworld --split tune --tiers 2,default
 *   npx tsx tools/eval/hole-instance-diff.ts --set synthetic --dir /work/gen/dev --limit 100 --tiers 2 [--json out.json]
 *   npx tsx tools/eval/hole-instance-diff.ts --set realworld --split tune --tiers default --group round|chamfer
 *   npx tsx tools/eval/hole-instance-diff.ts --set realworld --dir .cache/occt-samples --labels labels/occt-samples --split tune --tiers default
 *
 * `--group round` or `--group chamfer` lists the round or chamfer instances instead of the holes.
 *
 * Use it on development data only (the real `tune` split, generated dev sets).
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { featureGeometryOfPart, type FeatureGeometry } from '../../src/features/parameters/index.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { listSet, type EvalItem } from './eval-sets.js';
import { diagnosticArgs } from './diagnostic-args.js';
import { evenSample } from './dataset-sampling.js';
import { evaluateItem } from './evaluate-item.js';
import { createEvalTessellator } from './tier2-data.js';
import { createTierRunners, type TierId } from './run-tiers.js';
import { INSTANCE_GROUPS, scoredInstances } from './metrics/evaluation-accumulator.js';
import { matchInstances, type MatchInstance } from './metrics/instance-match.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from './part-truth.js';
import { readRealworldLabels } from './readers/realworld-reader.js';

const { set, tiers, limit, only, opt } = diagnosticArgs(process.argv.slice(2), { set: 'realworld', tiers: '2,default' });
/** The instance group listed: `hole` (default), `round` or `chamfer` (INSTANCE_GROUPS). */
const group = (opt('group') ?? 'hole') as keyof typeof INSTANCE_GROUPS;
const repo = join(import.meta.dirname, '../..');

/** One unmatched hole, as printed and written to JSON. */
interface HoleMiss {
  part: string;
  tier: TierId;
  side: 'missed' | 'false';
  classId: number;
  faces: { face: number; truth: string; predicted: string; surface: string }[];
  /** missed: predicted instances holding its faces; false: true instances holding its faces. */
  others: string[];
}

function stepPathOf(item: EvalItem): string {
  if (item.kind === 'realworld') return join(item.partsDir, readRealworldLabels(item.labelsPath).file);
  if (item.kind === 'stl') throw new Error('hole-instance-diff reads B-Rep sets only');
  return item.stepPath;
}

function surfaceOf(geom: FeatureGeometry, f: number): string {
  const m = geom.face(f);
  const r = (x: number) => Math.round(x * 100) / 100;
  const ax = m.axis ? `ax(${m.axis.map((x) => r(x)).join(',')})` : m.normal ? `n(${m.normal.map((x) => r(x)).join(',')})` : '';
  const size = m.radius !== null ? `Ø${r(2 * m.radius)}` : '';
  const cone = m.semiAngleRad !== null ? ` ${r((2 * m.semiAngleRad * 180) / Math.PI)}°` : '';
  return `${m.kind}${m.kind !== 'plane' && m.kind !== 'other' ? (m.inward ? ' in' : ' out') : ''} ${size}${cone} ${ax}`.replace(/\s+/g, ' ').trim();
}

const cls = (c: number) => (c < 0 ? 'none' : (TRUTH_CLASS_NAMES[c] ?? AAGNET_CLASS_NAMES[c] ?? `class ${c}`));

const labelsDir = opt('labels');
const { items: all } = listSet({ set, dir: opt('dir'), split: opt('split') as 'tune' | undefined, ...(labelsDir ? { labelsDir: resolve(labelsDir) } : {}) }, repo);
let items = limit !== undefined ? evenSample(all, limit) : all;
if (only) items = items.filter((i) => only.split(',').includes(i.name));
const runners = await createTierRunners(tiers);
const tessellator = createEvalTessellator();
const misses: HoleMiss[] = [];
const totals = new Map<TierId, { truth: number; predicted: number; matched: number }>();
try {
  for (const item of items) {
    const outcomes = await evaluateItem(item, { tiers, runners, tessellator, transformStep: null });
    let geom: FeatureGeometry | null = null;
    for (const o of outcomes) {
      if (o.prediction.status !== 'ok' || !o.truth.instances) continue;
      const { truthList, truthOf, predList } = scoredInstances(o.truth, o.prediction);
      const holes = INSTANCE_GROUPS[group];
      const tIdx = truthList.map((_, k) => k).filter((k) => holes.has(truthList[k].classId));
      const pIdx = predList.map((_, k) => k).filter((k) => holes.has(predList[k].classId));
      const tList = tIdx.map((k) => truthList[k]);
      const pList = pIdx.map((k) => predList[k]);
      const of = Int32Array.from(truthOf, (k) => tIdx.indexOf(k));
      const pairs = matchInstances(tList, of, pList, 1);
      const tot = totals.get(o.tier) ?? { truth: 0, predicted: 0, matched: 0 };
      tot.truth += tList.length;
      tot.predicted += pList.length;
      tot.matched += pairs.length;
      totals.set(o.tier, tot);
      const mT = new Set(pairs.map((x) => x.t));
      const mP = new Set(pairs.map((x) => x.p));
      if (mT.size === tList.length && mP.size === pList.length) continue;
      geom ??= featureGeometryOfPart(buildPartFromStep(readStep(new Uint8Array(readFileSync(stepPathOf(item))))));
      const predOf = new Int32Array(o.truth.classId.length).fill(-1);
      predList.forEach((pi, k) => pi.elements.forEach((e) => (predOf[e] = k)));
      const faceRow = (e: number) => ({ face: e, truth: cls(o.truth.classId[e]), predicted: cls(o.prediction.classId[e]), surface: surfaceOf(geom!, e) });
      const describeInst = (inst: MatchInstance, k: number, side: 'p' | 't') => `${side}${k}:${cls(inst.classId)}[${inst.elements.join(',')}]`;
      tList.forEach((ti, k) => {
        if (mT.has(k)) return;
        const others = [...new Set(ti.elements.map((e) => predOf[e]).filter((p) => p >= 0))].map((p) => describeInst(predList[p], p, 'p'));
        misses.push({ part: item.name, tier: o.tier, side: 'missed', classId: ti.classId, faces: ti.elements.map(faceRow), others });
      });
      pList.forEach((pi, k) => {
        if (mP.has(k)) return;
        const others = [...new Set(pi.elements.map((e) => truthOf[e]).filter((t) => t >= 0))].map((t) => describeInst(truthList[t], t, 't'));
        const faces = pi.elements.map(faceRow).filter((r) => o.truth.classId[r.face] !== NOT_COUNTED);
        misses.push({ part: item.name, tier: o.tier, side: 'false', classId: pi.classId, faces, others });
      });
    }
  }
} finally {
  await runners.dispose();
  await tessellator.close();
}
for (const m of misses) {
  console.log(`${m.part} [${m.tier}] ${m.side === 'missed' ? 'MISSED true' : 'FALSE predicted'} ${cls(m.classId)} (${m.faces.length} faces)`);
  for (const f of m.faces) console.log(`    f${f.face} truth=${f.truth} pred=${f.predicted} ${f.surface}`);
  if (m.others.length) console.log(`    ${m.side === 'missed' ? 'predicted' : 'truth'}: ${m.others.join(' ')}`);
}
for (const [t, c] of totals) console.log(`tier ${t}: ${group} instances truth ${c.truth}, predicted ${c.predicted}, matched ${c.matched} → P ${(c.matched / c.predicted).toFixed(3)} R ${(c.matched / c.truth).toFixed(3)}`);
const out = opt('json');
if (out) writeFileSync(out, JSON.stringify({ totals: Object.fromEntries(totals), misses }, null, 1));
