import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../support/shared-data.js';
import { consumerEnv } from '../support/packed-package.js';

// The real npm lifecycle (`npm pack`, `npm publish --dry-run`) on a scratch package that carries this repository's
// build and packing scripts, with a stand-in tsup (the real one takes minutes; build-dist.test.ts tests when it
// builds). Before session 24 the packed package.json kept `prepare`, and npm 11 warned on every install of the
// tarball: "1 package has install scripts not yet covered by allowScripts: cadlens@0.1.0 (prepare: …)".
const repoScripts = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')).scripts as Record<string, string>;
const LIFECYCLE = ['prepare', 'prepack', 'postpack'] as const;

describe('npm pack and npm publish ship package.json without the development scripts (real npm, scratch package)', () => {
  let dir: string;
  let manifest: string;
  const npm = (...args: string[]) => spawnSync('npm', args, { cwd: dir, encoding: 'utf8', env: consumerEnv(), timeout: 120_000 });
  const tsupRuns = () => (existsSync(join(dir, 'runs')) ? readFileSync(join(dir, 'runs'), 'utf8').length : 0);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-publish-manifest-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'tools/build'), { recursive: true });
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    for (const script of ['build-dist.mjs', 'publish-manifest.mjs']) copyFileSync(join(REPO_DIR, 'tools/build', script), join(dir, 'tools/build', script));
    writeFileSync(join(dir, 'node_modules/.bin/tsup'), '#!/bin/sh\nprintf x >> runs\nmkdir -p dist\necho built > dist/index.js\n');
    chmodSync(join(dir, 'node_modules/.bin/tsup'), 0o755);
    writeFileSync(join(dir, 'src/index.ts'), 'export const a = 1;\n');
    const scripts = Object.fromEntries(LIFECYCLE.map((name) => [name, repoScripts[name]]));
    manifest = `${JSON.stringify({ name: 'scratch-cadlens', version: '1.0.0', files: ['dist', '!dist/.build-inputs'], scripts, dependencies: {} }, null, 2)}\n`;
    writeFileSync(join(dir, 'package.json'), manifest);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the repository wires every step: prepare and prepack build dist/ if stale, prepack strips, postpack restores', () => {
    for (const name of LIFECYCLE) expect(repoScripts[name], name).toContain('tools/build/');
    expect(repoScripts.prepack).toMatch(/build-dist\.mjs && node tools\/build\/publish-manifest\.mjs strip$/);
  });

  it('npm pack: the packed package.json has no scripts (the rest as written), the build ran once, and package.json is back byte for byte', () => {
    const run = npm('pack', '--json');
    expect(run.status, run.stderr).toBe(0);
    const [{ filename }] = JSON.parse(run.stdout) as { filename: string }[];
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', join(dir, filename!), 'package/package.json'], { encoding: 'utf8' }));
    expect(packed.scripts).toBeUndefined();
    expect(packed).toMatchObject({ name: 'scratch-cadlens', version: '1.0.0', files: ['dist', '!dist/.build-inputs'] });
    const listed = execFileSync('tar', ['-tzf', join(dir, filename!)], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(['package/dist/index.js', 'package/package.json']);
    expect(tsupRuns()).toBe(1); // prepack built the stale dist/ before packing
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
    expect(existsSync(join(dir, 'package.json.packing'))).toBe(false);
    // A second pack finds dist/ fresh: no build.
    expect(npm('pack', '--json').status).toBe(0);
    expect(tsupRuns()).toBe(1);
  }, 120_000);

  it('npm publish of the packed tarball (dry run, offline) runs no script and leaves package.json as it was', () => {
    expect(npm('pack').status).toBe(0);
    const run = npm('publish', '--dry-run', '--force', '--registry', 'http://127.0.0.1:9/', './scratch-cadlens-1.0.0.tgz');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/> scratch-cadlens@1\.0\.0 (prepack|postpack|prepare)/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
    expect(existsSync(join(dir, 'package.json.packing'))).toBe(false);
  }, 120_000);

  it('npm pack --pack-destination to a folder that does not exist stops before the strip: package.json untouched', () => {
    // Before, npm failed after prepack had stripped package.json and skipped postpack; the next pack then shipped it
    // unbuilt and unstripped-by-design (no prepack left to run). New-user trial, session 24.
    const run = npm('pack', '--pack-destination', join(dir, 'no-such-folder'));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/the pack destination .*no-such-folder does not exist/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
    expect(existsSync(join(dir, 'package.json.packing'))).toBe(false);
    mkdirSync(join(dir, 'out'));
    const ok = npm('pack', '--pack-destination', join(dir, 'out'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(existsSync(join(dir, 'out/scratch-cadlens-1.0.0.tgz'))).toBe(true);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
  }, 120_000);

  it('a pack that died after the strip leaves the saved copy: restore (or the next strip) puts the original back', () => {
    const script = join(dir, 'tools/build/publish-manifest.mjs');
    execFileSync(process.execPath, [script, 'strip'], { cwd: dir });
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toBeUndefined();
    execFileSync(process.execPath, [script, 'strip'], { cwd: dir }); // stripping twice keeps the original saved
    execFileSync(process.execPath, [script, 'restore'], { cwd: dir });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(manifest);
  });
});
