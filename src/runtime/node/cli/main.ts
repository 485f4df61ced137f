import { parseArgs } from 'node:util';
import { joinNegativeNumberValues } from './negative-number-values.js';
import { optionNotTaken } from './options-not-taken.js';
import { collectInputs } from './collect-inputs.js';
import { createCliOutput } from './cli-output.js';
import { createProgressLine } from './progress-line.js';
import { formatSummary, resultIsGood } from './format-summary.js';
import { ANALYZE_HELP, GLOBAL_HELP, SCHEMA_HELP, VALIDATE_HELP } from './help-text.js';
import { availableParallelism } from 'node:os';
import { createNodeAnalyzer, type NodeAnalyzerOptions } from '../analyze-file.js';
import type { PoolAnalyzerSettings } from '../pool/index.js';
import { inInputOrder } from './in-input-order.js';
import { poolWorkerCodeCache } from './pool-worker-code-cache.js';
import { cliPoolWorkers } from './pool-size.js';
import { withRetry } from '../../../resilience/with-retry.js';
import { isCadlensError, type CadlensError } from '../../../errors/index.js';
import { basename } from 'node:path';
import { MESH_MODES, type AnalyzeStep, type MeshMode } from '../../../analyze/index.js';
import type { AnalysisResult } from '../../../result/index.js';
import { CADLENS_VERSION } from '../../../version.js';
import { createCliResultCache, isRedisUrl, redisUrlOption } from './result-cache-option.js';

/** Exit codes of the `cadlens` command. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/** Output streams, injectable for tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The analyze/validate flags whose value is a number: a negative one is joined to its flag before parsing. */
const NUMBER_FLAGS: ReadonlySet<string> = new Set(['--tier', '--max-file-size-mb', '--timeout-s', '--concurrency', '--job-timeout-s']);
/** Without a prototype: `cadlens help constructor` printed `function Object() { [native code] }`. */
const COMMAND_HELP: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { analyze: ANALYZE_HELP, validate: VALIDATE_HELP, schema: SCHEMA_HELP });

/** The options of `analyze`, `validate`, `schema` and `help`, parsed in one go (they may come before the command). */
const OPTIONS = {
  json: { type: 'boolean', default: false },
  ndjson: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  tier: { type: 'string' },
  mesh: { type: 'string' },
  'no-heal': { type: 'boolean', default: false },
  'max-file-size-mb': { type: 'string' },
  'timeout-s': { type: 'string' },
  concurrency: { type: 'string' },
  'job-timeout-s': { type: 'string' },
  'redis-url': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;
type OptionName = keyof typeof OPTIONS;

const ALL_OPTIONS = Object.keys(OPTIONS) as OptionName[];
/** What each command takes (its help text lists them); any other option given is a usage error. */
const COMMAND_OPTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['analyze', new Set(ALL_OPTIONS)],
  // validate does not recognize, so it has no tier to force.
  ['validate', new Set(ALL_OPTIONS.filter((o) => o !== 'tier'))],
  ['schema', new Set<OptionName>(['help', 'version'])],
  ['help', new Set<OptionName>(['help', 'version'])],
]);

/** Runs the CLI with `argv` (without `node` and the script path) and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // migrate has its own flags (--schema, --list) and help: hand it the raw arguments.
  if (argv[0] === 'migrate') return runMigrate(argv.slice(1), io);
  // serve has its own flags (--port, --host) and runs until SIGTERM.
  // Loaded on demand, as the pool below: a one-file run never pays for the HTTP stack, piscina or pg-boss.
  if (argv[0] === 'serve') return (await import('./serve.js')).runServe(argv.slice(1), io);
  // batch and worker have their own flags and load the pg-boss adapter at run time.
  if (argv[0] === 'worker') return (await import('./batch.js')).runWorker(argv.slice(1), io);
  if (argv[0] === 'batch') return (await import('./batch.js')).runBatch(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeNumberValues(argv, NUMBER_FLAGS),
      allowPositionals: true,
      tokens: true,
      options: OPTIONS,
    });
  } catch (error) {
    const command = argv.find((a) => !a.startsWith('-'));
    io.stderr.write(`cadlens: ${(error as Error).message}\n\n${COMMAND_HELP[command ?? ''] ?? GLOBAL_HELP}\n`);
    return EXIT.usage;
  }
  const { values, positionals, tokens } = parsed;
  if (values.version) {
    io.stdout.write(`${CADLENS_VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  const taken = COMMAND_OPTIONS.get(command ?? '');
  const notTaken = taken && !values.help ? optionNotTaken(tokens, taken) : undefined;
  if (notTaken !== undefined) return usage(io, `${command} does not take ${notTaken}`, command === 'help' ? undefined : command);
  if (command === 'help') {
    // `cadlens help analyze` = `cadlens analyze --help`.
    if (rest[0] === 'migrate') return runMigrate(['--help'], io);
    if (rest[0] === 'serve') return (await import('./serve.js')).runServe(['--help'], io);
    io.stdout.write(`${COMMAND_HELP[rest[0] ?? ''] ?? GLOBAL_HELP}\n`);
    return EXIT.ok;
  }
  if (values.help) {
    io.stdout.write(`${COMMAND_HELP[command ?? ''] ?? GLOBAL_HELP}\n`);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.stderr.write(`${GLOBAL_HELP}\n`);
    return EXIT.usage;
  }
  if (command === 'schema') {
    // zod (the schema) is loaded for this command only.
    const [{ provideStaticZod }, { analysisResultJsonSchema }] = await Promise.all([import('../../../deferred-packages/static-zod.js'), import('../../../result/result-schemas.js')]);
    provideStaticZod();
    io.stdout.write(`${JSON.stringify(analysisResultJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  if (command !== 'analyze' && command !== 'validate') return usage(io, `unknown command '${command}'`);
  if (rest.length === 0) return usage(io, `${command} needs at least one file or directory`, command);
  if (values.json && values.ndjson) return usage(io, '--json and --ndjson are exclusive', command);

  const tier = values.tier === undefined ? undefined : Number(values.tier);
  if (tier !== undefined && !(tier === 1 || tier === 2 || tier === 3 || tier === 4)) return usage(io, '--tier must be 1, 2, 3 or 4', command);
  const mesh = values.mesh;
  if (mesh !== undefined && !(MESH_MODES as readonly string[]).includes(mesh)) return usage(io, `--mesh must be ${MESH_MODES.join(', ')}`, command);
  const maxFileSizeMb = numberOption(values['max-file-size-mb'] ?? io.env.MAX_FILE_SIZE_MB);
  if (maxFileSizeMb === null) return usage(io, '--max-file-size-mb (or MAX_FILE_SIZE_MB) must be a positive number', command);
  const timeoutS = numberOption(values['timeout-s']);
  if (timeoutS === null) return usage(io, '--timeout-s must be a positive number', command);
  const concurrency = numberOption(values.concurrency);
  if (concurrency === null || (concurrency !== undefined && !Number.isInteger(concurrency)))
    return usage(io, '--concurrency must be a positive whole number', command);
  const jobTimeoutS = numberOption(values['job-timeout-s']);
  if (jobTimeoutS === null) return usage(io, '--job-timeout-s must be a positive number', command);

  const redisUrl = redisUrlOption(values['redis-url'], io.env);
  if (redisUrl !== undefined && !isRedisUrl(redisUrl)) return usage(io, '--redis-url (or CADLENS_REDIS_URL) must be a redis:// or rediss:// URL', command);

  const { files, unmatched } = await collectInputs(rest);
  for (const pattern of unmatched) io.stderr.write(`cadlens: no file matches ${JSON.stringify(pattern)}\n`);
  if (files.length === 0) return usage(io, unmatched.length > 0 ? 'no file to analyse' : 'no CAD files found in the given directories', command);

  const options: NodeAnalyzerOptions = {
    ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}),
    ...(timeoutS !== undefined ? { importTimeoutMs: timeoutS * 1000 } : {}),
    heal: !values['no-heal'],
    recognize: command === 'analyze',
    ...(tier !== undefined ? { tier } : {}),
    ...(mesh !== undefined ? { mesh: mesh as MeshMode } : {}),
  };
  const jobTimeoutMs = jobTimeoutS !== undefined ? jobTimeoutS * 1000 : undefined;
  const out = createCliOutput(io.stdout);
  const progress = createProgressLine(io.stderr, files.length);
  // --redis-url: the analyzer's result cache on Redis (a part analysed before with the same options is served from it).
  const resultCache = redisUrl
    ? await createCliResultCache(redisUrl, (line) => {
        progress.clear();
        io.stderr.write(`${line}\n`);
      })
    : undefined;
  if (resultCache) options.cache = resultCache.cache;
  // Several files: the pool's workers each open the cache themselves; asked once here first, so that a Redis that
  // is down is the one warning on stderr (the workers' own failures are misses, silent).
  if (resultCache && files.length > 1) await resultCache.probe();
  // Several files run on a worker pool (all cores by default); one file runs in this thread, which
  // starts faster. Either way the results are written in input order.
  let shown = 0; // the file the progress line shows: the next one to be written
  // Steps of files that ran ahead on other workers, replayed when their turn on the line comes.
  const stepsOf = new Map<number, AnalyzeStep[]>();
  const show = (index: number) => {
    shown = index;
    if (index >= files.length) return;
    progress.file(index, files[index]!);
    for (const step of stepsOf.get(index) ?? []) progress.step(step);
    stepsOf.delete(index);
  };
  // One worker for a small batch unless --concurrency says otherwise (pool-size.ts); only several files use the pool.
  const workers = files.length === 1 ? 1 : await cliPoolWorkers(files, concurrency, availableParallelism());
  const analyzeOne = createFileAnalyzer(options, redisUrl, files.length, workers, jobTimeoutMs, out.signal, (step, index) => {
    if (index === shown) progress.step(step);
    else stepsOf.set(index, [...(stepsOf.get(index) ?? []), step]);
  });
  // Several files with --json make one JSON array, written as the files finish.
  const jsonArray = values.json && files.length > 1;
  let failed = 0;
  let written = 0;
  try {
    show(0);
    for await (const outcome of inInputOrder(files, analyzeOne.run, analyzeOne.window)) {
      if (out.closed) break;
      const file = files[outcome.index]!;
      if (!outcome.ok) {
        // The reader of stdout went away mid-file (`| head`): stop quietly.
        if (out.closed) break;
        // Only the pool throws for a file (its worker crashed or hung twice); bad input is a result.
        if (!isCadlensError(outcome.error)) throw outcome.error;
        failed++;
        progress.clear();
        io.stderr.write(`cadlens: ${file}: ${outcome.error.code}: ${outcome.error.message}\n`);
        // Machine-readable output keeps one entry per input, in input order: a failed file too.
        const entry = failedFileEntry(file, outcome.error);
        if (values.json) out.write(jsonArray ? `${written === 0 ? '[\n' : ',\n'}${JSON.stringify(entry, null, 2)}` : `${JSON.stringify(entry, null, 2)}\n`);
        else if (values.ndjson) out.write(`${JSON.stringify(entry)}\n`);
        if (values.json || values.ndjson) written++;
        show(outcome.index + 1);
        continue;
      }
      const result = outcome.value;
      if (!resultIsGood(result)) failed++;
      progress.clear();
      if (values.json) {
        const json = JSON.stringify(result, null, 2);
        out.write(jsonArray ? `${written === 0 ? '[\n' : ',\n'}${json}` : `${json}\n`);
      } else if (values.ndjson) out.write(`${JSON.stringify(result)}\n`);
      else out.write(`${formatSummary(result, { verbose: values.verbose })}\n`);
      written++;
      show(outcome.index + 1);
    }
    if (!values.json && !values.ndjson && files.length > 1) {
      out.write(`\n${files.length - failed} of ${files.length} file(s) analysed cleanly\n`);
    }
  } finally {
    progress.done();
    if (jsonArray) out.write(written === 0 ? '[]\n' : '\n]\n');
    out.dispose();
    await analyzeOne.dispose();
    await resultCache?.close();
  }
  if (out.unexpectedError) {
    io.stderr.write(`cadlens: cannot write the output: ${out.unexpectedError.code ?? out.unexpectedError.message}\n`);
    return EXIT.someFailed;
  }
  return failed === 0 && unmatched.length === 0 ? EXIT.ok : EXIT.someFailed;
}

/**
 * How the CLI analyses its files: in this thread for one file, on an analyzer pool of `workers`
 * workers for several (a job whose worker crashed or hung is retried once on a fresh worker).
 */
function createFileAnalyzer(
  options: NodeAnalyzerOptions,
  redisUrl: string | undefined,
  fileCount: number,
  workers: number,
  jobTimeoutMs: number | undefined,
  signal: AbortSignal,
  onStep: (step: AnalyzeStep, index: number) => void,
): { run: (file: string, index: number) => Promise<AnalysisResult>; window: number; dispose: () => Promise<void> } {
  if (fileCount === 1) {
    const analyzer = createNodeAnalyzer(options);
    return { run: (file, index) => analyzer.analyzeFile(file, { signal, onProgress: (step) => onStep(step, index) }), window: 1, dispose: () => analyzer.dispose() };
  }
  const { tessellator: _t, recognizers: _r, occt: _o, cache: _c, ...settings } = options;
  // Named by dist/cli.js: the workers compile cadlens through a code cache of their own, as the CLI does.
  const workerCodeCache = poolWorkerCodeCache();
  const pooled = import('../pool/index.js').then(({ createAnalyzerPool }) =>
    createAnalyzerPool({
      workers,
      analyzer: { ...(settings as PoolAnalyzerSettings), ...(redisUrl !== undefined ? { resultCache: { redisUrl } } : {}) },
      ...(workerCodeCache !== undefined ? { workerCodeCache } : {}),
      ...(jobTimeoutMs !== undefined
        ? { jobTimeoutMs }
        : options.importTimeoutMs
          ? { jobTimeoutMs: Math.max(120_000, options.importTimeoutMs + 60_000) }
          : {}),
    }),
  );
  return {
    run: async (file, index) => {
      const pool = await pooled;
      return withRetry(() => pool.analyzeFile(file, { signal, onProgress: (step) => onStep(step, index) }), { maxAttempts: 2, signal });
    },
    // Two jobs per worker in flight: a worker never waits for the next file, and memory stays bounded.
    window: workers * 2,
    dispose: async () => (await pooled).close({ gracePeriodMs: 0 }),
  };
}

/**
 * The `--json` / `--ndjson` entry of a file the pool gave up on (its worker crashed, hung or passed
 * the job deadline on both attempts): the input and the typed error, in the result contract's
 * `input` / `error` shape, so consumers find every input in the output.
 */
export function failedFileEntry(file: string, error: CadlensError): { input: { name: string; path: string }; error: { code: string; kind: string; message: string; stage?: string } } {
  return {
    input: { name: basename(file), path: file },
    error: { code: error.code, kind: error.kind, message: error.message, ...(error.stage ? { stage: error.stage } : {}) },
  };
}

function usage(io: CliIo, message: string, command?: string): number {
  io.stderr.write(`cadlens: ${message}\nRun 'cadlens ${command ? `${command} ` : ''}--help' for usage.\n`);
  return EXIT.usage;
}

/** undefined when absent, null when invalid. */
function numberOption(raw: string | undefined): number | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * `cadlens migrate …`: delegated to the postgres adapter, loaded only now (`pg` is an optional peer).
 * Reached through its public entry, like any outside user, so the core and CLI bundles never include
 * the adapter or `pg` (tsup keeps the specifier external; test/package/adapter-layering.test.ts).
 */
async function runMigrate(argv: readonly string[], io: CliIo): Promise<number> {
  const adapter = await import('cadlens/adapters/postgres');
  return adapter.runMigrateCommand(argv, { stdout: io.stdout as NodeJS.WritableStream, stderr: io.stderr, env: io.env });
}
