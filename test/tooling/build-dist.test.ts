import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../support/shared-data.js';

// tools/build/build-dist.mjs (`prepare` and `npm run build`) in a scratch project whose node_modules/.bin/tsup is
// a stand-in (a shell script that writes dist/ and counts its runs): the real tsup takes minutes; what is tested
// here is when the script decides to build.
const script = join(REPO_DIR, 'tools/build/build-dist.mjs');

describe('tools/build/build-dist.mjs builds dist/ only when its inputs changed (stand-in tsup)', () => {
  let dir: string;
  const runs = () => (existsSync(join(dir, 'runs')) ? readFileSync(join(dir, 'runs'), 'utf8').length : 0);
  const build = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8' });
  const standInTsup = (exitCode: number) =>
    writeFileSync(join(dir, 'node_modules/.bin/tsup'), `#!/bin/sh\nprintf x >> runs\nmkdir -p dist\necho built > dist/index.js\nexit ${exitCode}\n`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-build-dist-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'test'));
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"scratch"}');
    writeFileSync(join(dir, 'src/index.ts'), 'export const a = 1;\n');
    standInTsup(0);
    chmodSync(join(dir, 'node_modules/.bin/tsup'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds when there is no dist/, and stamps it', () => {
    expect(build().status).toBe(0);
    expect(runs()).toBe(1);
    expect(readFileSync(join(dir, 'dist/.build-inputs'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('skips when nothing changed, and when only a non-input (a test) changed', () => {
    const again = build();
    expect([again.status, runs()]).toEqual([0, 1]);
    expect(again.stdout).toContain('skipping tsup');
    writeFileSync(join(dir, 'test/a.test.ts'), 'new test\n');
    expect([build().status, runs()]).toEqual([0, 1]);
  });

  it('rebuilds when a source or package.json changes, and always with --force', () => {
    writeFileSync(join(dir, 'src/index.ts'), 'export const a = 2;\n');
    expect([build().status, runs()]).toEqual([0, 2]);
    writeFileSync(join(dir, 'package.json'), '{"name":"scratch","version":"2.0.0"}');
    expect([build().status, runs()]).toEqual([0, 3]);
    expect([build().status, runs()]).toEqual([0, 3]);
    expect([build('--force').status, runs()]).toEqual([0, 4]);
  });

  it('a failed build leaves no stamp, so the next run builds again', () => {
    writeFileSync(join(dir, 'src/index.ts'), 'export const a = 3;\n');
    standInTsup(1);
    expect(build().status).toBe(1);
    expect(existsSync(join(dir, 'dist/.build-inputs'))).toBe(false);
    standInTsup(0);
    expect([build().status, runs()]).toEqual([0, 6]);
    expect(existsSync(join(dir, 'dist/.build-inputs'))).toBe(true);
  });

  it('the package uses it: prepare builds if stale, build forces', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));
    expect(scripts.prepare).toBe('node tools/build/build-dist.mjs');
    expect(scripts.build).toBe('node tools/build/build-dist.mjs --force');
  });
});
