/**
 * The B-Rep path (`mesh: 'never'`) and the full path (`mesh: 'always'`) against a bare occt-import-js
 * import of the same files, each configuration in a fresh process, in the same run:
 * - baseline "occt": `require('occt-import-js')`, instantiate (wasm compile), then `ReadStepFile(bytes, null)`
 *   per file in that thread — what any OpenCascade-based tool pays to open the files;
 * - "never" / "always": `createNodeAnalyzer({ mesh })` with the default recognizers (Tier 1 AAGNet on
 *   onnxruntime-node first), `analyzeFile()` per file: every stage and recognition.
 * Each configuration reports wall time and CPU time (`process.cpuUsage()`, all threads, so OpenCascade's
 * worker thread counts) from before its first module load to after its last file; ratios are against
 * the baseline of the same run. CPU ratios are the less load-sensitive ones on a shared machine.
 * Per-stage breakdown (median and p95 of `result.timings`) per size class (faces < 50, 50–199, ≥ 200).
 *
 * The analyzers come from dist/ when it is built (`npm run build`; CADLENS_BENCH_SRC=1 for the sources).
 *
 * Usage: npx tsx bench/mesh-path.bench.ts [--set mfcad|realworld|both] [--limit N] [--split tune] [--mfcad-split tune] [--configs occt,always] [--json]
 *        [--baseline-dist DIR] (each cadlens configuration also from another build's dist/, e.g. a copy of the previous
 *        one inside the repository so it resolves the same node_modules, run right after it: rows marked `(baseline dist)`)
 *   mfcad: an even sample of --limit parts (default 100) of the MFCAD validation portion (`--mfcad-split tune`: of the
 *   tune portion, for development runs);
 *   realworld: the 38 parts of ../shared/datasets/realworld/parts (--limit applies too); `--split tune`
 *   keeps the parts of that list in labels/realworld/split.json.
 */
import { execFileSync } from 'node:child_process';
import { loadavg, cpus } from 'node:os';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { REALWORLD_DIR, mfcadDir, mfcadNames } from '../test/support/shared-data.js';
import { evenSample } from '../tools/eval/dataset-sampling.js';
import { mfcadSplit } from '../tools/eval/mfcad-split.js';

type Config = 'occt' | 'never' | 'always' | 'always-liftoff';
/** `always-liftoff`: `mesh: 'always'` with `occt: { wasmTiering: 'liftoff-only' }` (src/runtime/node/wasm-tiering.ts). */
const CONFIGS: Config[] = ['occt', 'never', 'always', 'always-liftoff'];

interface ChildReport {
  config: Config;
  wallMs: number;
  cpuMs: number;
  /** Module load and set-up (before the first file). */
  setupWallMs: number;
  rssPeakMb: number;
  /** This process's main-thread CPU ms (all files and set-up), its set-up part, and its split by analysis step (the rest of `cpuMs` is other threads: OpenCascade's worker, V8's compiler and GC threads). */
  mainCpuMs?: number;
  setupMainCpuMs?: number;
  mainSteps?: Record<string, number>;
  files: { file: string; faces: number; wallMs: number; timings: Record<string, number>; ok: boolean }[];
}

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};


/**
 * One configuration over the listed files, in a fresh process; prints a {@link ChildReport}. Plain
 * JavaScript, so that a built package is measured as users load it: under `--import tsx` the child paid for
 * tsx's loader, which transforms every module holding an `import(` (cadlens's core chunk has one) — 70 MiB
 * and 0.1 s that no user pays (bench/README.md, session 5). Without `dist/` (or with CADLENS_BENCH_SRC) the
 * same script imports the sources under `--import tsx`.
 */
const PLAIN_CHILD = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const [config, listFile, dist] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));
let rssPeak = 0;
const sample = () => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss()));
setInterval(sample, 50).unref();
/** This (main) thread's own CPU ms (/proc/self/task/<pid>/stat utime + stime, 10 ms ticks; Linux only, else NaN). */
const mainCpuMs = () => {
  try {
    const f = readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return NaN; }
};
const cpu0 = process.cpuUsage();
const main0 = mainCpuMs();
const t0 = performance.now();
const rows = [];
/** Main-thread CPU ms per analysis step (from the step's start to the next one's), summed over the files. */
const mainSteps = {};
let setupWallMs, setupMainCpuMs;
if (config === 'occt') {
  const occt = await createRequire(dist)('occt-import-js')();
  setupWallMs = performance.now() - t0;
  for (const file of files) {
    const t = performance.now();
    const r = occt.ReadStepFile(new Uint8Array(readFileSync(file)), null);
    rows.push({ file, faces: -1, wallMs: performance.now() - t, timings: {}, ok: r.success });
    sample();
  }
} else {
  const { createNodeAnalyzer } = await import(dist);
  const analyzer = config === 'always-liftoff' ? createNodeAnalyzer({ mesh: 'always', occt: { wasmTiering: 'liftoff-only' } }) : createNodeAnalyzer({ mesh: config });
  setupWallMs = performance.now() - t0;
  setupMainCpuMs = mainCpuMs() - main0;
  for (const file of files) {
    const t = performance.now();
    let step = 'start', at = mainCpuMs();
    const mark = (next) => {
      const now = mainCpuMs();
      mainSteps[step] = (mainSteps[step] ?? 0) + (now - at);
      step = next;
      at = now;
    };
    const r = await analyzer.analyzeFile(file, { onProgress: mark });
    mark('start');
    rows.push({ file, faces: r.part?.counts.faces ?? 0, wallMs: performance.now() - t, timings: r.timings, ok: !r.error });
    sample();
  }
  await analyzer.dispose();
}
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ config, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: mainCpuMs() - main0, setupMainCpuMs, mainSteps, setupWallMs, rssPeakMb: rssPeak / 2 ** 20, files: rows }) + '\\n');
process.exit(0);
`;

function runChild(config: Config, listFile: string, distDir?: string): ChildReport {
  const dist = distDir ? join(resolve(distDir), 'node.js') : fileURLToPath(new URL('../dist/node.js', import.meta.url));
  const built = existsSync(dist) && !process.env.CADLENS_BENCH_SRC;
  const entry = built ? dist : fileURLToPath(new URL('../src/runtime/node/analyze-file.ts', import.meta.url));
  const script = join(mkdtempSync(join(tmpdir(), 'cadlens-mesh-path-')), 'child.mjs');
  writeFileSync(script, PLAIN_CHILD);
  const argv = [...(built ? [] : ['--import', 'tsx']), script, config, listFile, entry];
  const out = execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildReport;
}

function filesOf(set: 'mfcad' | 'realworld', limit: number | undefined): string[] {
  if (set === 'realworld') {
    const dir = join(REALWORLD_DIR, 'parts');
    const split = arg('--split');
    const ids = split ? ((JSON.parse(readFileSync(new URL('../labels/realworld/split.json', import.meta.url), 'utf8')) as Record<string, string[]>)[split] ?? []) : null;
    const all = readdirSync(dir)
      .sort()
      .filter((f) => !ids || ids.includes(f.split('__')[0]))
      .map((f) => join(dir, f));
    return limit ? all.slice(0, limit) : all;
  }
  const dir = mfcadDir();
  if (!dir) throw new Error('MFCAD not found under ../shared (set CADLENS_SHARED_DIR)');
  // The evaluations' validation portion (tools/eval/mfcad-split.ts), or `--mfcad-split tune` for development runs.
  const portion = mfcadNames(dir).filter((n) => mfcadSplit(n) === (arg('--mfcad-split') ?? 'validation'));
  return evenSample(portion, limit ?? 100).map((n) => join(dir, `${n}.step`));
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
const sizeClass = (faces: number) => (faces < 50 ? 'small (< 50 faces)' : faces < 200 ? 'medium (50–199)' : 'large (≥ 200)');
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

async function main(): Promise<void> {
  const setArg = (arg('--set') ?? 'both') as 'mfcad' | 'realworld' | 'both';
  const limit = arg('--limit') ? Number(arg('--limit')) : undefined;
  const configs = arg('--configs') ? (['occt', ...arg('--configs')!.split(',').filter((c) => c !== 'occt')] as Config[]) : CONFIGS;
  const sets = setArg === 'both' ? (['mfcad', 'realworld'] as const) : ([setArg] as const);
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-bench-'));
  const out: string[] = [];
  const json: Record<string, unknown> = {};
  out.push(`Node ${process.version}, ${cpus().length} CPUs, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const set of sets) {
    const files = filesOf(set, limit);
    const listFile = join(dir, `${set}.json`);
    writeFileSync(listFile, JSON.stringify(files));
    const reports = {} as Record<string, ChildReport>;
    const baselineDist = arg('--baseline-dist');
    const rows: string[] = [];
    for (const config of configs) {
      reports[config] = runChild(config, listFile);
      rows.push(config);
      if (baselineDist && config !== 'occt') {
        reports[`${config}@base`] = runChild(config, listFile, baselineDist);
        rows.push(`${config}@base`);
      }
    }
    json[set] = reports;
    const base = reports.occt;
    out.push('', `### ${set}: ${files.length} parts (load average after: ${loadavg()[0].toFixed(1)})`, '');
    out.push('| configuration | wall s | × occt | CPU s | × occt | set-up s | per-file wall ms (median) | peak RSS MiB | failed |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      const r = reports[row];
      const config = row.replace('@base', '') as Config;
      const perFile = quantile(r.files.map((x) => x.wallMs), 0.5);
      const failed = r.files.filter((x) => !x.ok).length;
      out.push(
        `| ${config === 'occt' ? 'bare occt-import-js (baseline)' : `${config === 'always-liftoff' ? "cadlens mesh: 'always', wasmTiering: 'liftoff-only'" : `cadlens mesh: '${config}'`}`}${row.endsWith('@base') ? ' (baseline dist)' : ''} | ${f2(r.wallMs / 1000)} | ${f2(r.wallMs / base.wallMs)} | ${f2(r.cpuMs / 1000)} | ${f2(r.cpuMs / base.cpuMs)} | ${f2(r.setupWallMs / 1000)} | ${f0(perFile)} | ${f0(r.rssPeakMb)} | ${failed} |`,
      );
    }
    // Where the CPU went: the main thread's set-up and steps (the step names are AnalyzeStep's: 'parse'
    // holds references, build and exact measures; 'tessellate' the wait for OpenCascade's worker and the face
    // mapping; 'start' the file read and input stage before the first step and the result assembly after the last), and the other threads.
    for (const config of rows.filter((c) => c !== 'occt')) {
      const r = reports[config];
      if (r.mainCpuMs === undefined || !Number.isFinite(r.mainCpuMs)) continue;
      const steps = Object.entries(r.mainSteps ?? {}).map(([k, v]) => `${k === 'start' ? 'outside the steps (file read, input stage, result assembly)' : k} ${f2(v / 1000)}`);
      out.push('', `CPU s, mesh: '${config}': all threads ${f2(r.cpuMs / 1000)} (bare import ${f2(base.cpuMs / 1000)}); main thread ${f2(r.mainCpuMs / 1000)} = set-up ${f2((r.setupMainCpuMs ?? NaN) / 1000)} + ${steps.join(' + ')}; other threads ${f2((r.cpuMs - r.mainCpuMs) / 1000)}`);
    }
    // Per-stage breakdown per size class (faces from the 'always' run: the B-Rep face count is the same).
    for (const config of configs.filter((c) => c !== 'occt')) {
      const r = reports[config];
      const stages = [...new Set(r.files.flatMap((x) => Object.keys(x.timings)))].filter((k) => k !== 'recognizeSkipped');
      out.push('', `Per-stage ms, mesh: '${config}' (median / p95 over the parts of each class):`, '');
      out.push(`| class | parts | ${stages.join(' | ')} |`);
      out.push(`|---|---|${stages.map(() => '---').join('|')}|`);
      const classes = new Map<string, ChildReport['files']>();
      for (const x of r.files) classes.set(sizeClass(x.faces), [...(classes.get(sizeClass(x.faces)) ?? []), x]);
      for (const [name, rows] of [...classes].sort()) {
        const cells = stages.map((s) => {
          const xs = rows.map((x) => x.timings[s]).filter((v): v is number => typeof v === 'number');
          return xs.length ? `${f0(quantile(xs, 0.5))} / ${f0(quantile(xs, 0.95))}` : '–';
        });
        out.push(`| ${name} | ${rows.length} | ${cells.join(' | ')} |`);
      }
    }
  }
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(json)}\n`);
  else process.stdout.write(`${out.join('\n')}\n`);
}

await main();
