import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'dist/cli.js');
const parts = ['block-pocket.step', 'fillet-block.step', 'plate-hole-pocket.step'].map((f) => join(repo, 'test/fixtures/step', f));
const built = ['dist/cli.js', 'dist/cli-main.cjs', 'dist/pool-worker-cached.js', 'dist/pool-worker-main.cjs'].every((f) => existsSync(join(repo, f)));

/** Runs the built executable over several files (so on the analyzer pool); the results without timings and ids. */
function analyse(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [cli, 'analyze', '--json', ...args, ...parts], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, ...env } });
  const results = run.status === 0 ? (JSON.parse(run.stdout) as Array<Record<string, unknown>>) : null;
  const stable = JSON.stringify(results, (k, v) => (/timings|Ms$|requestId|At$/.test(k) ? undefined : v));
  return { status: run.status, stderr: run.stderr, results, stable };
}

const poolCaches = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('pool-worker-') && f.endsWith('.v8cache'));

// dist/ is what users run; it exists after `npm run build` (CI builds before testing).
describe.skipIf(!built)('cadlens executable: V8 code cache of the analyzer pool workers (dist/pool-worker-cached.js → dist/pool-worker-main.cjs)', () => {
  it('a several-file run writes the workers\' cache; the next run uses it unchanged, with the same results as without any cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-pwc-'));
    const first = analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--concurrency', '2');
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.results).toHaveLength(parts.length);
    const files = poolCaches(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-run\.v8cache$/);
    const written = statSync(join(dir, files[0]!));
    // Written after a job, so it holds the functions a job compiled, not only the bundle's top level.
    expect(written.size).toBeGreaterThan(500_000);
    expect(written.mode & 0o077).toBe(0);

    const second = analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--concurrency', '2');
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stable).toBe(first.stable);
    // Tier 1 ran in the workers: the onnxruntime import() works from a cached script.
    expect(second.results!.map((r) => (r as { recognition: { tier: number } }).recognition.tier)).toEqual(parts.map(() => 1));
    // Accepted by V8, so not rewritten.
    expect(statSync(join(dir, files[0]!)).mtimeMs).toBe(written.mtimeMs);

    // The same results with the cache off: the workers then load dist/pool-worker.js as a library pool does.
    const off = mkdtempSync(join(tmpdir(), 'cadlens-pwc-off-'));
    const uncached = analyse({ CADLENS_COMPILE_CACHE_DIR: off, CADLENS_COMPILE_CACHE: '0' }, '--concurrency', '2');
    expect(uncached.status).toBe(0);
    expect(uncached.stable).toBe(first.stable);
    expect(readdirSync(off)).toEqual([]);
  }, 300_000);

  it('a corrupt workers\' cache is rejected by V8 and rewritten, with the same results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-pwc-'));
    const reference = analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--concurrency', '1');
    expect(reference.status).toBe(0);
    const [file] = poolCaches(dir);
    expect(file).toBeDefined();
    writeFileSync(join(dir, file!), Buffer.alloc(4096, 7));
    const again = analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--concurrency', '1');
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stable).toBe(reference.stable);
    const rewritten = readFileSync(join(dir, file!));
    expect(rewritten.length).toBeGreaterThan(500_000);
    expect(rewritten.subarray(0, 4096).equals(Buffer.alloc(4096, 7))).toBe(false);
  }, 300_000);
});
