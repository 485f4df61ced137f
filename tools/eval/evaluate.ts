/**
 * The recognition evaluation tool (issue 8):
 *
 *   npm run eval -- --set mfcad|synthetic|realworld|stl [--dir D] [--labels D] [--tiers 1,2,default,stl]
 *                   [--limit N] [--split validation|tune|all (mfcad, realworld)] [--rotate SEED] [--json out.json] [--md out.md] [--quiet]
 *                   [--model models/OTHER.onnx (Tier 1's model for tiers 1 and default)]
 *                   [--engine-model cadlens-ft|cadlens-ft+stock (a bundled Tier 1 model by name)]
 *                   [--combine '{"primaryTier":2,…}' (the default pipeline's TierCombinationRule, JSON)]
 *   npm run eval -- --set realworld --unlabelled-patterns [--dir D] [--parts D05,D13] [--json out.json] [--md out.md]
 *
 * Prints the markdown report on stdout; writes JSON / markdown when asked. Exit codes: 0 done,
 * 2 an EvalError (bad arguments, missing data, a label file that does not match its part — the code
 * is printed), 1 anything else. docs/recognition.md describes the metrics and the sets.
 * @internal
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EvalError, isEvalError } from './eval-error.js';
import { SET_NAMES, type SetName } from './eval-sets.js';
import { renderMarkdown } from './report-markdown.js';
import { runEvaluation } from './run-evaluation.js';
import { TIER_IDS, type TierId } from './run-tiers.js';
import { renderPatternsMarkdown, runUnlabelledPatterns } from './unlabelled-patterns.js';
import type { TierCombinationRule } from '../../src/stages/recognize/combine-tiers.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** `--help`; the same synopsis as docs/recognition.md (The tool). */
const EVAL_USAGE = `Usage: npm run eval -- --set mfcad|synthetic|realworld|stl [--dir D] [--labels D] [--tiers 1,2,default,stl]
                      [--limit N] [--split validation|tune|all] [--rotate SEED] [--json out.json] [--md out.md] [--quiet]
                      [--model models/OTHER.onnx] [--engine-model cadlens-ft|cadlens-ft+stock] [--combine RULE_JSON]
       npm run eval -- --set realworld --unlabelled-patterns [--dir D] [--parts D05,D13] [--json out.json] [--md out.md]

Per-face accuracy, per-class precision/recall, confusion, instance F1, calibration and time per part of
the recognition tiers on one data set; the Markdown report goes to stdout. docs/recognition.md has the
data sets, the metrics and the baseline.`;

function write(path: string | undefined, text: string): void {
  if (!path) return;
  const p = resolve(path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        set: { type: 'string' },
        dir: { type: 'string' },
        labels: { type: 'string' },
        tiers: { type: 'string' },
        limit: { type: 'string' },
        split: { type: 'string' },
        rotate: { type: 'string' },
        json: { type: 'string' },
        md: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'unlabelled-patterns': { type: 'boolean', default: false },
        parts: { type: 'string' },
        model: { type: 'string' },
        'engine-model': { type: 'string' },
        combine: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new EvalError('EVAL_BAD_ARGUMENTS', e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return;
  }
  const set = values.set as SetName | undefined;
  if (!set || !SET_NAMES.includes(set)) throw new EvalError('EVAL_BAD_ARGUMENTS', `--set must be one of ${SET_NAMES.join(', ')}`);
  const log = values.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);

  if (values['unlabelled-patterns']) {
    if (set !== 'realworld') throw new EvalError('EVAL_BAD_ARGUMENTS', '--unlabelled-patterns applies to --set realworld');
    const report = await runUnlabelledPatterns({ ...(values.dir ? { dir: values.dir } : {}), ...(values.parts ? { parts: values.parts.split(',') } : {}), ...(log ? { log } : {}) }, REPO);
    const md = renderPatternsMarkdown(report);
    write(values.json, `${JSON.stringify(report, null, 1)}\n`);
    write(values.md, md);
    process.stdout.write(md);
    return;
  }

  const tiers = values.tiers?.split(',').map((t) => t.trim()) as TierId[] | undefined;
  if (tiers?.some((t) => !TIER_IDS.includes(t))) throw new EvalError('EVAL_BAD_ARGUMENTS', `--tiers takes a list of ${TIER_IDS.join(', ')}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new EvalError('EVAL_BAD_ARGUMENTS', '--limit takes a positive integer');
  const split = values.split as 'validation' | 'tune' | 'all' | undefined;
  if (split !== undefined && !['validation', 'tune', 'all'].includes(split)) throw new EvalError('EVAL_BAD_ARGUMENTS', '--split takes validation, tune or all');
  if (split !== undefined && set !== 'mfcad' && set !== 'realworld') throw new EvalError('EVAL_BAD_ARGUMENTS', '--split applies to --set mfcad and --set realworld');
  const rotateSeed = values.rotate === undefined ? undefined : Number(values.rotate);
  if (rotateSeed !== undefined && !Number.isInteger(rotateSeed)) throw new EvalError('EVAL_BAD_ARGUMENTS', '--rotate takes an integer seed');

  // The held-out portions are the default (the final measurement); say so, since a development run that
  // forgets `--split tune` would otherwise look at held-out parts without noticing.
  if (split === undefined && (set === 'mfcad' || set === 'realworld'))
    process.stderr.write(
      `eval: --set ${set} without --split reads ${set === 'mfcad' ? 'the held-out validation portion' : 'every file, the held-out validation files included'}; for development pass --split tune\n`,
    );
  const report = await runEvaluation(
    {
      set,
      ...(values.dir ? { dir: resolve(values.dir) } : {}),
      ...(values.labels ? { labelsDir: resolve(values.labels) } : {}),
      ...(tiers ? { tiers } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(split ? { split } : {}),
      ...(rotateSeed !== undefined ? { rotateSeed } : {}),
      ...(log ? { log } : {}),
      ...(values.model ? { modelPath: resolve(values.model) } : {}),
      ...(values['engine-model'] ? { engineModel: engineModelArg(values['engine-model']) } : {}),
      ...(values.combine ? { combineTiers: combineArg(values.combine) } : {}),
    },
    REPO,
  );
  const md = renderMarkdown(report);
  write(values.json, `${JSON.stringify(report, null, 1)}\n`);
  write(values.md, md);
  process.stdout.write(md);
}

function engineModelArg(v: string): 'mfinstseg' | 'cadlens-ft' | 'cadlens-ft+stock' {
  if (v === 'mfinstseg' || v === 'cadlens-ft' || v === 'cadlens-ft+stock') return v;
  throw new EvalError('EVAL_BAD_ARGUMENTS', `--engine-model must be mfinstseg, cadlens-ft or cadlens-ft+stock, got ${v}`);
}

function combineArg(v: string): TierCombinationRule {
  try {
    return JSON.parse(v) as TierCombinationRule; // the analyzer checks it (CONFIG_INVALID)
  } catch {
    throw new EvalError('EVAL_BAD_ARGUMENTS', `--combine is not JSON: ${v}`);
  }
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (e: unknown) => {
    if (isEvalError(e)) {
      process.stderr.write(`eval: ${e.code}: ${e.message}\n${e.code === 'EVAL_BAD_ARGUMENTS' ? "Run 'npm run eval -- --help' for the options.\n" : ''}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`eval: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
