/**
 * Mesh healing time vs mesh size (triangles), as ratios to baselines measured in the same run.
 *
 * Series "sphere" (the scaling curve, 1k … ≥ 1M triangles): a UV sphere (tests' generator) turned
 * into an STL-like triangle soup (every triangle its own 3 vertices, jittered below the weld
 * tolerance) with seeded damage (≈0.05 % triangles dropped, 0.1 % flipped, 0.05 % duplicated). The
 * candidate is `healMesh(mesh)` with default options — weld, degenerate/duplicate removal, BVH
 * self-intersections, orientation, hole filling, non-manifold split, and the before/after findings
 * (which run the self-intersection search twice more). Baseline: one linear pass over the same
 * index buffer (sum of the indices), so `ratio` = heal / linear pass; a ratio that grows like log n
 * means n log n healing.
 *
 * Series "occt" (same part, real CAD): occt-import-js `ReadStepFile` of a real STEP part (threaded
 * screw, `../shared/datasets/realworld`) at decreasing angular deflection, then `healMesh` of exactly
 * the mesh occt produced (per-face vertex copies → welding work). `ratio` = heal / occt import.
 * Skipped with a reason when the shared dataset is absent. Kept to ≲ 60k triangles: occt itself
 * needs ~30 s for 170k triangles on the 2-core reference machine.
 *
 * Each measurement: warm-up runs, then median and minimum; memory = heap growth over the healing
 * call (retained + garbage not yet collected; run with --expose-gc for retained only) and peak RSS.
 *
 * Usage: npx tsx [--expose-gc] bench/healing.bench.ts [--json] [--max N] [--runs N] [--no-occt]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { healMesh } from '../src/stages/heal/index.js';
import type { PartMesh } from '../src/model/index.js';
import { damage, sphereWithTriangles, toPartMesh } from '../test/heal/mesh-generators.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const num = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const maxTriangles = num('--max', 1_100_000);
const baseRuns = num('--runs', 5);
const withOcct = !args.includes('--no-occt');
const gc = (globalThis as { gc?: () => void }).gc;

interface Stats {
  medianMs: number;
  minMs: number;
  runs: number;
}

function measure(fn: () => unknown, warmup: number, runs: number): Stats {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], runs };
}

/** Linear pass over the index buffer, repeated until ≥ 20 ms per sample for timer resolution. */
function linearPass(indices: Uint32Array): Stats {
  let sink = 0;
  const once = () => {
    let s = 0;
    for (let i = 0; i < indices.length; i++) s += indices[i];
    sink += s;
  };
  const t0 = performance.now();
  once();
  const single = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.ceil(20 / single));
  const s = measure(() => { for (let r = 0; r < reps; r++) once(); }, 2, 7);
  if (sink === -1) console.log(sink);
  return { medianMs: s.medianMs / reps, minMs: s.minMs / reps, runs: s.runs * reps };
}

function healStats(mesh: PartMesh, warmup: number, runs: number) {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let last: ReturnType<typeof healMesh> | undefined;
  const s = measure(() => { last = healMesh(mesh); }, warmup, runs);
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const r = last!.report;
  return {
    stats: s,
    heapGrowthMB: (heapAfter - heapBefore) / 1e6,
    rssMB: process.memoryUsage().rss / 1e6,
    fixes: r.totalFixes,
    watertight: r.after.watertight,
    consistentlyOriented: r.after.consistentlyOriented,
    selfIntersections: r.after.selfIntersectingPairs,
  };
}

interface Row {
  series: 'sphere' | 'occt';
  label: string;
  triangles: number;
  heal: Stats;
  baseline: Stats;
  baselineName: string;
  ratio: number;
  nsPerTriangle: number;
  heapGrowthMB: number;
  rssMB: number;
  fixes: number;
  healedWatertight: boolean;
  healedOriented: boolean;
  healedSelfIntersections: number | null;
}

const rows: Row[] = [];
const log = (s: string) => { if (!json) console.log(s); };
log(`healing bench — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), gc ${gc ? 'exposed' : 'not exposed'}`);

// ---- series: sphere --------------------------------------------------------------------------
const sizes = [1_000, 4_000, 16_000, 64_000, 256_000, 1_024_000, 2_048_000].filter((n) => n <= maxTriangles);
for (const target of sizes) {
  const clean = sphereWithTriangles(target);
  const n = clean.indices.length / 3;
  const damaged = damage(clean, {
    seed: 1,
    jitterMm: 0.0001 / 4,
    drop: Math.max(1, Math.round(n * 0.0005)),
    flip: Math.max(1, Math.round(n * 0.001)),
    duplicate: Math.max(1, Math.round(n * 0.0005)),
  });
  const mesh = toPartMesh(damaged);
  const warm = n <= 64_000 ? 2 : n <= 300_000 ? 1 : 0;
  const runs = n <= 64_000 ? baseRuns : n <= 300_000 ? 3 : 2;
  const h = healStats(mesh, warm, runs);
  const base = linearPass(mesh.indices);
  const tri = mesh.indices.length / 3;
  rows.push({
    series: 'sphere', label: `sphere ${tri}`, triangles: tri, heal: h.stats, baseline: base, baselineName: 'linear pass over indices',
    ratio: h.stats.medianMs / base.medianMs, nsPerTriangle: (h.stats.medianMs * 1e6) / tri, heapGrowthMB: h.heapGrowthMB, rssMB: h.rssMB,
    fixes: h.fixes, healedWatertight: h.watertight, healedOriented: h.consistentlyOriented, healedSelfIntersections: h.selfIntersections,
  });
  log(`sphere ${String(tri).padStart(9)} tris: heal median ${h.stats.medianMs.toFixed(1)} ms (min ${h.stats.minMs.toFixed(1)}), linear pass ${base.medianMs.toFixed(3)} ms, ratio ${(h.stats.medianMs / base.medianMs).toFixed(0)}, ${((h.stats.medianMs * 1e6) / tri).toFixed(0)} ns/tri, heap +${h.heapGrowthMB.toFixed(0)} MB, rss ${h.rssMB.toFixed(0)} MB, watertight ${h.watertight}`);
}

// ---- series: occt, same part ------------------------------------------------------------------
const stepPath = `${SHARED_DIR}/datasets/realworld/parts/D07__M6-1x12-countersunk-screw.step`; // CADLENS_SHARED_DIR, else ../shared
let occtNote = '';
if (!withOcct) occtNote = 'skipped (--no-occt)';
else if (!existsSync(stepPath)) occtNote = `skipped: ${stepPath} not found (../shared absent)`;
else {
  type OcctMesh = { attributes: { position: { array: ArrayLike<number> } }; index: { array: ArrayLike<number> } };
  type Occt = { ReadStepFile(b: Uint8Array, p: object): { success: boolean; meshes: OcctMesh[] } };
  const require = createRequire(import.meta.url);
  const occt = await (require('occt-import-js') as (o: object) => Promise<Occt>)({ print() {}, printErr() {} });
  const bytes = new Uint8Array(readFileSync(stepPath));
  for (const angular of [0.5, 0.25, 0.12, 0.07]) {
    const params = { linearUnit: 'millimeter', linearDeflectionType: 'bounding_box_ratio', linearDeflection: angular / 50, angularDeflection: angular };
    let result: ReturnType<Occt['ReadStepFile']> | undefined;
    const occtStats = measure(() => { result = occt.ReadStepFile(bytes, params); }, 1, angular >= 0.2 ? 3 : 2);
    if (!result?.success) { occtNote = `occt failed at angular ${angular}`; break; }
    // flatten exactly what occt produced
    let nv = 0, ni = 0;
    for (const m of result.meshes) { nv += m.attributes.position.array.length; ni += m.index.array.length; }
    const positions = new Float64Array(nv);
    const indices = new Uint32Array(ni);
    let pv = 0, pi = 0;
    for (const m of result.meshes) {
      positions.set(m.attributes.position.array, pv);
      const off = pv / 3;
      const idx = m.index.array;
      for (let i = 0; i < idx.length; i++) indices[pi + i] = idx[i] + off;
      pv += m.attributes.position.array.length;
      pi += idx.length;
    }
    const mesh: PartMesh = { positions, indices, normals: new Float32Array(0), triangleFace: new Int32Array(ni / 3).fill(-1) };
    const tri = ni / 3;
    const h = healStats(mesh, 1, tri <= 64_000 ? baseRuns : 3);
    rows.push({
      series: 'occt', label: `M6 screw, angular ${angular}`, triangles: tri, heal: h.stats, baseline: occtStats, baselineName: 'occt-import-js ReadStepFile',
      ratio: h.stats.medianMs / occtStats.medianMs, nsPerTriangle: (h.stats.medianMs * 1e6) / tri, heapGrowthMB: h.heapGrowthMB, rssMB: h.rssMB,
      fixes: h.fixes, healedWatertight: h.watertight, healedOriented: h.consistentlyOriented, healedSelfIntersections: h.selfIntersections,
    });
    log(`occt   ${String(tri).padStart(9)} tris: heal median ${h.stats.medianMs.toFixed(1)} ms (min ${h.stats.minMs.toFixed(1)}), occt import ${occtStats.medianMs.toFixed(0)} ms, ratio ${(h.stats.medianMs / occtStats.medianMs).toFixed(3)}, fixes ${h.fixes}, watertight ${h.watertight}`);
  }
}
if (occtNote) log(`occt series: ${occtNote}`);

// scaling: log–log slope of heal time vs triangles between successive sphere sizes
const sphere = rows.filter((r) => r.series === 'sphere');
const slopes = sphere.slice(1).map((r, i) => Math.log(r.heal.medianMs / sphere[i].heal.medianMs) / Math.log(r.triangles / sphere[i].triangles));
const overall = sphere.length >= 2 ? Math.log(sphere[sphere.length - 1].heal.medianMs / sphere[1].heal.medianMs) / Math.log(sphere[sphere.length - 1].triangles / sphere[1].triangles) : NaN;
log(`log-log slopes (1 = linear): ${slopes.map((s) => s.toFixed(2)).join(', ')}; overall from the 2nd size: ${overall.toFixed(2)}`);
if (json) console.log(JSON.stringify({ node: process.version, cpus: cpus().length, rows, slopes, overallSlope: overall, occtNote }, null, 2));
