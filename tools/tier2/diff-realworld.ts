/**
 * Tier 2's wrong faces on labelled real parts, face by face: which rule labelled each face, the face's
 * surface, its truth and what Tier 2 answered (after the composite-hole pass, as the evaluator scores it).
 * A development aid for the rules; the evaluator (`npm run eval`) gives the aggregate numbers.
 *
 *   npx tsx tools/tier2/diff-realworld.ts D16 D12            # wrong faces of these parts
 *   npx tsx tools/tier2/diff-realworld.ts --split tune --all  # every face, every tune part
 *   npx tsx tools/tier2/diff-realworld.ts --labels labels/occt-samples --dir .cache/occt-samples --split tune
 *
 * Use it on the `tune` files only (labels/realworld/split.json): the validation files are for the final measurement.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStep } from '../../src/formats/step/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { groupCompositeHoles } from '../../src/stages/recognize/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { bindRealworldTruth, readRealworldLabels } from '../eval/readers/realworld-reader.js';
import { createEvalTessellator, tessellateForRecognition } from '../eval/tier2-data.js';
import { readRealworldSplit } from '../eval/realworld-split.js';
import { NOT_COUNTED, TRUTH_CLASS_NAMES } from '../eval/part-truth.js';

const args = process.argv.slice(2);
const all = args.includes('--all');
const valueOf = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const splitAt = args.indexOf('--split');
const repo = join(import.meta.dirname, '../..');
// Any labelled set (OpenCascade, CAx-IF, FreeCAD samples): its labels folder and the folder its files are in.
const labelsDir = valueOf('--labels') ?? join(repo, 'labels/realworld');
const partsDir = valueOf('--dir') ?? (process.env.CADLENS_SHARED_DIR ? join(process.env.CADLENS_SHARED_DIR, 'datasets/realworld/parts') : join(repo, '../shared/datasets/realworld/parts'));
const flagValues = new Set(['--split', '--labels', '--dir'].map((f) => args.indexOf(f) + 1).filter((i) => i > 0));
let names = args.filter((a, i) => !a.startsWith('--') && !flagValues.has(i));
if (splitAt >= 0) {
  const { portionOf } = readRealworldSplit(labelsDir);
  names = [...names, ...[...portionOf].filter(([, p]) => p === args[splitAt + 1]).map(([n]) => n).sort()];
}

const tess = createEvalTessellator();
try {
  for (const name of names) {
    const labels = readRealworldLabels(join(labelsDir, `${name}.json`));
    const bytes = new Uint8Array(readFileSync(join(partsDir, labels.file)));
    let part = buildPartFromStep(readStep(bytes));
    const truth = bindRealworldTruth(part, bytes, labels, name);
    part = await tessellateForRecognition(part, bytes, tess);
    const raw = recognizeFeatures(part);
    const out = groupCompositeHoles(part, raw);
    const rules = (raw.details as { rules: string[] }).rules;
    const ruleOf = new Map<number, string>();
    raw.features.forEach((f, k) => f.faces.forEach((fi) => ruleOf.set(fi, rules[k])));
    const featureOf = new Map<number, string>();
    out.features.forEach((f, k) => f.faces.forEach((fi) => featureOf.set(fi, `${k}:${f.type}`)));
    const predicted = new Map(out.faces.map((f) => [f.faceIndex, f]));
    let counted = 0, right = 0;
    const lines: string[] = [];
    part.faces.forEach((face, i) => {
      const t = truth.faceClass[i];
      if (t === NOT_COUNTED) return;
      const p = predicted.get(i);
      const ok = p?.classId === t;
      if (t !== 25) {
        counted++;
        if (ok) right++;
      }
      if (ok && !all) return;
      const s = face.surface;
      const geo = s ? `${s.type}${'radius' in s ? ` r${(s.radius as number).toFixed(3)}` : ''}` : 'none';
      lines.push(`  #${face.stepId} ${geo} area ${face.area.toFixed(2)}: truth ${TRUTH_CLASS_NAMES[t]} (inst ${truth.instances?.[truth.faceInstance[i]]?.id ?? '-'}) → ${p?.className ?? 'none'} [${ruleOf.get(i) ?? '-'}] ${featureOf.get(i) ?? ''}`);
    });
    console.log(`${name}: ${right}/${counted} right`);
    for (const l of lines) console.log(l);
  }
} finally {
  await tess.close();
}
