/**
 * Diagnostic: per part, the STL path's per-triangle accuracy (and by triangle area, which does not depend on
 * how densely the tessellator covered a face) and its largest confusions (truth → predicted, with the Tier 2
 * rule that labelled the triangles), worst parts first.
 *   npx tsx tools/eval/stl-confusions.ts DIR [--limit N | --part NAME] [--top K]
 * DIR: generator output with `--stl` (NAME.stl, NAME.stl.labels.json).
 * @internal
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { triangleAreas } from './evaluate-item.js';
import { stlDiagnosticArgs } from './stl-part-names.js';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 4;
const { dir, names } = stlDiagnosticArgs(topAt >= 0 ? args.filter((_, i) => i !== topAt && i !== topAt + 1) : args);
const className = (c: number) => (c < 0 ? 'none' : (AAGNET_CLASS_NAMES[c] ?? 'other_feature'));
const rows: { name: string; n: number; right: number; area: number; rightArea: number; pairs: [string, number][] }[] = [];
const total = new Map<string, number>();
for (const name of names) {
  const { mesh } = readStl(new Uint8Array(readFileSync(join(dir, `${name}.stl`))));
  const lab = JSON.parse(readFileSync(join(dir, `${name}.stl.labels.json`), 'utf8')) as { triangleClass: number[] };
  const out = recognizeFeatures(createMeshPart(mesh, 'stl'));
  const rules = (out.details as unknown as HeuristicDetails).rules;
  const nt = mesh.indices.length / 3;
  const pred = new Int32Array(nt).fill(-1);
  const faceOfTri = new Int32Array(nt).fill(-1);
  for (const f of out.faces) for (const t of f.triangles ?? []) {
    pred[t] = f.classId;
    faceOfTri[t] = f.faceIndex;
  }
  const ruleOfFace = new Map<number, string>();
  out.features.forEach((feat, k) => feat.faces.forEach((f) => ruleOfFace.set(f, rules[k])));
  const pairs = new Map<string, number>();
  const areas = triangleAreas(mesh);
  let right = 0, area = 0, rightArea = 0;
  for (let t = 0; t < nt; t++) {
    area += areas[t];
    if (pred[t] === lab.triangleClass[t]) {
      right++;
      rightArea += areas[t];
      continue;
    }
    const key = `${className(lab.triangleClass[t])}→${className(pred[t])} [${ruleOfFace.get(faceOfTri[t]) ?? (pred[t] === 24 ? 'stock' : 'fallback')}]`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    total.set(key, (total.get(key) ?? 0) + 1);
  }
  rows.push({ name, n: nt, right, area, rightArea, pairs: [...pairs].sort((a, b) => b[1] - a[1]) });
}
rows.sort((a, b) => b.n - b.right - (a.n - a.right));
let n = 0, right = 0, area = 0, rightArea = 0;
for (const r of rows) {
  n += r.n;
  right += r.right;
  area += r.area;
  rightArea += r.rightArea;
  if (r.n === r.right) continue;
  console.log(`${r.name}  ${((100 * r.right) / r.n).toFixed(1)} % of ${r.n} (by area ${((100 * r.rightArea) / r.area).toFixed(1)} %), wrong ${r.n - r.right}: ${r.pairs.slice(0, top).map(([k, v]) => `${k} ${v}`).join('; ')}`);
}
console.log(`\nall: ${((100 * right) / n).toFixed(2)} % of ${n} triangles; by area ${((100 * rightArea) / area).toFixed(2)} %`);
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v}\t${k}`);
