/**
 * Dev check for pure-speed changes: analyse the realworld parts and an even MFCAD `tune` sample and
 * write every result (minus timings) as one JSON line per part, so a dump made before a change can be
 * compared with one made after (`--compare before.jsonl`). Per-face classes, features, confidences,
 * solids, stage findings, quality and the Part's measures must be identical.
 *
 * Usage: npx tsx tools/speed/dump-results.ts --out after.jsonl [--mesh never|always] [--mfcad 200]
 *        [--no-realworld] [--realworld-split tune] [--wasm-tiering liftoff-only] [--match D31] [--occt-deadline-ms 600000] [--compare before.jsonl]
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

const args = process.argv.slice(2);
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

const files: { name: string; path: string }[] = [];
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
  for (const n of evenSample(names, mfcadCount)) files.push({ name: `mfcad/${n}`, path: join(dir, `${n}.step`) });
}

// A long OpenCascade deadline: a loaded machine must not turn a comparison into a timeout.
const wasmTiering = (arg('--wasm-tiering') ?? 'v8-default') as 'v8-default' | 'liftoff-only';
const analyzer = createNodeAnalyzer({ mesh, occt: { deadlineMs: Number(arg('--occt-deadline-ms') ?? 600_000), wasmTiering } });
const lines: string[] = [];
for (const f of files.filter((x) => x.name.includes(match))) {
  const { result, part } = await analyzer.analyzeFileDetailed(f.path);
  const measures = part ? part.faces.map((face) => [face.surfaceType, face.area, face.centroid, face.bbox]) : null;
  lines.push(JSON.stringify({ name: f.name, result: strip(result), measures }));
}
await analyzer.dispose();
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} results to ${out}`);

if (compare) {
  const before = new Map<string, string>();
  for (const line of readFileSync(compare, 'utf8').split('\n').filter(Boolean)) before.set(JSON.parse(line).name, line);
  let same = 0;
  const differ: string[] = [];
  for (const line of lines) {
    const name = JSON.parse(line).name as string;
    const b = before.get(name);
    if (b === line) same++;
    else differ.push(name);
  }
  console.log(`compare with ${compare}: ${same} identical, ${differ.length} differ${differ.length ? `: ${differ.join(', ')}` : ''}`);
  if (differ.length) process.exitCode = 1;
}
