/**
 * One generated dev part as Tier 2 sees it: per face its surface, principal direction, stock flag, truth,
 * prediction and rule and its neighbours with arc convexity; then every depression with its shape summary.
 * A development aid for reading Tier 2's errors (dev data only).
 *
 * ```sh
 * npx tsx tools/tier2/inspect-part.ts --dir /work/gen/dev --part syn_s101_000031
 * npx tsx tools/tier2/inspect-part.ts --dir .cache/occt-samples --part P08__engine_block   # no labels beside it: no truth column
 * ```
 * @internal
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEvalTessellator, loadStepPart } from '../eval/tier2-data.js';
import { readSyntheticLabels } from '../eval/readers/synthetic-reader.js';
import { bindByStepId, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { buildFeatureGraphFromPart, otherFace } from '../../src/stages/recognize/tier2-heuristics/feature-graph.js';
import { createRuleContext, findDepressions } from '../../src/stages/recognize/tier2-heuristics/rule-context.js';
import { describeDepression } from '../../src/stages/recognize/tier2-heuristics/depression-shape.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, part: { type: 'string' } } });
if (!values.dir || !values.part) throw new Error('--dir DIR --part NAME');
const name = values.part;
const part = await loadStepPart(new Uint8Array(readFileSync(join(values.dir, `${name}.step`))), createEvalTessellator());
// a part without generator labels beside it (a real file) is shown without its truth
const labelsPath = join(values.dir, `${name}.json`);
const truth = existsSync(labelsPath) ? bindByStepId(part, readSyntheticLabels(labelsPath).faces, () => true, name, true) : null;
const raw = recognizeFeatures(part);
const rules = (raw.details as unknown as HeuristicDetails).rules;
const faceRule: string[] = raw.faces.map(() => '-');
raw.features.forEach((f, i) => f.faces.forEach((x) => (faceRule[x] = `${rules[i]}#${i}`)));
// the graph recognizeFeatures built (cached per part)
const graph = buildFeatureGraphFromPart(part);
const ctx = createRuleContext(graph);
const r = (x: number) => Math.round(x * 100) / 100;
const cv = { concave: '-', convex: '+', smooth: '~' } as Record<string, string>;
for (const f of graph.faces) {
  const t = truth ? truth.faceClass[f.index] : -1;
  const p = raw.faces[f.index];
  const nb = graph.neighbours[f.index].map((ai) => `${otherFace(graph.arcs[ai], f.index)}${cv[graph.arcs[ai].convexity] ?? '?'}`).join(' ');
  const geo = f.normal ? `n=${f.normal.map(r)} d${ctx.dirOf(f.normal)}` : `ax=${f.axis?.map(r)} r=${r(f.radius ?? 0)} span=${r(f.spanRad ?? 0)} in=${f.inward}`;
  console.log(`${f.index}${ctx.isStock[f.index] ? 'S' : ''}${ctx.blend[f.index] ? `B:${ctx.blend[f.index]}` : ''} ${f.kind} ${geo} A=${r(f.area)} | ${truth ? `${TRUTH_CLASS_NAMES[t]}#${truth.faceInstance[f.index]} ${t === p.classId ? '==' : '!='}` : `step#${part.faces[f.index].stepId}`} ${p.className} [${faceRule[f.index]}] | ${nb}`);
}
console.log('axes', ctx.axes.map((a) => a.map(r)));
for (const dep of findDepressions(ctx)) {
  const s = describeDepression(ctx, dep);
  console.log(`dep [${dep.faces}] stock ${[...dep.stockDirs]} through ${s.throughAxes} open ${s.openDirs} bottoms ${s.bottoms} walls ${s.walls} slanted ${s.slanted} curved ${s.curved} corners ${s.corners}`);
}
