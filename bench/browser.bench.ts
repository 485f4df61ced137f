/**
 * The whole pipeline in Chromium (the example viewer: Web Worker, occt-import-js wasm, onnxruntime-web)
 * vs Node (createNodeAnalyzer: worker-thread OpenCascade, onnxruntime-node) on the same parts, in one run.
 *
 * Per part: one warm-up analysis on each side (not timed), then `--runs` analyses; the median of each
 * side and the ratio Chromium / Node. The browser time is what the page sees: from handing the file to
 * the worker to having the result and the display tessellation back. Chromium runs headless with
 * --disable-gpu (no WebGPU adapter here), so Tier 1 runs on onnxruntime-web's wasm provider — reported.
 *
 * Usage: npx tsx bench/browser.bench.ts [--runs N] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../src/runtime/node/analyze-file.js';
import { openViewer } from '../test/browser/support/viewer-page.js';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON } from '../test/browser/support/chromium.js';
import { SHARED_DIR } from '../test/support/shared-data.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const repo = fileURLToPath(new URL('..', import.meta.url));
const realworld = join(SHARED_DIR, 'datasets/realworld/parts');

const PARTS: [string, string][] = (
  [
    ['fixture plate-hole-pocket (12 faces)', join(repo, 'test/fixtures/step/plate-hole-pocket.step')],
    ['MFCAD 1-1-1-1-1-23', join(repo, '.cache/mfcad/1-1-1-1-1-23.step')],
    ['MFCAD 10-12-13-14-1', join(repo, '.cache/mfcad/10-12-13-14-1.step')],
    ['partA (32 faces)', join(SHARED_DIR, 'models/aagnet/partA.step')],
    ['D08 mounting plate (37 faces)', join(realworld, 'D08__Seeedstudio_Mounting_Plate_SO101.step')],
    ['D01 featuretype (96 faces)', join(realworld, 'D01__featuretype.STEP')],
    ['D13 NIST CTC-01 (139 faces)', join(realworld, 'D13__nist_ctc_01_asme1_rd.stp')],
  ] as [string, string][]
).filter(([, p]) => existsSync(p));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  if (!HAS_CHROMIUM) {
    console.log(`skipped: ${NO_CHROMIUM_REASON}`);
    return;
  }
  const load = loadavg();
  // Every part's folder is served under its own prefix.
  const dirs = Object.fromEntries([...new Set(PARTS.map(([, p]) => dirname(p)))].map((d, i) => [`/bench${i}/`, d]));
  const urlOf = (p: string) => `${Object.entries(dirs).find(([, d]) => d === dirname(p))![0]}${encodeURIComponent(basename(p))}`;
  const viewer = await openViewer('', dirs);
  const node = createNodeAnalyzer();
  const rows: { part: string; nodeMs: number; browserMs: number; ratio: number; provider: string; tierNode: number | null; tierBrowser: number | null }[] = [];
  try {
    for (const [label, path] of PARTS) {
      const browserTimes: number[] = [];
      const nodeTimes: number[] = [];
      let provider = '';
      let tierBrowser: number | null = null;
      let tierNode: number | null = null;
      for (let i = 0; i <= runs; i++) {
        const b = await viewer.page.evaluate(async ([url, name]) => {
          const v = (window as unknown as { cadlensViewer: { load(b: Blob, n: string): Promise<void>; elapsedMs: number; status: string; error: string | null; result: { recognition: { tier: number | null; details?: { provider?: string } } | null } } }).cadlensViewer;
          const blob = await fetch(url).then((r) => r.blob());
          await v.load(blob, name);
          return { ms: v.elapsedMs, status: v.status, error: v.error, tier: v.result.recognition?.tier ?? null, provider: v.result.recognition?.details?.provider ?? '' };
        }, [urlOf(path), basename(path)] as const);
        if (b.status !== 'done') throw new Error(`${label}: browser analysis failed: ${b.error}`);
        const t0 = performance.now();
        const r = await node.analyzeFile(path, { cache: false });
        const nodeMs = performance.now() - t0;
        if (i === 0) continue; // warm-up
        browserTimes.push(b.ms);
        nodeTimes.push(nodeMs);
        provider = b.provider;
        tierBrowser = b.tier;
        tierNode = r.recognition?.tier ?? null;
      }
      const nodeMs = median(nodeTimes);
      const browserMs = median(browserTimes);
      rows.push({ part: label, nodeMs, browserMs, ratio: browserMs / nodeMs, provider, tierNode, tierBrowser });
    }
  } finally {
    await node.dispose();
    await viewer.close();
  }
  const geo = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
  if (json) {
    console.log(JSON.stringify({ runs, loadavg: load, rows, geometricMeanRatio: geo }, null, 2));
    return;
  }
  console.log(`Chromium (viewer, Web Worker) vs Node (createNodeAnalyzer), median of ${runs} after 1 warm-up; load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| part | Node ms | Chromium ms | Chromium / Node | Tier 1 provider | tier (Node / Chromium) |');
  console.log('|---|---:|---:|---:|---|---|');
  for (const r of rows) console.log(`| ${r.part} | ${r.nodeMs.toFixed(0)} | ${r.browserMs.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.provider || '—'} | ${r.tierNode} / ${r.tierBrowser} |`);
  console.log(`Geometric mean Chromium / Node: ${geo.toFixed(2)}× (target ≤ 2×)`);
}

await main();
