/**
 * Dev check (issue 12 item 3): in which analysis step a one-file run reaches its peak RSS. Loads the
 * built package (`npm run build` first) in this plain Node process, analyses one file with the default
 * recognizers (or `--tier 2`), and records the process's peak (VmHWM) and current RSS at the start of
 * every step, every 20 ms while the main thread is free (it waits for OpenCascade's worker), and at the
 * end, with the V8 heap and the OpenCascade worker's wasm heap. Prints one JSON line.
 *
 * Usage: node tools/speed/peak-by-step.mjs <file> [--mesh always|never] [--tier 2] [--liftoff]
 *   --liftoff: OpenCascade's wasm on Liftoff only (`occt: { wasmTiering: 'liftoff-only' }`).
 * @internal
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args[0];
const mesh = arg('--mesh') ?? 'always';
const tier = arg('--tier');

const status = () => {
  const t = readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(t.split(String.fromCharCode(10)).find((l) => l.startsWith(k + ':'))?.split(/\s+/)[1] ?? NaN);
  return { hwm: Math.round(kb('VmHWM') / 1024), rss: Math.round(kb('VmRSS') / 1024), anon: Math.round(kb('RssAnon') / 1024), file: Math.round(kb('RssFile') / 1024) };
};
const t0 = performance.now();
const marks = [{ step: 'start', ms: 0, ...status() }];
const { createNodeAnalyzer } = await import(fileURLToPath(new URL('../../dist/node.js', import.meta.url)));
marks.push({ step: 'loaded', ms: Math.round(performance.now() - t0), ...status() });
const analyzer = createNodeAnalyzer({ mesh, ...(tier ? { tier: Number(tier) } : {}), ...(args.includes('--liftoff') ? { occt: { wasmTiering: 'liftoff-only' } } : {}) });
let step = 'create';
let maxIdle = { rss: 0 };
const timer = setInterval(() => {
  const s = status();
  if (s.rss > maxIdle.rss) maxIdle = { step, ms: Math.round(performance.now() - t0), ...s, heapMib: Math.round(process.memoryUsage().heapUsed / 1048576) };
}, 20);
const result = await analyzer.analyzeFile(file, {
  onProgress: (s) => {
    marks.push({ step: `${s} (start)`, ms: Math.round(performance.now() - t0), ...status(), heapMib: Math.round(process.memoryUsage().heapUsed / 1048576) });
    step = s;
  },
});
marks.push({ step: 'done', ms: Math.round(performance.now() - t0), ...status(), heapMib: Math.round(process.memoryUsage().heapUsed / 1048576) });
clearInterval(timer);
await analyzer.dispose();
console.log(
  JSON.stringify({
    file: file.split('/').pop(),
    mesh,
    tier: result.recognition?.tier ?? null,
    error: result.error?.code ?? null,
    faces: result.part?.counts?.faces ?? 0,
    triangles: result.part?.counts?.triangles ?? null,
    timings: result.timings,
    marks,
    maxWhileWaiting: maxIdle,
  }),
);
