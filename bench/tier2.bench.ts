/**
 * Tier 2 (AAG heuristics) cost per part next to the bare occt-import-js import of the same part,
 * measured in the same run.
 *
 * Per file (MFCAD parts, hand-made fixtures, real-world parts):
 * - baseline "occt": occt-import-js `ReadStepFile(bytes, null)` in this thread;
 * - candidate "tier2 (B-Rep)": `canRecognize` + `recognize` of the heuristic recognizer on the Part
 *   (cadlens reader + builder + attached tessellation are prepared once, outside the timing);
 * - candidate "tier2 (mesh)": the same recognizer on the part's mesh exported as STL by our writer and
 *   read back (segmentation + fitting + rules), preparation outside the timing.
 * Ratio = candidate median / occt median. Warm-up, then median and minimum; heap after.
 *
 * Usage: npx tsx bench/tier2.bench.ts [--json] [--runs N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStep } from '../src/formats/step/index.js';
import { buildPartFromStep } from '../src/brep/index.js';
import { attachTessellation, type OcctImportResult } from '../src/tessellation/index.js';
import { createOcctWorkerTessellator } from '../src/runtime/node/occt-worker-tessellator.js';
import { createMeshPart, readMeshInput, writeBinaryStl } from '../src/formats/mesh/index.js';
import { createHeuristicRecognizer, type RecognizeContext } from '../src/stages/recognize/index.js';
import type { Part } from '../src/model/index.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
const repo = fileURLToPath(new URL('..', import.meta.url));
const shared = SHARED_DIR; // CADLENS_SHARED_DIR, else ../shared

const FILES: [string, string][] = [
  ['fixture plate-hole-pocket', join(repo, 'examples/parts/plate-hole-pocket.step')],
  ['fixture block-pocket', join(repo, 'test/fixtures/step/block-pocket.step')],
  ['MFCAD 1-1-1-1-1-23', join(repo, '.cache/mfcad/1-1-1-1-1-23.step')],
  ['MFCAD 10-12-13-14-1', join(repo, '.cache/mfcad/10-12-13-14-1.step')],
  ['partA', join(shared, 'models/aagnet/partA.step')],
  ['D01 featuretype', join(shared, 'datasets/realworld/parts/D01__featuretype.STEP')],
  ['D13 NIST CTC 01', join(shared, 'datasets/realworld/parts/D13__nist_ctc_01_asme1_rd.stp')],
  ['D26 Base SO101', join(shared, 'datasets/realworld/parts/D26__Base_SO101.step')],
];

interface Stats {
  medianMs: number;
  minMs: number;
}
async function measure(fn: () => unknown, warmup: number, n: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0] };
}

type Occt = { ReadStepFile(bytes: Uint8Array, params: null): { success: boolean } };
const require = createRequire(import.meta.url);
const occt = await (require('occt-import-js') as (o: object) => Promise<Occt>)({ print() {}, printErr() {} });
const tessellator = createOcctWorkerTessellator();
const tier2 = createHeuristicRecognizer();
const noop = () => undefined;
const ctx = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });

async function prepare(bytes: Uint8Array): Promise<{ brep: Part; mesh: Part }> {
  const result: OcctImportResult = await tessellator.tessellate(bytes, 'step');
  const brep = attachTessellation(buildPartFromStep(readStep(bytes)), result);
  const read = readMeshInput(writeBinaryStl(brep.mesh), { format: 'stl' });
  if (read.kind !== 'mesh') throw new Error('expected a mesh');
  return { brep, mesh: createMeshPart(read.mesh, 'stl') };
}

const rows: Record<string, unknown>[] = [];
for (const [label, path] of FILES) {
  if (!existsSync(path)) {
    if (!json) console.log(`skip ${label}: ${path} not found`);
    continue;
  }
  const bytes = new Uint8Array(readFileSync(path));
  const { brep, mesh } = await prepare(bytes);
  const base = await measure(() => occt.ReadStepFile(bytes, null), 1, runs);
  const onBrep = await measure(async () => {
    const c = ctx();
    if ((await tier2.canRecognize(brep, c)).ok) await tier2.recognize(brep, c);
  }, 2, runs);
  const onMesh = await measure(async () => {
    const c = ctx();
    if ((await tier2.canRecognize(mesh, c)).ok) await tier2.recognize(mesh, c);
  }, 1, runs);
  const row = {
    part: label,
    faces: brep.faces.length,
    triangles: brep.mesh.indices.length / 3,
    occtMedianMs: +base.medianMs.toFixed(2),
    tier2BrepMedianMs: +onBrep.medianMs.toFixed(2),
    tier2BrepMinMs: +onBrep.minMs.toFixed(2),
    tier2MeshMedianMs: +onMesh.medianMs.toFixed(2),
    tier2MeshMinMs: +onMesh.minMs.toFixed(2),
    brepRatio: +(onBrep.medianMs / base.medianMs).toFixed(4),
    meshRatio: +(onMesh.medianMs / base.medianMs).toFixed(4),
  };
  rows.push(row);
  if (!json)
    console.log(
      `${label.padEnd(28)} faces ${String(row.faces).padStart(4)} tris ${String(row.triangles).padStart(6)} | occt ${row.occtMedianMs} ms | tier2 B-Rep ${row.tier2BrepMedianMs} ms (×${row.brepRatio}) | tier2 mesh ${row.tier2MeshMedianMs} ms (×${row.meshRatio})`,
    );
}
await tessellator.close();
const env = { node: process.version, cpus: cpus().length, loadavg1: +loadavg()[0].toFixed(2), runs, heapUsedMb: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1) };
if (json) console.log(JSON.stringify({ env, rows }, null, 1));
else console.log(`env: ${JSON.stringify(env)}`);
