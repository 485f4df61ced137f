// A host started as `node --input-type=module -e "…"` (a one-line script, a REPL-like tool) used to get
// OCCT_WORKER_CRASHED on every file: OpenCascade's worker thread inherited `--input-type`, which Node refuses
// for a worker. Real child process, real OpenCascade worker, real fixture.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const script = `
      import { createNodeAnalyzer } from './src/node.ts';
      const analyzer = createNodeAnalyzer({ recognizers: [] });
      const r = await analyzer.analyzeFile('test/fixtures/step/cube.step');
      console.log(JSON.stringify({ error: r.error?.code ?? null, triangles: r.part?.counts?.triangles ?? null }));
      await analyzer.dispose();`;

function analyseIn(nodeArgs: string[]): { error: string | null; triangles: number | null } {
  const run = spawnSync(process.execPath, [...nodeArgs, '-e', script], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

describe('a host process started with --input-type=module -e', () => {
  it('tessellates through the OpenCascade worker (no OCCT_WORKER_CRASHED)', () => {
    const out = analyseIn(['--import', 'tsx', '--input-type=module']);
    expect(out.error).toBeNull();
    expect(out.triangles).toBeGreaterThan(0);
  }, 150_000);
});

// Node refuses V8 flags in a worker's explicit execArgv (ERR_WORKER_INVALID_EXEC_ARGV): a host started with
// `--max-old-space-size=…` or `--liftoff-only` used to get OCCT_WORKER_CRASHED on every file (session 7).
describe('a host process started with V8 flags', () => {
  it('--max-old-space-size and --liftoff-only: the worker starts and tessellates', () => {
    const out = analyseIn(['--max-old-space-size=2048', '--liftoff-only', '--import', 'tsx', '--input-type=module']);
    expect(out.error).toBeNull();
    expect(out.triangles).toBeGreaterThan(0);
  }, 150_000);
});
