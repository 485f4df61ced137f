/**
 * AAGNet inference time vs graph size in Node (onnxruntime-node, CPU).
 *
 * For N = 10, 30, 100, 300, 1000 faces (E ≈ 6N directed edges, random graphs, fixed seeds) it
 * measures, in the same run:
 * - the candidate: `engine.run()` of cadlens' Node engine (validation + onnxruntime session run);
 * - baseline 1: the same engine on N = 10 (ratio = how time grows with graph size);
 * - baseline 2: a plain JavaScript float32 matrix product with the model's multiply-add count at
 *   that N (ratio < 1 = onnxruntime beats naive JS at equal arithmetic).
 * Each: warm-up runs, then median and minimum; RSS after the size's runs.
 *
 * With `--compare MODEL.onnx` (e.g. a previous export: `git show 6b7d166:models/aagnet-mfinstseg.onnx >
 * .tmp/aagnet-mfinstseg-old.onnx`) a third baseline: that model in a second engine, timed in the same loop
 * (runs alternate between the two engines, so load changes hit both), on the random graphs and on star
 * graphs (one face adjacent to all others: the largest in-degree a part can have); ratio < 1 = the
 * bundled model is faster.
 *
 * Usage: npx tsx bench/inference.bench.ts [--json] [--threads N] [--runs N] [--compare MODEL.onnx]
 *   --threads: onnxruntime intraOpNumThreads (default 1; 0 = onnxruntime's default).
 * Target (issue 4): ≤ 10 ms for N = 100 on CPU.
 */
import { createOnnxNodeEngine } from '../src/runtime/node/onnx-engine.js';
import type { AagnetInputs } from '../src/inference/index.js';
import { randomAagnetGraph } from '../test/inference/random-graph.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const argValue = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const threads = argValue('--threads', 1);
const minRuns = argValue('--runs', 15);
const sizes = [10, 30, 100, 300, 1000];
const compareIdx = args.indexOf('--compare');
const comparePath = compareIdx >= 0 ? args[compareIdx + 1] : undefined;

/** Multiply-adds of one forward pass (convs, linears, the N×N instance product). */
export function aagnetMacs(n: number, e: number): number {
  const grid = 25 * (7 * 16 * 9 + 16 * 32 * 9 + 32 * 64 * 9);
  const perLayerNode = 2 * 128 * 128 + 384 * 128 + 128 * 256 + 256 * 128;
  const perLayerEdge = 64 * 128;
  const heads = 3 * (256 * 64) + 64 * 25 + 2 * 64 * 64 + 64;
  return n * (grid + 10 * 64 + 3 * perLayerNode + heads) + e * (12 * 64 + 3 * perLayerEdge) + n * n * 64 + 128 * 128;
}

interface Stats {
  medianMs: number;
  minMs: number;
  runs: number;
}

async function measure(fn: () => Promise<unknown> | unknown, warmup: number, runs: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  const deadline = performance.now() + 3000;
  while (t.length < runs || (t.length < 5 * runs && performance.now() < deadline && t.length < 200)) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
    if (t.length >= runs && performance.now() > deadline) break;
  }
  t.sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], runs: t.length };
}

/** Naive float32 GEMM C[m×128] = A[m×128]·B[128×128], m chosen so m·128·128 ≈ macs. */
function createMatmul(macs: number): () => void {
  const k = 128;
  const m = Math.max(1, Math.round(macs / (k * k)));
  const a = new Float32Array(m * k).map((_, i) => (i % 7) * 0.1);
  const b = new Float32Array(k * k).map((_, i) => (i % 5) * 0.1);
  const c = new Float32Array(m * k);
  return () => {
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      for (let j = 0; j < k; j++) c[ai + j] = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        const bp = p * k;
        for (let j = 0; j < k; j++) c[ai + j] += av * b[bp + j];
      }
    }
  };
}

const engine = await createOnnxNodeEngine({
  // 0 = onnxruntime's own default (intraOpNumThreads 0 = one thread per physical core).
  sessionOptions: { intraOpNumThreads: threads },
  maxFaces: 1000,
  maxEdges: 12_000,
});
const graphs = new Map<number, AagnetInputs>(sizes.map((n) => [n, randomAagnetGraph(n, 6, 1000 + n)]));
const base10 = await measure(() => engine.run(graphs.get(10)!), 10, minRuns);

const rows = [];
for (const n of sizes) {
  const g = graphs.get(n)!;
  const ort = await measure(() => engine.run(g), n >= 300 ? 3 : 10, n >= 300 ? Math.max(5, Math.floor(minRuns / 2)) : minRuns);
  const macs = aagnetMacs(n, g.edgeCount);
  const js = await measure(createMatmul(macs), 1, n >= 300 ? 3 : 7);
  rows.push({
    faces: n,
    edges: g.edgeCount,
    mmacs: +(macs / 1e6).toFixed(1),
    medianMs: +ort.medianMs.toFixed(3),
    minMs: +ort.minMs.toFixed(3),
    runs: ort.runs,
    ratioVsN10: +(ort.medianMs / base10.medianMs).toFixed(2),
    jsMatmulMedianMs: +js.medianMs.toFixed(3),
    ratioVsJsMatmul: +(ort.medianMs / js.medianMs).toFixed(3),
    rssMiB: +(process.memoryUsage().rss / 2 ** 20).toFixed(0),
  });
}

/** A star graph: face 0 adjacent to every other face (in-degree N − 1), the random graphs' attributes. */
function starGraph(n: number): AagnetInputs {
  const base = randomAagnetGraph(n, 2, 7000 + n);
  const e = 2 * (n - 1);
  const g = { ...base, edgeCount: e, edgeIndex: new BigInt64Array(2 * e), edgeAttr: base.edgeAttr.slice(0, e * 12) };
  for (let i = 0; i < n - 1; i++) {
    g.edgeIndex[2 * i] = 0n;
    g.edgeIndex[e + 2 * i] = BigInt(i + 1);
    g.edgeIndex[2 * i + 1] = BigInt(i + 1);
    g.edgeIndex[e + 2 * i + 1] = 0n;
  }
  return g;
}

/** Both engines on the same graph, alternating run by run; median and minimum of each. */
async function measurePair(a: () => Promise<unknown>, b: () => Promise<unknown>, warmup: number, runs: number) {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, t] of i % 2 ? ([[a, ta], [b, tb]] as const) : ([[b, tb], [a, ta]] as const)) {
      const t0 = performance.now();
      await fn();
      t.push(performance.now() - t0);
    }
  }
  const med = (t: number[]) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)]!;
  return { aMedianMs: med(ta), bMedianMs: med(tb), aMinMs: Math.min(...ta), bMinMs: Math.min(...tb), runs };
}

const compareRows: { graph: string; faces: number; edges: number; medianMs: number; compareMedianMs: number; ratio: number; minRatio: number }[] = [];
if (comparePath) {
  const other = await createOnnxNodeEngine({
    modelPath: comparePath,
    sessionOptions: { intraOpNumThreads: threads },
    maxFaces: 1000,
    maxEdges: 12_000,
  });
  const cases: [string, AagnetInputs][] = [
    ...sizes.map((n) => [`random ${n}`, graphs.get(n)!] as [string, AagnetInputs]),
    ...[100, 300, 1000].map((n) => [`star ${n}`, starGraph(n)] as [string, AagnetInputs]),
  ];
  for (const [name, g] of cases) {
    const big = g.faceCount >= 300;
    // The previous export needs ≈ 1.5 GB and seconds per run on the 1000-face star: few runs there.
    const runs = name === 'star 1000' ? 3 : big ? Math.max(5, Math.floor(minRuns / 2)) : minRuns;
    const r = await measurePair(() => engine.run(g), () => other.run(g), name === 'star 1000' ? 1 : big ? 2 : 5, runs);
    compareRows.push({
      graph: name,
      faces: g.faceCount,
      edges: g.edgeCount,
      medianMs: +r.aMedianMs.toFixed(3),
      compareMedianMs: +r.bMedianMs.toFixed(3),
      ratio: +(r.aMedianMs / r.bMedianMs).toFixed(3),
      minRatio: +(r.aMinMs / r.bMinMs).toFixed(3),
    });
  }
  await other.dispose();
}
await engine.dispose();

const report = {
  bench: 'inference',
  engine: engine.id,
  provider: engine.provider,
  intraOpNumThreads: threads > 0 ? threads : 'onnxruntime default',
  node: process.version,
  baselineN10MedianMs: +base10.medianMs.toFixed(3),
  targetMsAtN100: 10,
  rows,
  ...(comparePath ? { compareModel: comparePath, compareRows } : {}),
};
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  const line = (cells: (string | number)[]) => cells.map((c) => String(c).padStart(12)).join('');
  process.stdout.write(
    `AAGNet inference, ${report.engine}, provider ${report.provider}, threads ${report.intraOpNumThreads}, Node ${report.node}\n`,
  );
  process.stdout.write(
    line(['faces', 'edges', 'MMAC', 'median ms', 'min ms', 'x N=10', 'JS mm ms', 'ort/JSmm', 'RSS MiB']) + '\n',
  );
  for (const r of rows)
    process.stdout.write(
      line([r.faces, r.edges, r.mmacs, r.medianMs, r.minMs, r.ratioVsN10, r.jsMatmulMedianMs, r.ratioVsJsMatmul, r.rssMiB]) +
        '\n',
    );
  const r100 = rows.find((r) => r.faces === 100)!;
  process.stdout.write(`N=100 median ${r100.medianMs} ms (target ≤ ${report.targetMsAtN100} ms)\n`);
  if (comparePath) {
    process.stdout.write(`\nbundled model vs ${comparePath}, runs alternating (ratio = bundled / compared, median; min ratio = of the minima)\n`);
    process.stdout.write(line(['graph', 'faces', 'edges', 'bundled ms', 'compared ms', 'ratio', 'min ratio']) + '\n');
    for (const r of compareRows)
      process.stdout.write(line([r.graph, r.faces, r.edges, r.medianMs, r.compareMedianMs, r.ratio, r.minRatio]) + '\n');
  }
}
