/**
 * Dev check for pure-speed changes: analyse the realworld parts and an even MFCAD `tune` sample and
 * write every result (minus timings) as one JSON line per part, so a dump made before a change can be
 * compared with one made after (`--compare before.jsonl`). Per-face classes, features, confidences,
 * solids, stage findings, quality and the Part's measures must be identical.
 *
 * Usage: npx tsx tools/speed/dump-results.ts --out after.jsonl [--mesh never|always] [--mfcad 200]
 *        [--no-realworld] [--realworld-split tune] [--wasm-tiering liftoff-only] [--match D31] [--occt-deadline-ms 600000]
 *        [--tier 1] [--rotate-mfcad 20261206] [--compare before.jsonl [--tolerance 1e-6]]
 * `--tier 1` forces one tier (the analyzer's `tier` option) instead of the default pipeline. `--tolerance`: a change
 * expected to move floating point in the last bits (e.g. reordered arithmetic) passes when every number is within the
 * tolerance (absolute) and everything else is identical; the largest difference is printed. `--rotate-mfcad <seed>`
 * turns each MFCAD part by a seeded random rotation first (`rotateStepText`), so Tier 1's stock alignment runs.
 * `--realworld-split tune` keeps only the realworld parts of that list in labels/realworld/split.json (the
 * development parts; the validation parts stay away from development runs).
 * @internal
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { evenSample } from '../eval/dataset-sampling.js';
import { mfcadSplit, mfcadDir } from '../eval/mfcad-split.js';
import { REALWORLD_DIR, REPO_DIR } from '../../test/support/shared-data.js';
import { rotateStepText } from '../eval/rotate-step.js';
import { mulberry32, randomRotation } from '../eval/seeded-rotation.js';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  // without this, `--help` ran the whole dump (every realworld part, the validation parts included)
  console.log(
    'Usage: npx tsx tools/speed/dump-results.ts --out after.jsonl [--mesh never|always] [--mfcad 200] [--no-realworld] [--realworld-split tune]\n' +
      '       [--wasm-tiering liftoff-only] [--match D31] [--occt-deadline-ms 600000] [--tier 1] [--rotate-mfcad SEED]\n' +
      '       [--compare before.jsonl [--tolerance 1e-6]]\n' +
      'Development runs: pass --realworld-split tune (without it every realworld part is analysed, the validation parts too).',
  );
  process.exit(0);
}
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = arg('--out') ?? 'dump.jsonl';
const mesh = (arg('--mesh') ?? 'never') as 'never' | 'always';
const mfcadCount = Number(arg('--mfcad') ?? 200);
const compare = arg('--compare');
const match = arg('--match') ?? '';
const realworldSplit = arg('--realworld-split');
const splitIds: string[] | null = realworldSplit
  ? (JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'split.json'), 'utf8')) as Record<string, string[]>)[realworldSplit] ?? []
  : null;

/** Timings and per-run figures are not results: drop keys that hold durations. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'timings' || k === 'triangles' || /Ms$/.test(k) || k === 'analyzedAt' || k === 'requestId' || k === 'durationMs') continue;
      o[k] = strip(v);
    }
    return o;
  }
  return value;
}

const rotateSeed = arg('--rotate-mfcad');
const random = rotateSeed === undefined ? null : mulberry32(Number(rotateSeed));
const files: { name: string; path: string; rotation?: number[] }[] = [];
if (!args.includes('--no-realworld')) {
  const dir = join(REALWORLD_DIR, 'parts');
  for (const f of readdirSync(dir).sort()) {
    if (!/\.(step|stp)$/i.test(f)) continue;
    if (splitIds && !splitIds.some((id) => f.startsWith(`${id}_`) || f.startsWith(`${id}.`))) continue;
    files.push({ name: `realworld/${f}`, path: join(dir, f) });
  }
}
if (mfcadCount > 0) {
  const dir = mfcadDir(REPO_DIR);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.step'))
    .map((f) => f.slice(0, -5))
    .sort()
    .filter((n) => mfcadSplit(n) === 'tune');
  for (const n of evenSample(names, mfcadCount))
    files.push({ name: `mfcad/${n}`, path: join(dir, `${n}.step`), ...(random ? { rotation: randomRotation(random) } : {}) });
}

// A long OpenCascade deadline: a loaded machine must not turn a comparison into a timeout.
const wasmTiering = (arg('--wasm-tiering') ?? 'v8-default') as 'v8-default' | 'liftoff-only';
const tier = arg('--tier') === undefined ? undefined : (Number(arg('--tier')) as 1 | 2 | 3 | 4);
const analyzer = createNodeAnalyzer({ mesh, tier, occt: { deadlineMs: Number(arg('--occt-deadline-ms') ?? 600_000), wasmTiering } });
const lines: string[] = [];
for (const f of files.filter((x) => x.name.includes(match))) {
  const { result, part } = f.rotation
    ? await analyzer.analyzeDetailed(new TextEncoder().encode(rotateStepText(readFileSync(f.path, 'latin1'), f.rotation).text), { name: f.name.slice(6) })
    : await analyzer.analyzeFileDetailed(f.path);
  const measures = part ? part.faces.map((face) => [face.surfaceType, face.area, face.centroid, face.bbox]) : null;
  lines.push(JSON.stringify({ name: f.name, result: strip(result), measures }));
}
await analyzer.dispose();
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} results to ${out}`);

/** Largest absolute difference of numbers at the same place (Infinity when anything else differs). */
function maxNumberDiff(a: unknown, b: unknown, path: string, worst: { diff: number; path: string }): void {
  const note = (diff: number) => {
    if (diff > worst.diff) Object.assign(worst, { diff, path });
  };
  if (typeof a === 'number' && typeof b === 'number') return note(Object.is(a, b) ? 0 : Math.abs(a - b) || Infinity);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return note(Infinity);
    a.forEach((x, i) => maxNumberDiff(x, b[i], `${path}[${i}]`, worst));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    if (ka.join() !== Object.keys(b).sort().join()) return note(Infinity);
    for (const k of ka) maxNumberDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, worst);
    return;
  }
  if (a !== b) note(Infinity);
}

if (compare) {
  const tolerance = Number(arg('--tolerance') ?? 0);
  const before = new Map<string, string>();
  for (const line of readFileSync(compare, 'utf8').split('\n').filter(Boolean)) before.set(JSON.parse(line).name, line);
  let same = 0;
  const close: string[] = [];
  const differ: string[] = [];
  const overall = { diff: 0, path: '' };
  for (const line of lines) {
    const name = JSON.parse(line).name as string;
    const b = before.get(name);
    if (b === line) same++;
    else if (b === undefined || tolerance <= 0) differ.push(name);
    else {
      const worst = { diff: 0, path: '' };
      maxNumberDiff(JSON.parse(b), JSON.parse(line), '', worst);
      (worst.diff <= tolerance ? close : differ).push(`${name} (max |Δ| ${worst.diff.toExponential(2)} at ${worst.path})`);
      if (worst.diff > overall.diff) Object.assign(overall, worst);
    }
  }
  const within = tolerance > 0 ? `, ${close.length} within ${tolerance}${close.length ? `: ${close.join(', ')}` : ''}` : '';
  console.log(`compare with ${compare}: ${same} identical${within}, ${differ.length} differ${differ.length ? `: ${differ.join(', ')}` : ''}`);
  if (tolerance > 0) console.log(`largest difference: ${overall.diff.toExponential(2)}${overall.path ? ` at ${overall.path}` : ''}`);
  if (differ.length) process.exitCode = 1;
}
