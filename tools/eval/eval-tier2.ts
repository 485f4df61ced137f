/**
 * Tier 2 accuracy on MFCAD (../shared/datasets/mfcad, extracted to .cache/mfcad).
 *
 *   npm run eval:tier2 -- [--split validation|tune] [--limit N] [--mesh-limit M] [--out path]
 *
 * B-Rep path: STEP → buildPartFromStep → Tier 2, every part of the split (no tessellation needed:
 * planar face measures come from the loops). Mesh path: the first M parts of the split (evenly spread)
 * → occt tessellation → binary STL written by our own `writeBinaryStl` → `readStl` → mesh-only Part →
 * segmentation → Tier 2; accuracy per triangle (truth = the B-Rep face the triangle came from) and per
 * B-Rep face (majority of its triangles' predictions).
 * Labels: the face_truth ids as they are in the data (`MFCAD_FACE_TRUTH_CLASS_NAMES` in src/inference/aagnet-classes.ts), predictions mapped from the
 * 25-class vocabulary; a prediction MFCAD does not have counts as wrong.
 * @internal
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStep } from '../../src/formats/step/step-reader.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStl, writeBinaryStl, createMeshPart } from '../../src/formats/mesh/index.js';
import { recognizeFeatures } from '../../src/stages/recognize/tier2-heuristics/index.js';
import { createEvalTessellator, labelsOfPart, loadStepPart, mfcadSplit, parseFaceTruth } from './tier2-data.js';
import { AAGNET_TO_MFCAD_FACE_TRUTH, MFCAD_FACE_TRUTH_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Tally {
  correct: number;
  total: number;
  perClass: { correct: number; total: number }[];
  confusion: number[][];
}
const tally = (): Tally => ({ correct: 0, total: 0, perClass: Array.from({ length: 16 }, () => ({ correct: 0, total: 0 })), confusion: Array.from({ length: 16 }, () => new Array(17).fill(0)) });
function add(t: Tally, label: number, predicted25: number, weight = 1): void {
  if (label < 0 || label > 15) return;
  const p = AAGNET_TO_MFCAD_FACE_TRUTH[predicted25] ?? -1;
  t.total += weight;
  t.perClass[label].total += weight;
  t.confusion[label][p < 0 ? 16 : p] += weight;
  if (p === label) {
    t.correct += weight;
    t.perClass[label].correct += weight;
  }
}
const summary = (t: Tally) => ({
  accuracy: t.total ? t.correct / t.total : null,
  count: t.total,
  recall: Object.fromEntries(t.perClass.map((c, i) => [MFCAD_FACE_TRUTH_CLASS_NAMES[i], { recall: c.total ? c.correct / c.total : null, count: c.total }])),
  confusion: t.confusion,
});

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (k: string, d: string) => {
    const i = args.indexOf(`--${k}`);
    return i >= 0 ? args[i + 1] : d;
  };
  const split = opt('split', 'validation') as 'validation' | 'tune';
  const limit = Number(opt('limit', 'Infinity'));
  const meshLimit = Number(opt('mesh-limit', '300'));
  const out = opt('out', join(REPO, 'tools/eval/results', `tier2-mfcad-${split}.json`));
  const dir = join(REPO, '.cache', 'mfcad');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: extract ../shared/datasets/mfcad/*.tar.xz there first`);
  const all = readdirSync(dir).filter((f) => f.endsWith('.step')).map((f) => f.slice(0, -5)).sort();
  let names = all.filter((n) => mfcadSplit(n) === split);
  if (names.length > limit) names = names.filter((_, i) => i % Math.ceil(names.length / limit) === 0);

  const brep = tally();
  let brepFailures = 0;
  const t0 = performance.now();
  for (const name of names) {
    try {
      const part = buildPartFromStep(readStep(new Uint8Array(readFileSync(join(dir, `${name}.step`)))));
      const labels = labelsOfPart(part, parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`)))));
      const r = recognizeFeatures(part);
      for (const f of r.faces) add(brep, labels[f.faceIndex], f.classId);
    } catch {
      brepFailures++;
    }
  }
  const brepMs = performance.now() - t0;

  const meshNames = names.filter((_, i) => i % Math.max(1, Math.floor(names.length / meshLimit)) === 0).slice(0, meshLimit);
  const tri = tally(), meshFace = tally();
  let meshFailures = 0;
  const tess = createEvalTessellator();
  const t1 = performance.now();
  for (const name of meshNames) {
    try {
      const bytes = new Uint8Array(readFileSync(join(dir, `${name}.step`)));
      const part = await loadStepPart(bytes, tess);
      const labels = labelsOfPart(part, parseFaceTruth(new Uint8Array(readFileSync(join(dir, `${name}.face_truth`)))));
      const stl = writeBinaryStl(part.mesh);
      const read = readStl(stl);
      if (read.mesh.indices.length !== part.mesh.indices.length) throw new Error('STL round trip changed the triangle count');
      const r = recognizeFeatures(createMeshPart(read.mesh, 'stl'));
      const predictedTri = new Int32Array(part.mesh.indices.length / 3).fill(24);
      for (const f of r.faces) for (const t of f.triangles ?? []) predictedTri[t] = f.classId;
      const votes = new Map<number, Map<number, number>>();
      for (let t = 0; t < predictedTri.length; t++) {
        const face = part.mesh.triangleFace[t];
        if (face < 0) continue;
        add(tri, labels[face], predictedTri[t]);
        const v = votes.get(face) ?? new Map<number, number>();
        v.set(predictedTri[t], (v.get(predictedTri[t]) ?? 0) + 1);
        votes.set(face, v);
      }
      for (const [face, v] of votes) add(meshFace, labels[face], [...v.entries()].sort((a, b) => b[1] - a[1])[0][0]);
    } catch {
      meshFailures++;
    }
  }
  const meshMs = performance.now() - t1;
  await tess.close();
  const result = {
    dataset: 'MFCAD (../shared/datasets/mfcad, 13,214 train/val parts)',
    split: { portion: split, rule: 'FNV-1a 32-bit hash of the part name, % 10 < 7 → tune, else validation', parts: names.length, meshParts: meshNames.length },
    brep: { ...summary(brep), failures: brepFailures, msPerPart: brepMs / Math.max(1, names.length) },
    meshPerTriangle: { ...summary(tri), failures: meshFailures, msPerPart: meshMs / Math.max(1, meshNames.length) },
    meshPerFace: summary(meshFace),
    labelOrder: MFCAD_FACE_TRUTH_CLASS_NAMES,
    date: new Date().toISOString(),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  const pct = (x: number | null) => (x === null ? '   -  ' : `${(100 * x).toFixed(1)}%`.padStart(6));
  process.stdout.write(`split ${split}: ${names.length} parts (B-Rep), ${meshNames.length} parts (mesh)\n`);
  process.stdout.write(`B-Rep per-face ${pct(result.brep.accuracy)}  mesh per-triangle ${pct(result.meshPerTriangle.accuracy)}  mesh per-face ${pct(result.meshPerFace.accuracy)}\n`);
  for (let i = 0; i < 16; i++) {
    const n = MFCAD_FACE_TRUTH_CLASS_NAMES[i];
    process.stdout.write(`${n.padEnd(26)} ${pct(result.brep.recall[n].recall)} ${pct(result.meshPerTriangle.recall[n].recall)} ${pct(result.meshPerFace.recall[n].recall)}  (${result.brep.recall[n].count} faces)\n`);
  }
  process.stdout.write(`failures: B-Rep ${brepFailures}, mesh ${meshFailures}; wrote ${out}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
