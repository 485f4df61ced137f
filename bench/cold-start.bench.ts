/**
 * One-file cold runs: the built CLI (`node dist/cli.js analyze <file>`, `--mesh never` and the default
 * `always`) against one bare occt-import-js process that imports the same file, for a small, a medium and
 * a large realworld part — every run a fresh process, the baseline in the same run.
 * Plus where a cold run spends its time, each part in its own fresh process: Node itself (`node -e 0`),
 * loading the CLI bundle and exiting (`--version`), occt-import-js's wasm compile (instantiate only),
 * onnxruntime-node's load and the AAGNet session.
 * Reported per command: median wall and median CPU (user + system, all threads, from /usr/bin/time) over
 * --runs runs, and the ratios to the bare occt process. Build first: `npm run build`.
 * The CLI compiles its bundle through a V8 code cache (src/runtime/node/cli/launch.ts): each cadlens
 * command is measured with the cache in place (a private cache folder, filled by one untimed run first:
 * every later run of the CLI) and without it (`CADLENS_COMPILE_CACHE=0`: the very first run).
 * `--baseline-cli <dist/cli.js of another build>` measures that CLI's commands in the same run too
 * (before/after comparisons on a busy machine).
 *
 * Usage: npx tsx bench/cold-start.bench.ts [--runs N] [--baseline-cli PATH] [--parts small,medium,large] [--no-phases] [--json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALWORLD_DIR } from '../test/support/shared-data.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'dist', 'cli.js');
const MODEL = join(REPO, 'models', 'aagnet-mfinstseg.onnx');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
const baselineArg = args.indexOf('--baseline-cli');
const BASELINE_CLI = baselineArg >= 0 ? args[baselineArg + 1] : undefined;
const partsArg = args.indexOf('--parts');
const onlyParts = partsArg >= 0 ? args[partsArg + 1].split(',') : undefined;
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'cadlens-cold-cache-'));
const WITH_CACHE = { CADLENS_COMPILE_CACHE_DIR: CACHE_DIR };
const NO_CACHE = { CADLENS_COMPILE_CACHE: '0' };

const PARTS: [string, string][] = [
  ['small', 'D09__base.step'],
  ['medium', 'D13__nist_ctc_01_asme1_rd.stp'],
  ['large', 'D22__nist_ctc_02_asme1_rc.stp'],
];

/** A bare occt-import-js process: load, instantiate (wasm compile), import the file, exit. */
const BARE_OCCT = `const o = await require('occt-import-js')(); const r = o.ReadStepFile(new Uint8Array(require('fs').readFileSync(process.argv[1])), null); if (!r.success) process.exit(3); process.exit(0);`;
const OCCT_COMPILE = `await require('occt-import-js')(); process.exit(0);`;
const ORT_SESSION = `const ort = require('onnxruntime-node'); await ort.InferenceSession.create(process.argv[1]); process.exit(0);`;

interface Sample {
  wallS: number;
  cpuS: number;
  maxRssMb: number;
}
interface Row {
  name: string;
  median: Sample;
}

function timeOnce(argv: string[], env: Record<string, string> = {}): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'cadlens-cold-'));
  const timeFile = join(dir, 'time');
  try {
    execFileSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, ...argv], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  } catch (e) {
    // The CLI exits 1 when a file has findings that fail a stage; the timing is still valid.
    if (!existsSync(timeFile)) throw e;
  }
  const [wall, user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
  return { wallS: wall, cpuS: user + sys, maxRssMb: rssKb / 1024 };
}

function measure(name: string, argv: string[], env: Record<string, string> = {}): Row {
  // With the code cache: one untimed run writes it (a first run of each kind of command).
  if (env === WITH_CACHE) timeOnce(argv, env);
  const samples = Array.from({ length: runs }, () => timeOnce(argv, env));
  const med = (k: keyof Sample) => [...samples.map((s) => s[k])].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  return { name, median: { wallS: med('wallS'), cpuS: med('cpuS'), maxRssMb: med('maxRssMb') } };
}

const evalScript = (code: string, ...rest: string[]) => ['--input-type=commonjs', '-e', `(async () => { ${code} })()`, ...rest];

if (!existsSync(CLI)) throw new Error('dist/cli.js not found: run `npm run build` first');
const out: string[] = [`Node ${process.version}, ${cpus().length} CPUs, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${runs} runs each, medians`];
const json: Record<string, unknown> = {};

const phases = args.includes('--no-phases') ? [] : [
  measure('node -e 0 (Node start and exit)', ['-e', '0']),
  measure('cadlens --version (load the CLI bundle, exit), code cache', [CLI, '--version'], WITH_CACHE),
  measure('cadlens --version, no code cache', [CLI, '--version'], NO_CACHE),
  ...(BASELINE_CLI ? [measure('baseline CLI --version', [BASELINE_CLI, '--version'])] : []),
  measure('occt-import-js: load + wasm compile', evalScript(OCCT_COMPILE)),
  measure('onnxruntime-node: load + AAGNet session', evalScript(ORT_SESSION, MODEL)),
];
json.phases = phases;
out.push('', '| phase (own process) | wall s | CPU s | max RSS MiB |', '|---|---|---|---|');
for (const p of phases) out.push(`| ${p.name} | ${p.median.wallS.toFixed(2)} | ${p.median.cpuS.toFixed(2)} | ${p.median.maxRssMb.toFixed(0)} |`);

out.push('', '| part | command | wall s | × bare occt | CPU s | × bare occt | max RSS MiB |', '|---|---|---|---|---|---|---|');
for (const [size, file] of PARTS.filter(([size]) => !onlyParts || onlyParts.includes(size))) {
  const path = join(REALWORLD_DIR, 'parts', file);
  const bare = measure('bare occt-import-js process', [...evalScript(BARE_OCCT, path)]);
  const never = measure('cadlens analyze --mesh never', [CLI, 'analyze', '--mesh', 'never', path], WITH_CACHE);
  const neverFirst = measure('cadlens analyze --mesh never, no code cache', [CLI, 'analyze', '--mesh', 'never', path], NO_CACHE);
  const always = measure('cadlens analyze (mesh always)', [CLI, 'analyze', path], WITH_CACHE);
  const alwaysFirst = measure('cadlens analyze (mesh always), no code cache', [CLI, 'analyze', path], NO_CACHE);
  const baseline = BASELINE_CLI
    ? [measure('baseline CLI analyze --mesh never', [BASELINE_CLI, 'analyze', '--mesh', 'never', path]), measure('baseline CLI analyze (mesh always)', [BASELINE_CLI, 'analyze', path])]
    : [];
  json[size] = { file, bare, never, neverFirst, always, alwaysFirst, baseline };
  for (const r of [bare, never, neverFirst, always, alwaysFirst, ...baseline])
    out.push(
      `| ${size} (${file.split('__')[0]}) | ${r.name} | ${r.median.wallS.toFixed(2)} | ${(r.median.wallS / bare.median.wallS).toFixed(2)} | ${r.median.cpuS.toFixed(2)} | ${(r.median.cpuS / bare.median.cpuS).toFixed(2)} | ${r.median.maxRssMb.toFixed(0)} |`,
    );
}
out.push('', `load average at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
process.stdout.write(args.includes('--json') ? `${JSON.stringify(json)}\n` : `${out.join('\n')}\n`);
