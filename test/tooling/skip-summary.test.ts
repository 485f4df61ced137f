import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HAS_SHARED, NO_SHARED_REASON, REPO_DIR, SHARED_DIR, sharedDirFrom, sharedTitle } from '../support/shared-data.js';
import { NO_REASON, skipReasonOf, summarizeSkips } from '../support/skip-summary.js';

describe('where the shared data is: CADLENS_SHARED_DIR, else ../shared', () => {
  it('an absolute or relative CADLENS_SHARED_DIR is used (relative to the working directory); unset or blank means ../shared', () => {
    expect(sharedDirFrom({ CADLENS_SHARED_DIR: '/data/cad' })).toBe('/data/cad');
    expect(sharedDirFrom({ CADLENS_SHARED_DIR: 'data' })).toBe(resolve(process.cwd(), 'data'));
    expect(sharedDirFrom({})).toBe(resolve(REPO_DIR, '..', 'shared'));
    expect(sharedDirFrom({ CADLENS_SHARED_DIR: '  ' })).toBe(resolve(REPO_DIR, '..', 'shared'));
  });

  it('the skip reason names the folder that was looked for and the variable', () => {
    expect(NO_SHARED_REASON).toContain(SHARED_DIR);
    expect(NO_SHARED_REASON).toContain('CADLENS_SHARED_DIR');
    expect(sharedTitle('suite')).toBe(HAS_SHARED ? 'suite' : `suite — skipped: ${NO_SHARED_REASON}`);
  });
});

describe('the one-line skip summary', () => {
  it('reads the reason from the innermost name that gives one, in each of the forms the tests use', () => {
    expect(skipReasonOf({ names: ['realworld — skipped: shared data not found at /x (set CADLENS_SHARED_DIR)', 'D01'] })).toBe(
      'shared data not found at /x (set CADLENS_SHARED_DIR)',
    );
    expect(skipReasonOf({ names: ['postgres migrations (skipped: no database at 127.0.0.1:5432)', 'applies'] })).toBe('no database at 127.0.0.1:5432');
    expect(skipReasonOf({ names: ['suite (skipped: shared data not found at /x (set CADLENS_SHARED_DIR))'] })).toBe('shared data not found at /x (set CADLENS_SHARED_DIR)');
    expect(skipReasonOf({ names: ['realworld', 'D30 — large assembly, set CADLENS_FULL=1'] })).toBe('large assembly, set CADLENS_FULL=1');
    expect(skipReasonOf({ names: ['outer — skipped: A', 'inner — skipped: B', 'test'] })).toBe('B');
    expect(skipReasonOf({ names: ['plain suite', 'plain test'] })).toBe(NO_REASON);
  });

  it('counts by reason, largest group first; nothing skipped prints nothing', () => {
    const skipped = [
      { names: ['a — skipped: no shared data'] },
      { names: ['b — skipped: no shared data'] },
      { names: ['c — skipped: no Chromium'] },
      { names: ['d'] },
    ];
    expect(summarizeSkips(skipped, 10)).toBe(`[skipped] 4 of 10 tests: 2 no shared data; 1 no Chromium; 1 ${NO_REASON}`);
    expect(summarizeSkips([], 10)).toBeNull();
  });

  describe('a real vitest run (child process) of a suite that needs the shared data', () => {
    let dir: string;
    // The child is a vitest of its own: drop this run's worker variables so it starts clean.
    const env = (sharedDir: string) => {
      const e: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && k !== 'TINYPOOL_WORKER_ID') e[k] = v;
      return { ...e, CADLENS_SHARED_DIR: sharedDir, NO_COLOR: '1' };
    };
    const vitest = (sharedDir: string) =>
      spawnSync(process.execPath, [join(REPO_DIR, 'node_modules/vitest/vitest.mjs'), 'run', 'test/gaag/occt-uvgrid.test.ts'], {
        cwd: REPO_DIR,
        encoding: 'utf8',
        env: env(sharedDir),
      });
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cadlens-shared-dir-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('CADLENS_SHARED_DIR pointing nowhere: every test skips and the last line says how many and why', () => {
      const missing = join(dir, 'nowhere');
      const r = vitest(missing);
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines.filter((l) => l.startsWith('[skipped]'))).toEqual([
        `[skipped] 3 of 3 tests: 3 shared data not found at ${missing} (needs models/aagnet; set CADLENS_SHARED_DIR)`,
      ]);
      expect(lines.at(-1)).toMatch(/^\[skipped\]/);
    }, 120_000);

    it.skipIf(!HAS_SHARED)(`CADLENS_SHARED_DIR pointing at a copy of the layout elsewhere: the tests run${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
      const elsewhere = join(dir, 'elsewhere');
      mkdirSync(join(elsewhere, 'models'), { recursive: true });
      symlinkSync(join(SHARED_DIR, 'models', 'aagnet'), join(elsewhere, 'models', 'aagnet'));
      const r = vitest(elsewhere);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Tests\s+3 passed \(3\)/);
      expect(r.stdout).not.toContain('[skipped]');
    }, 120_000);
  });
});
