import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCliProcess } from '../support/cli-process.js';

const cube = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));
// No database anywhere: a usage error must come before any connection is tried.
const env = { DATABASE_URL: '', CADLENS_REDIS_URL: '' };

// `analyze`, `validate` and `schema` share one option parser, and so do the batch subcommands: `cadlens validate
// --tier 2` used to be accepted and the tier ignored (new-user trial). Every command now refuses an option it does not
// take, as a usage error (exit 2, the reason on stderr, nothing on stdout), whatever its position.
describe('cadlens refuses options a command does not take (real process)', () => {
  it.each([
    [['validate', '--tier', '2', cube], "cadlens: validate does not take --tier\nRun 'cadlens validate --help' for usage."],
    [['--tier=2', 'validate', cube], "cadlens: validate does not take --tier\nRun 'cadlens validate --help' for usage."],
    [['schema', '--json'], "cadlens: schema does not take --json\nRun 'cadlens schema --help' for usage."],
    [['help', 'analyze', '--verbose'], "cadlens: help does not take --verbose\nRun 'cadlens --help' for usage."],
    [['batch', 'status', 'some-batch', '--inline'], "cadlens batch: status does not take --inline\nRun 'cadlens batch --help' for usage."],
    [['batch', 'results', 'some-batch', '--tier', '2'], "cadlens batch: results does not take --tier\nRun 'cadlens batch --help' for usage."],
    [['batch', 'redrive', 'dlq-1', '--follow'], "cadlens batch: redrive does not take --follow\nRun 'cadlens batch --help' for usage."],
    [['batch', 'submit', cube, '--ndjson'], "cadlens batch: submit does not take --ndjson\nRun 'cadlens batch --help' for usage."],
    [['serve', '--tier', '2'], "cadlens: Unknown option '--tier'"],
    [['worker', '--mesh', 'never'], "cadlens worker: Unknown option '--mesh'"],
    [['migrate', '--tier', '2'], 'cadlens migrate: unknown argument "--tier"'],
  ])('%j: usage error', async (args, message) => {
    const run = await runCliProcess(args, { env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('the options a command does take still work: validate --mesh never --json, analyze --tier 2; --help still answers', async () => {
    const validate = await runCliProcess(['validate', '--mesh', 'never', '--json', cube], { env });
    expect(validate.code, validate.stderr).toBe(0);
    expect(JSON.parse(validate.stdout).recognition).toBeNull();
    const analyze = await runCliProcess(['analyze', '--tier', '2', '--mesh', 'never', '--json', cube], { env });
    expect(analyze.code, analyze.stderr).toBe(0);
    expect(JSON.parse(analyze.stdout).recognition.tier).toBe(2);
    // --help wins over an option the command does not take: it shows what the command does take.
    const help = await runCliProcess(['validate', '--tier', '2', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cadlens validate /);
    // A name that is no command gets the overview, even one that names a property of every object.
    const odd = await runCliProcess(['help', 'constructor'], { env });
    expect(odd.code).toBe(0);
    expect(odd.stdout).toContain("Run 'cadlens <command> --help'");
  });
});
