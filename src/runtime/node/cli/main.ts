import { parseArgs } from 'node:util';
import { collectInputs } from './collect-inputs.js';
import { createCliOutput } from './cli-output.js';
import { createProgressBar } from './progress-bar.js';
import { formatSummary, resultIsGood } from './format-summary.js';
import { createNodeAnalyzer, type NodeAnalyzerOptions } from '../analyze-file.js';
import { analysisResultJsonSchema } from '../../../result/index.js';
import { CADLENS_VERSION } from '../../../version.js';

/** Exit codes of the `cadlens` command. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

const HELP = `cadlens ${CADLENS_VERSION} — CAD geometry analysis

Usage:
  cadlens analyze <files|dirs…> [options]   validate, heal and recognize features
  cadlens validate <files|dirs…> [options]  the five validation stages only
  cadlens schema                            print the result contract as JSON Schema
  cadlens migrate [--database-url URL] [--schema S] [--list]
                                            apply the PostgreSQL migrations

Options:
  --json               one JSON object per file on stdout (pretty-printed)
  --ndjson             one JSON object per file per line on stdout
  --tier <1-4>         force one recognition tier (evaluation, debugging)
  --no-heal            do not heal meshes (healing is on by default and always reported)
  --max-file-size-mb N reject larger files before reading them (default: MAX_FILE_SIZE_MB or 100)
  --timeout-s N        per-file deadline for the OpenCascade import (default 120)
  -h, --help           this text
  -v, --version        the version

Exit codes: 0 every file analysed cleanly, 1 some file failed a stage or errored, 2 usage error.
Directories are searched recursively for .step .stp .iges .igs .brep .stl .obj .ply .xyz files.`;

/** Output streams, injectable for tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI with `argv` (without `node` and the script path) and resolves to its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // migrate has its own flags (--schema, --list): hand it the raw arguments.
  if (argv[0] === 'migrate') return runMigrate(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        ndjson: { type: 'boolean', default: false },
        tier: { type: 'string' },
        'no-heal': { type: 'boolean', default: false },
        'max-file-size-mb': { type: 'string' },
        'timeout-s': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`cadlens: ${(error as Error).message}\n\n${HELP}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${CADLENS_VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? io.stderr : io.stdout).write(`${HELP}\n`);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  if (command === 'schema') {
    io.stdout.write(`${JSON.stringify(analysisResultJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  if (command !== 'analyze' && command !== 'validate') return usage(io, `unknown command '${command}'`);
  if (rest.length === 0) return usage(io, `${command} needs at least one file or directory`);
  if (values.json && values.ndjson) return usage(io, '--json and --ndjson are exclusive');

  const tier = values.tier === undefined ? undefined : Number(values.tier);
  if (tier !== undefined && !(tier === 1 || tier === 2 || tier === 3 || tier === 4)) return usage(io, '--tier must be 1, 2, 3 or 4');
  const maxFileSizeMb = numberOption(values['max-file-size-mb'] ?? io.env.MAX_FILE_SIZE_MB);
  if (maxFileSizeMb === null) return usage(io, '--max-file-size-mb (or MAX_FILE_SIZE_MB) must be a positive number');
  const timeoutS = numberOption(values['timeout-s']);
  if (timeoutS === null) return usage(io, '--timeout-s must be a positive number');

  const files = await collectInputs(rest);
  if (files.length === 0) return usage(io, 'no CAD files found in the given directories');

  const options: NodeAnalyzerOptions = {
    ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}),
    ...(timeoutS !== undefined ? { importTimeoutMs: timeoutS * 1000 } : {}),
    heal: !values['no-heal'],
    recognize: command === 'analyze',
    ...(tier !== undefined ? { tier } : {}),
  };
  const analyzer = createNodeAnalyzer(options);
  const out = createCliOutput(io.stdout);
  const progress = createProgressBar(io.stderr, files.length);
  let failed = 0;
  try {
    for (const file of files) {
      if (out.closed) break;
      let result;
      try {
        result = await analyzer.analyzeFile(file, { signal: out.signal });
      } catch (error) {
        // The reader of stdout went away mid-file (`| head`): stop quietly.
        if (out.closed) break;
        throw error;
      }
      if (!resultIsGood(result)) failed++;
      progress.tick(file);
      if (values.json) out.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (values.ndjson) out.write(`${JSON.stringify(result)}\n`);
      else out.write(`${formatSummary(result)}\n`);
    }
    if (!values.json && !values.ndjson && files.length > 1) {
      out.write(`\n${files.length - failed} of ${files.length} file(s) analysed cleanly\n`);
    }
  } finally {
    progress.done();
    out.dispose();
    await analyzer.dispose();
  }
  if (out.unexpectedError) {
    io.stderr.write(`cadlens: cannot write the output: ${out.unexpectedError.code ?? out.unexpectedError.message}\n`);
    return EXIT.someFailed;
  }
  return failed === 0 ? EXIT.ok : EXIT.someFailed;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`cadlens: ${message}\nRun 'cadlens --help' for usage.\n`);
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
