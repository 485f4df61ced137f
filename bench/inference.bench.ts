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
 * Usage: npx tsx bench/inference.bench.ts [--json] [--threads N] [--runs N]
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
}
