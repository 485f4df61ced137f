import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analysisResultSchema } from '../../src/result/index.js';
import { CLI_BIN, runCliProcess, spawnCli } from '../support/cli-process.js';
import { measuredPrecision } from '../../src/stages/recognize/tier2-heuristics/classify-features.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/step/${name}`, import.meta.url));

describe('cadlens CLI as a real process', () => {
  it('stdout closed by its reader (`| head -3`): quiet exit, status 0, no EPIPE stack', async () => {
    const child = spawnCli(['analyze', fixture('cube.step'), fixture('plate-hole.step'), fixture('cube-inch.step')]);
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    // Like `head -3`: read the first three lines, then close the read end of the pipe.
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      if (stdout.split('\n').length > 3) child.stdout.destroy();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    expect(stdout).toContain('cube.step');
    expect(stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(0);
  });
});

describe('cadlens CLI output (real process)', () => {
  it('the summary groups features by type with counts and parameters; per-face lines only with --verbose', async () => {
    const short = await runCliProcess(['analyze', '--tier', '2', fixture('plate-holes.step')]);
    expect(short.stderr).toBe('');
    expect(short.code).toBe(0);
    const lines = short.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('through_hole'))).toEqual(['    through_hole ×16  diameterMm 6 ×12, 10 ×4; depthMm 10']);
    // Tier 2's confidence is its mean face probability: 6 stock faces and 16 through-hole faces at their rules' measured precision
    const expected = (6 * measuredPrecision('stock', 24, NaN) + 16 * measuredPrecision('through-hole', 1, NaN)) / 22;
    const m = /recognition: tier 2 \(aag-heuristics\), confidence ([0-9.]+), 16 features/.exec(short.stdout);
    expect(m, short.stdout).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(expected, 2);
    expect(short.stdout).toContain('stages: input ok, format ok, parse ok, geometry ok, quality ok');
    expect(lines.length).toBeLessThanOrEqual(10); // 16 holes used to print 16 feature lines on their own

    const verbose = await runCliProcess(['analyze', '--tier', '2', '--verbose', fixture('plate-holes.step')]);
    expect(verbose.code).toBe(0);
    const perFace = verbose.stdout.split('\n').filter((l) => /^\s+through_hole: faces \[\d+\] diameterMm=(6|10) depthMm=10$/.test(l));
    expect(perFace).toHaveLength(16);
    expect(verbose.stdout).toMatch(/^ {2}pass geometry$/m);
  });

  it('a missing file prints its error once (and exit status 1)', async () => {
    const run = await runCliProcess(['analyze', '/nonexistent/dir/missing.step']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('INTAKE_NOT_FOUND');
    expect((run.stdout + run.stderr).match(/no such file/g)).toHaveLength(1);
    expect((run.stdout + run.stderr).match(/\/nonexistent\/dir\/missing\.step/g)).toHaveLength(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it("a quoted glob is expanded by the CLI; --json with several files prints one JSON array", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-glob-'));
    copyFileSync(fixture('cube.step'), join(dir, 'a.step'));
    copyFileSync(fixture('plate-hole.step'), join(dir, 'b.step'));
    writeFileSync(join(dir, 'notes.txt'), 'not a part');
    const run = await runCliProcess(['validate', '--json', `${dir}/*.step`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { input: { name: string } }[];
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed.map((r) => r.input.name)).toEqual(['a.step', 'b.step']);
    for (const r of parsed) expect(analysisResultSchema.safeParse(r).success).toBe(true);

    const single = await runCliProcess(['validate', '--json', `${dir}/a.*`]);
    expect(single.code).toBe(0);
    expect(JSON.parse(single.stdout).input.name).toBe('a.step'); // one file: the object itself

    const none = await runCliProcess(['validate', `${dir}/*.stl`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no file matches "${dir}/*.stl"`);
  });

  it('analyze --help shows the analyze command’s own help; validate --help its own', async () => {
    const analyze = await runCliProcess(['analyze', '--help']);
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toMatch(/^Usage: cadlens analyze /);
    expect(analyze.stdout).toContain('--tier <1-4>');
    expect(analyze.stdout).toContain('--verbose');
    const validate = await runCliProcess(['validate', '-h']);
    expect(validate.stdout).toMatch(/^Usage: cadlens validate /);
    expect(validate.stdout).not.toContain('--tier');
    const global = await runCliProcess(['--help']);
    expect(global.stdout).toContain("Run 'cadlens <command> --help'");
    // Every batch subcommand is named in the overview, redrive included.
    expect(global.stdout).toContain('cadlens batch submit|status|results|redrive');
  });

  it('migrate against an unreachable database shows the errno and the host, never the password', async () => {
    const run = await runCliProcess(['migrate', '--database-url', 'postgres://cadlens:s3cr3t-Pw@127.0.0.1:1/cadlens_db']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('STORE_UNAVAILABLE');
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).toContain('host 127.0.0.1, port 1, database cadlens_db');
    expect(run.stdout + run.stderr).not.toContain('s3cr3t');
  });
});

const scriptBin = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

describe('progress on a terminal (real pseudo-terminal through util-linux script)', () => {
  it.skipIf(!scriptBin)(`stage progress is drawn on a TTY stderr${scriptBin ? '' : ' — skipped: util-linux `script` not installed'}`, () => {
    const command = [process.execPath, '--import', 'tsx', CLI_BIN, 'validate', fixture('plate-hole.step'), fixture('cube.step')].map((a) => `'${a}'`).join(' ');
    const run = spawnSync(scriptBin!, ['-qec', command, '/dev/null'], { cwd: repo, encoding: 'utf8', timeout: 90_000 });
    expect(run.status).toBe(0);
    // The status line: batch bar, file, step, elapsed seconds; erased before the summary is printed.
    expect(run.stdout).toMatch(/\r\[-+\] 1\/2 \S*plate-hole\.step · tessellating \(OpenCascade\) \d+s\x1b\[K/);
    // The second file's bar has moved on, and its last step is drawn before its result is printed: the pool hands
    // every step to the CLI before the file's result (drain-job-port.ts; test/runtime/pool-step-order.test.ts).
    // The line drawn just before the summary is that last step.
    expect(run.stdout).toMatch(/\r\[#+-+\] 2\/2 \S*cube\.step · checking the geometry \d+s\x1b\[K\r\x1b\[K/);
    expect(run.stdout).toContain('\r\x1b[Kplate-hole.step  [OK]');
  });

  it('nothing on stderr when it is a pipe', async () => {
    const run = await runCliProcess(['validate', fixture('plate-hole.step'), fixture('cube.step')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('2 of 2 file(s) analysed cleanly');
  });
});
