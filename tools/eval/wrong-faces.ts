/**
 * The default pipeline's wrong faces on a labelled set, face by face, with the tier that answered each face and the
 * face's probability — and a summary of the errors by (truth → predicted, tier). A development aid beside the
 * evaluator (`npm run eval` gives the aggregate numbers); `tools/tier2/diff-realworld.ts` shows Tier 2 alone with its rules.
 *
 *   npx tsx tools/eval/wrong-faces.ts --set realworld --split tune                       # the real tune files
 *   npx tsx tools/eval/wrong-faces.ts --set realworld --labels labels/occt-samples --dir .cache/occt-samples --split tune
 *   npx tsx tools/eval/wrong-faces.ts --set synthetic --dir /work/gen/dev --limit 100 --summary
 *   npx tsx tools/eval/wrong-faces.ts --set realworld --split tune --predicted other_feature   # what the faces called X really are
 *   npx tsx tools/eval/wrong-faces.ts --set synthetic --dir /work/gen/h601 --summary --json /tmp/h601-default.json
 *     # `--json`: the wrong faces as `{ errors: [{ part, stepId, truth, predicted, rule }] }` (rule = the tier that
 *     # answered), the shape tools/generator/housing_stock_roles.py reads
 *
 * Dev data only: never `--split validation`, never the generated seed-1 set.
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer } from '../../src/node.js';
import { listSet, type SetName } from './eval-sets.js';
import { loadLabelledPart } from './labelled-part.js';
import { createEvalTessellator } from './tier2-data.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from './part-truth.js';
import { readRealworldLabels } from './readers/realworld-reader.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.length === 0) {
  // without this, `--help` fell through to a run over every real file (`--split all`)
  console.log('Usage: npx tsx tools/eval/wrong-faces.ts --set realworld|synthetic|mfcad [--dir D] [--labels D] [--split tune|all] [--limit N] [--summary] [--predicted CLASS]\n(see the comment at the top of this file; real sets default to --split tune)');
  process.exit(0);
}
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const set = (valueOf('--set') ?? 'realworld') as SetName;
// dev tool: the real sets default to their tune portion, never to `all` (which holds the validation files)
const split = (valueOf('--split') ?? (set === 'realworld' ? 'tune' : undefined)) as 'tune' | 'validation' | 'all' | undefined;
if (split === 'validation') throw new Error('wrong-faces is a dev tool: the validation portion is for the final measurement only');
const limit = Number(valueOf('--limit') ?? Infinity);
const summaryOnly = args.includes('--summary');
/** `--predicted NAME`: also count the true classes (other_feature included) of every face predicted NAME. */
const predictedName = valueOf('--predicted');
/** `--json FILE`: write the wrong faces there (see the header). */
const jsonPath = valueOf('--json');
const errors: { part: string; stepId: number | null; truth: string; predicted: string; rule: string }[] = [];
const truthOfPredicted = new Map<string, { faces: number; area: number; parts: Map<string, number> }>();
const repo = join(import.meta.dirname, '../..');

const { items } = listSet({ set, dir: valueOf('--dir'), labelsDir: valueOf('--labels'), split }, repo);
const tess = createEvalTessellator();
const analyzer = createNodeAnalyzer();
const groups = new Map<string, { faces: number; area: number }>();
let counted = 0, right = 0;
try {
  for (const item of items.slice(0, limit)) {
    const labelled = await loadLabelledPart(item, tess);
    if (!labelled) continue;
    const { part, truth } = labelled;
    const path = item.kind === 'realworld' ? join(item.partsDir, readRealworldLabels(item.labelsPath).file) : 'stepPath' in item ? item.stepPath : '';
    const { result } = await analyzer.analyzeDetailed(new Uint8Array(readFileSync(path)), { name: item.name });
    const rec = result.recognition;
    const byStepId = new Map<number, { className: string; probability: number; tier?: number }>();
    for (const f of rec?.faces ?? []) if (f.stepId !== null) byStepId.set(f.stepId, f as never);
    const lines: string[] = [];
    let partRight = 0, partCounted = 0;
    part.faces.forEach((face, i) => {
      const t = truth.faceClass[i];
      const p = face.stepId === null ? undefined : byStepId.get(face.stepId);
      if (predictedName !== undefined && p?.className === predictedName && t !== NOT_COUNTED) {
        const g = truthOfPredicted.get(TRUTH_CLASS_NAMES[t]) ?? { faces: 0, area: 0, parts: new Map<string, number>() };
        g.faces++;
        g.area += face.area;
        g.parts.set(item.name, (g.parts.get(item.name) ?? 0) + 1);
        truthOfPredicted.set(TRUTH_CLASS_NAMES[t], g);
      }
      if (t === NOT_COUNTED || t === 25) return; // other_feature: no AAGNet class can be right
      partCounted++;
      if (p?.className === TRUTH_CLASS_NAMES[t]) return void partRight++;
      const key = `${TRUTH_CLASS_NAMES[t]} → ${p?.className ?? 'none'} (tier ${p?.tier ?? '-'})`;
      const g = groups.get(key) ?? { faces: 0, area: 0 };
      g.faces++;
      g.area += face.area;
      groups.set(key, g);
      errors.push({ part: item.name, stepId: face.stepId, truth: TRUTH_CLASS_NAMES[t], predicted: p?.className ?? 'none', rule: `tier ${p?.tier ?? '-'}` });
      const s = face.surface;
      lines.push(`  #${face.stepId} ${s?.type ?? 'none'} area ${face.area.toFixed(1)}: ${key} p ${p?.probability.toFixed(2) ?? '-'}`);
    });
    counted += partCounted;
    right += partRight;
    console.log(`${item.name}: ${partRight}/${partCounted} right (answered by ${rec?.recognizer ?? 'nothing'})`);
    if (!summaryOnly) for (const l of lines) console.log(l);
  }
} finally {
  await analyzer.dispose();
  await tess.close();
}
console.log(`\n${right}/${counted} right (${((100 * right) / Math.max(1, counted)).toFixed(2)} %); wrong faces by truth → predicted (tier):`);
for (const [key, g] of [...groups].sort((a, b) => b[1].faces - a[1].faces)) console.log(`  ${String(g.faces).padStart(4)}  ${key}  (area ${g.area.toFixed(0)})`);
if (jsonPath !== undefined) writeFileSync(jsonPath, JSON.stringify({ errors }, null, 1));
if (predictedName !== undefined) {
  console.log(`\nfaces predicted ${predictedName}, by their true class:`);
  for (const [name, g] of [...truthOfPredicted].sort((a, b) => b[1].faces - a[1].faces)) {
    const parts = [...g.parts].sort((a, b) => b[1] - a[1]).map(([part, n]) => `${part} ${n}`).join(', ');
    console.log(`  ${String(g.faces).padStart(4)}  ${name}  (area ${g.area.toFixed(0)}; ${parts})`);
  }
}
