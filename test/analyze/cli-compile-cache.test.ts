import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'dist/cli.js');
const part = join(repo, 'examples/parts/plate-hole-pocket.step');
const built = existsSync(cli) && existsSync(join(repo, 'dist/cli-main.cjs'));

/** Runs the built executable with a compile-cache setting; the result without its timings and ids. */
function analyse(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [cli, 'analyze', '--json', ...args, part], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  const result = run.status === 0 ? (JSON.parse(run.stdout) as Record<string, unknown>) : null;
  const stable = JSON.stringify(result, (k, v) => (/timings|Ms$|requestId|At$/.test(k) ? undefined : v));
  return { status: run.status, stderr: run.stderr, result, stable };
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

// dist/ is what users run; it exists after `npm run build` (CI builds before testing).
describe.skipIf(!built)('cadlens executable: V8 code cache of the CLI bundle (dist/cli.js → dist/cli-main.cjs)', () => {
  it('the first run writes the cache, the second uses it unchanged; both give the same result, Tier 1 included (its import() works from the cache)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-cc-'));
    const first = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const files = cacheFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-run\.v8cache$/);
    const written = statSync(join(dir, files[0]));
    expect(written.size).toBeGreaterThan(100_000);

    const second = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stable).toBe(first.stable);
    expect((second.result as { recognition: { tier: number } }).recognition.tier).toBe(1);
    // Accepted by V8, so not rewritten.
    expect(statSync(join(dir, files[0])).mtimeMs).toBe(written.mtimeMs);

    // A run without the mesh keeps its own cache.
    expect(analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--mesh', 'never').status).toBe(0);
    expect(cacheFiles(dir).sort()).toEqual([files[0], files[0].replace(/-run\./, '-never.')].sort());
  }, 240_000);

  it('a corrupt cache is rejected and rewritten, with the same result; CADLENS_COMPILE_CACHE=0 writes none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-cc-'));
    const reference = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    const [file] = cacheFiles(dir);
    writeFileSync(join(dir, file), Buffer.alloc(4096, 7));
    const again = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stable).toBe(reference.stable);
    expect(readFileSync(join(dir, file)).subarray(0, 4096).equals(Buffer.alloc(4096, 7))).toBe(false);

    const off = mkdtempSync(join(tmpdir(), 'cadlens-cc-off-'));
    const uncached = analyse({ CADLENS_COMPILE_CACHE_DIR: off, CADLENS_COMPILE_CACHE: '0' });
    expect(uncached.status).toBe(0);
    expect(uncached.stable).toBe(reference.stable);
    expect(cacheFiles(off)).toEqual([]);
  }, 240_000);

  it('a cache folder others can write to is neither read nor written (V8 does not check code-cache bytes as untrusted input)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadlens-cc-shared-'));
    const reference = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    const [file] = cacheFiles(dir);
    const planted = statSync(join(dir, file)).mtimeMs;
    chmodSync(dir, 0o777);
    const shared = analyse({ CADLENS_COMPILE_CACHE_DIR: dir }, '--mesh', 'never');
    expect(shared.status).toBe(0);
    expect(shared.stderr).toBe('');
    expect(cacheFiles(dir)).toEqual([file]); // no '-never' cache written into the shared folder
    // The planted cache is not read: reading a valid one would leave it alone, and so does not reading it;
    // a world-writable *file* in a private folder is refused too and rewritten.
    chmodSync(dir, 0o700);
    chmodSync(join(dir, file), 0o666);
    const again = analyse({ CADLENS_COMPILE_CACHE_DIR: dir });
    expect(again.status).toBe(0);
    expect(again.stable).toBe(reference.stable);
    expect(statSync(join(dir, file)).mtimeMs).not.toBe(planted);
    expect(statSync(join(dir, file)).mode & 0o077).toBe(0);
  }, 240_000);
});
