/**
 * Peak memory of recognition (issue 12 item 3), from the built package (`npm run build` first):
 * - per realworld part, each run in a fresh process (`/usr/bin/time` max RSS): the default recognition
 *   (Tier 1 AAGNet first, Tier 2 combined) with onnxruntime's CPU memory arena and memory-pattern planning
 *   off and on (on: onnxruntime's default, kept), against `tier: 2` (no onnxruntime session) — the baseline of
 *   the same run; plus each run's analysis wall time and recognize-step time;
 * - RSS over a long batch in one process: `--batch N` MFCAD parts of the tune portion (sorted, evenly
 *   spread), RSS and V8 heap sampled every 100 parts, growth after the warm-up (first sample after
 *   100 parts), arena off and on, median recognize ms per part.
 * Every configuration passes its session options explicitly, so the numbers do not depend on the default.
 *
 * Usage: npx tsx bench/memory.bench.ts [--mesh never|always] [--limit N] [--batch N] [--skip-parts] [--skip-batch] [--arena on|off|both] [--parts D21,D22] [--split tune] [--gc] [--batch-env K=V,...] [--json]
 *   --parts: only these realworld parts (by their Dnn prefix).
 *   --arena on|off: only that Tier 1 configuration (per part and in the batch); default both.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALWORLD_DIR, mfcadDir, mfcadNames } from '../test/support/shared-data.js';
import { evenSample } from '../tools/eval/dataset-sampling.js';
import { mfcadSplit } from '../tools/eval/mfcad-split.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(REPO, 'dist', 'node.js');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const mesh = arg('--mesh') ?? 'never';
const limit = arg('--limit') ? Number(arg('--limit')) : Infinity;
const onlyParts = arg('--parts')?.split(',') ?? null;
const batchSize = Number(arg('--batch') ?? 1000);
const json = args.includes('--json');
const arenaArg = arg('--arena') ?? 'both';
const arenaOn = arenaArg !== 'off';
const arenaOff = arenaArg !== 'on';
/** `--split tune`: only the realworld parts of that list in labels/realworld/split.json (development runs stay off the validation parts). */
const split = arg('--split');
const splitIds: string[] | null = split
  ? ((JSON.parse(readFileSync(join(REPO, 'labels', 'realworld', 'split.json'), 'utf8')) as Record<string, string[]>)[split] ?? [])
  : null;
/** `--gc`: the batch child runs with --expose-gc and also samples after a full collection (heap, buffers, anonymous / file RSS). */
const gcSamples = args.includes('--gc');
/** `--batch-env K=V,K=V`: extra environment for the batch child (e.g. MALLOC_ARENA_MAX=2 to test allocator retention). */
const batchEnv: Record<string, string> = Object.fromEntries(
  (arg('--batch-env') ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const SKIPPED: PartRun = { maxRssMib: NaN, wallMs: NaN, recognizeMs: null, tier: null, faces: 0 };

/** One analysis in a fresh process: prints wall and recognize ms, the tier that answered, face count. */
const ONE_PART = `
const [file, mesh, tier, arena] = process.argv.slice(2);
const { createNodeAnalyzer, createDefaultRecognizers } = await import(${JSON.stringify(DIST)});
const on = arena === 'on';
const recognizers = createDefaultRecognizers({ engine: { sessionOptions: { enableCpuMemArena: on, enableMemPattern: on } } });
const analyzer = createNodeAnalyzer({ mesh, recognizers, ...(tier === 'default' ? {} : { tier: Number(tier) }) });
const t = performance.now();
const r = await analyzer.analyzeFile(file);
const wallMs = performance.now() - t;
await analyzer.dispose();
console.log(JSON.stringify({ wallMs, recognizeMs: r.timings?.recognize ?? null, tier: r.recognition?.tier ?? null, faces: r.part?.counts?.faces ?? 0 }));
`;

/** A batch in one process: RSS and heap every 100 parts, per-part recognize ms. */
const BATCH = `
const [list, mesh, arena] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { createNodeAnalyzer, createDefaultRecognizers } = await import(${JSON.stringify(DIST)});
const files = JSON.parse(readFileSync(list, 'utf8'));
const on = arena === 'on';
const recognizers = createDefaultRecognizers({ engine: { sessionOptions: { enableCpuMemArena: on, enableMemPattern: on } } });
const analyzer = createNodeAnalyzer({ mesh, recognizers });
const mib = (b) => Math.round(b / 1048576);
const samples = [];
const recognizeMs = [];
let peak = 0, failed = 0;
/** Resident anonymous and file-backed memory (kB lines of /proc/self/smaps_rollup; Linux only). */
const rollup = () => {
  try {
    const t = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kb = (k) => Number(t.split(String.fromCharCode(10)).find((l) => l.startsWith(k + ':'))?.split(/ +/)[1] ?? NaN);
    return { anonMib: Math.round(kb('Anonymous') / 1024), fileMib: Math.round((kb('Rss') - kb('Anonymous')) / 1024) };
  } catch { return {}; }
};
const t0 = performance.now();
for (let i = 0; i < files.length; i++) {
  const r = await analyzer.analyzeFile(files[i]);
  if (r.error) failed++;
  if (typeof r.timings?.recognize === 'number') recognizeMs.push(r.timings.recognize);
  peak = Math.max(peak, process.memoryUsage.rss());
  if ((i + 1) % 100 === 0 || i + 1 === files.length) {
    const m = process.memoryUsage();
    const sample = { parts: i + 1, rssMib: mib(m.rss), heapUsedMib: mib(m.heapUsed), externalMib: mib(m.external + m.arrayBuffers) };
    // With --expose-gc (--gc): what is still reachable after a full collection, so a leak of ours
    // (growing JS heap or array buffers) is told apart from memory the allocators keep.
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      const g = process.memoryUsage();
      Object.assign(sample, { gcRssMib: mib(g.rss), gcHeapUsedMib: mib(g.heapUsed), gcHeapTotalMib: mib(g.heapTotal), gcExternalMib: mib(g.external), gcArrayBuffersMib: mib(g.arrayBuffers), ...rollup() });
    }
    samples.push(sample);
  }
}
const wallS = (performance.now() - t0) / 1000;
await analyzer.dispose();
recognizeMs.sort((a, b) => a - b);
console.log(JSON.stringify({ samples, peakMib: mib(peak), wallS, failed, recognizeMedianMs: recognizeMs[recognizeMs.length >> 1] ?? null }));
`;

interface PartRun {
  maxRssMib: number;
  wallMs: number;
  recognizeMs: number | null;
  tier: number | null;
  faces: number;
}

/** The child scripts as files: `node -e` with `--input-type` would pass that flag on to OpenCascade's worker thread, which then fails to start. */
const SCRIPTS = mkdtempSync(join(tmpdir(), 'cadlens-mem-scripts-'));
const ONE_PART_FILE = join(SCRIPTS, 'one-part.mjs');
const BATCH_FILE = join(SCRIPTS, 'batch.mjs');
writeFileSync(ONE_PART_FILE, ONE_PART);
writeFileSync(BATCH_FILE, BATCH);

/** One realworld part's line of the report. */
interface PartRow {
  part: string;
  faces: number;
  tier: number | null;
  tier2Mib: number;
  offMib: number;
  onMib: number;
  ratioOff: number;
  ratioOn: number;
  wallOffMs: number;
  wallOnMs: number;
  recOffMs: number | null;
  recOnMs: number | null;
  wallT2Ms: number;
}

function runPart(file: string, tier: 'default' | '2', arena: 'on' | 'off'): PartRun {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-mem-'));
  const timeFile = join(dir, 'time');
  const out = execFileSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ONE_PART_FILE, file, mesh, tier, arena], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const rssKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  return { maxRssMib: rssKb / 1024, ...(JSON.parse(out.trim().split('\n').pop()!) as Omit<PartRun, 'maxRssMib'>) };
}

interface BatchRun {
  samples: { parts: number; rssMib: number; heapUsedMib: number; externalMib: number }[];
  peakMib: number;
  wallS: number;
  failed: number;
  recognizeMedianMs: number | null;
}

function runBatch(files: string[], arena: 'on' | 'off'): BatchRun {
  const list = join(mkdtempSync(join(tmpdir(), 'cadlens-mem-')), 'files.json');
  writeFileSync(list, JSON.stringify(files));
  const env = { ...process.env, ...batchEnv };
  const out = execFileSync(process.execPath, [...(gcSamples ? ['--expose-gc'] : []), BATCH_FILE, list, mesh, arena], { cwd: REPO, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!) as BatchRun;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

if (!existsSync(DIST)) {
  console.error('memory.bench: build first (npm run build): dist/node.js is missing');
  process.exit(1);
}
console.error(`memory.bench: mesh ${mesh}; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const report: Record<string, unknown> = { mesh, load: loadavg()[0] };

if (!args.includes('--skip-parts')) {
  if (!existsSync(join(REALWORLD_DIR, 'parts'))) console.error('memory.bench: ../shared realworld parts absent, per-part runs skipped');
  else {
    const files = readdirSync(join(REALWORLD_DIR, 'parts'))
      .sort()
      .filter((f) => onlyParts === null || onlyParts.includes(f.split('__')[0]))
      .filter((f) => splitIds === null || splitIds.includes(f.split('__')[0]))
      .slice(0, limit);
    const rows: PartRow[] = [];
    for (const name of files) {
      const file = join(REALWORLD_DIR, 'parts', name);
      const t2 = runPart(file, '2', 'off');
      const off = arenaOff ? runPart(file, 'default', 'off') : SKIPPED;
      const on = arenaOn ? runPart(file, 'default', 'on') : SKIPPED;
      const row: PartRow = { part: name.split('__')[0], faces: Math.max(off.faces, on.faces), tier: off.tier ?? on.tier, tier2Mib: t2.maxRssMib, offMib: off.maxRssMib, onMib: on.maxRssMib, ratioOff: off.maxRssMib / t2.maxRssMib, ratioOn: on.maxRssMib / t2.maxRssMib, wallOffMs: off.wallMs, wallOnMs: on.wallMs, recOffMs: off.recognizeMs, recOnMs: on.recognizeMs, wallT2Ms: t2.wallMs };
      rows.push(row);
      if (!json)
        console.log(
          `${row.part}\t${row.faces}\ttier ${row.tier}\tT2 ${t2.maxRssMib.toFixed(0)}\toff ${off.maxRssMib.toFixed(0)} (${row.ratioOff.toFixed(2)}×)\ton ${on.maxRssMib.toFixed(0)} (${row.ratioOn.toFixed(2)}×)\trecognize ms off ${off.recognizeMs?.toFixed(0)} on ${on.recognizeMs?.toFixed(0)}\twall ms T2 ${t2.wallMs.toFixed(0)} off ${off.wallMs.toFixed(0)} on ${on.wallMs.toFixed(0)}`,
        );
    }
    const worstOff = arenaOff ? Math.max(...rows.map((r) => r.ratioOff)) : NaN;
    const worstOn = arenaOn ? Math.max(...rows.map((r) => r.ratioOn)) : NaN;
    const sum = (k: 'recOffMs' | 'recOnMs' | 'wallOffMs' | 'wallOnMs') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
    const summary = {
      parts: rows.length,
      worstRatioArenaOff: worstOff,
      worstRatioArenaOn: worstOn,
      medianRatioArenaOff: median(rows.map((r) => r.ratioOff)),
      medianRatioArenaOn: median(rows.map((r) => r.ratioOn)),
      over13ArenaOff: rows.filter((r) => r.ratioOff > 1.3).map((r) => r.part),
      over13ArenaOn: rows.filter((r) => r.ratioOn > 1.3).map((r) => r.part),
      recognizeSumOffOverOn: sum('recOffMs') / sum('recOnMs'),
      wallSumOffOverOn: sum('wallOffMs') / sum('wallOnMs'),
    };
    report.parts = rows;
    report.partsSummary = summary;
    if (!json) console.log(JSON.stringify(summary));
  }
}

if (!args.includes('--skip-batch')) {
  const dir = mfcadDir();
  if (!dir) console.error('memory.bench: MFCAD absent, batch skipped');
  else {
    const files = evenSample(
      mfcadNames(dir).filter((n) => mfcadSplit(n) === 'tune'),
      batchSize,
    ).map((n) => join(dir, `${n}.step`));
    for (const arena of (['off', 'on'] as const).filter((a) => (a === 'on' ? arenaOn : arenaOff))) {
      const b = runBatch(files, arena);
      const warm = b.samples[0];
      const last = b.samples[b.samples.length - 1];
      const out = { arena, parts: files.length, ...b, growthAfterWarmUpMib: last.rssMib - warm.rssMib };
      report[`batch-${arena}`] = out;
      if (!json) {
        console.log(`batch (${files.length} MFCAD tune parts, mesh ${mesh}, arena ${arena}): wall ${b.wallS.toFixed(1)} s, recognize median ${b.recognizeMedianMs?.toFixed(1)} ms, failed ${b.failed}, peak ${b.peakMib} MiB`);
        console.log(`  RSS MiB every 100 parts: ${b.samples.map((s) => s.rssMib).join(' ')}; heap used: ${b.samples.map((s) => s.heapUsedMib).join(' ')}`);
        console.log(`  growth after warm-up (RSS at ${last.parts} − RSS at ${warm.parts}): ${out.growthAfterWarmUpMib} MiB`);
        if (gcSamples) {
          const col = (k: string) => b.samples.map((s) => (s as Record<string, unknown>)[k] ?? '-').join(' ');
          console.log(`  after gc(): RSS ${col('gcRssMib')}; heap used ${col('gcHeapUsedMib')}; heap total ${col('gcHeapTotalMib')}; external ${col('gcExternalMib')}; array buffers ${col('gcArrayBuffersMib')}; anonymous ${col('anonMib')}; file-backed ${col('fileMib')}`);
        }
      }
    }
  }
}
if (json) console.log(JSON.stringify(report, null, 2));
