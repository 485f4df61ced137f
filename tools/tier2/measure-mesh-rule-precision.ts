/**
 * Measures the precision of each Tier 2 rule on segmented meshes — the share of the triangles its faces hold whose
 * class is right — on generated STL parts, and writes the table the STL path takes its face probabilities from
 * (`src/stages/recognize/tier2-mesh/mesh-rule-precision.ts`, applied by `mesh-face-probability.ts`), plus the counts
 * as JSON. Keys as `details.faceRules` gives them: the rule, `hole-stack`, `stock` or `fallback`; a (key, class) pair
 * and a key get an entry when they labelled at least `MIN_FACES` faces. Precision is the share of the key's triangles
 * that are right (the STL path is scored per triangle), Laplace-smoothed over its faces (the triangles of one face are
 * right or wrong together, so faces, not triangles, are the sample): (faces × share + 1) / (faces + 2).
 *
 * ```sh
 * npm run generate -- --seed 201 --count 100 --out /work/gen/stl-s201 --motion --stl   # a seed of its own
 * npx tsx tools/tier2/measure-mesh-rule-precision.ts --dir /work/gen/stl-s201 [--limit N] [--dry-run]
 * npx tsx tools/tier2/measure-mesh-rule-precision.ts --counts tools/tier2/results/mesh-rule-precision.json  # rewrite the table from saved counts
 * ```
 * Never run it on the validation seed (1) or on the STL dev set it is judged on (seed 101): the numbers it writes
 * are what the STL path reports as probabilities.
 * @internal
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { createMeshPart, readStl } from '../../src/formats/mesh/index.js';
import { recognizeFeatures, type HeuristicDetails } from '../../src/stages/recognize/tier2-heuristics/heuristic-recognizer.js';
import { keyClassName } from '../../src/stages/recognize/tier2-mesh/mesh-face-probability.js';
import { evenSample } from '../eval/dataset-sampling.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Faces a key (or key and class) needs for an entry. */
export const MIN_FACES = 10;

interface Count { faces: number; triangles: number; right: number }

/** Per-key counts of one STL part (`NAME.stl`, `NAME.stl.labels.json`). */
export function countMeshPart(stl: Uint8Array, triangleClass: readonly number[], counts: Map<string, Count>): void {
  const { mesh } = readStl(stl);
  const out = recognizeFeatures(createMeshPart(mesh, 'stl'));
  const rules = (out.details as unknown as HeuristicDetails).faceRules;
  if (!rules) throw new Error('no faceRules in the mesh answer');
  for (const f of out.faces) {
    const tris = (f.triangles ?? []) as readonly number[];
    let right = 0;
    for (const t of tris) if (triangleClass[t] === f.classId) right++;
    for (const key of [`${rules[f.faceIndex]}|${keyClassName(f.classId)}`, rules[f.faceIndex]]) {
      const c = counts.get(key) ?? { faces: 0, triangles: 0, right: 0 };
      c.faces++;
      c.triangles += tris.length;
      c.right += right;
      counts.set(key, c);
    }
  }
}

/** The table: keys seen on at least {@link MIN_FACES} faces, precision (faces × right / triangles + 1) / (faces + 2), 3 decimals. */
export function precisionTable(counts: ReadonlyMap<string, Count>): Record<string, number> {
  const table: Record<string, number> = {};
  const keys = [...counts.keys()].sort((a, b) => Number(a.includes('|')) - Number(b.includes('|')) || a.localeCompare(b));
  for (const k of keys) {
    const c = counts.get(k)!;
    const share = c.triangles > 0 ? c.right / c.triangles : 0;
    if (c.faces >= MIN_FACES) table[k] = Math.round(((c.faces * share + 1) / (c.faces + 2)) * 1000) / 1000;
  }
  return table;
}

function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, limit: { type: 'string' }, counts: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  let dir: string, parts: number, commit: string, date: string;
  const counts = new Map<string, Count>();
  if (values.counts) {
    // the table again from saved counts (no recognition run)
    const saved = JSON.parse(readFileSync(values.counts, 'utf8')) as { dir: string; parts: number; commit: string; date: string; counts: Record<string, Count> };
    ({ dir, parts, commit, date } = saved);
    for (const [k, c] of Object.entries(saved.counts)) counts.set(k, c);
  } else {
    if (!values.dir) throw new Error('--dir D (generator output with --stl) is required');
    dir = values.dir;
    const all = readdirSync(dir).filter((f) => f.endsWith('.stl')).map((f) => f.slice(0, -4)).sort();
    if (all.some((n) => /^syn_s(1|101)_/.test(n))) throw new Error('seed 1 is validation and seed 101 the STL dev set: measure on a seed of its own');
    const names = values.limit ? evenSample(all, Number(values.limit)) : all;
    for (const name of names) {
      const lab = JSON.parse(readFileSync(join(dir, `${name}.stl.labels.json`), 'utf8')) as { triangleClass: number[] };
      countMeshPart(new Uint8Array(readFileSync(join(dir, `${name}.stl`))), lab.triangleClass, counts);
    }
    parts = names.length;
    commit = execSync('git rev-parse --short HEAD', { cwd: REPO, encoding: 'utf8' }).trim();
    date = new Date().toISOString().slice(0, 10);
  }
  const table = precisionTable(counts);
  const report = { dir, parts, commit, date, minFaces: MIN_FACES, counts: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))), table };
  if (values['dry-run']) {
    console.log(JSON.stringify(report, null, 1));
    return;
  }
  mkdirSync(join(REPO, 'tools', 'tier2', 'results'), { recursive: true });
  writeFileSync(join(REPO, 'tools', 'tier2', 'results', 'mesh-rule-precision.json'), JSON.stringify(report, null, 1) + '\n');
  const lines = Object.entries(table).map(([k, v]) => `  ${JSON.stringify(k)}: ${v},`);
  writeFileSync(
    join(REPO, 'src', 'stages', 'recognize', 'tier2-mesh', 'mesh-rule-precision.ts'),
    `/**
 * Precision of each Tier 2 rule on segmented meshes (the STL path), per triangle: key \`rule\` (or \`hole-stack\`,
 * \`stock\`, \`fallback\`) and \`rule|class\`, each seen on at least ${MIN_FACES} faces: the share of its triangles that are
 * right, Laplace-smoothed over its faces, (faces × share + 1) / (faces + 2).
 * Written by \`tools/tier2/measure-mesh-rule-precision.ts\` — do not edit by hand; rerun it after changing a rule or
 * the segmentation. Measured on ${parts} generated STL parts (${dir}), commit ${commit}, ${date}.
 * Counts: \`tools/tier2/results/mesh-rule-precision.json\`.
 * @internal
 */
export const MESH_RULE_PRECISION: Readonly<Record<string, number>> = Object.freeze({
${lines.join('\n')}
});
`,
  );
  console.log(`${parts} parts, ${Object.keys(table).length} entries written`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
