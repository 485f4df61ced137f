// A host started as `node --input-type=module -e "…"` (a one-line script, a REPL-like tool) used to get
// OCCT_WORKER_CRASHED on every file: OpenCascade's worker thread inherited `--input-type`, which Node refuses
// for a worker. Real child process, real OpenCascade worker, real fixture.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

describe('a host process started with --input-type=module -e', () => {
  it('tessellates through the OpenCascade worker (no OCCT_WORKER_CRASHED)', () => {
    const script = `
      import { createNodeAnalyzer } from './src/node.ts';
      const analyzer = createNodeAnalyzer({ recognizers: [] });
      const r = await analyzer.analyzeFile('test/fixtures/step/cube.step');
      console.log(JSON.stringify({ error: r.error?.code ?? null, triangles: r.part?.counts?.triangles ?? null }));
      await analyzer.dispose();`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(out.error).toBeNull();
    expect(out.triangles).toBeGreaterThan(0);
  }, 150_000);
});
