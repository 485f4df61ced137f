import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { join } from 'node:path';
import { HAS_CHROMIUM, NO_CHROMIUM_REASON } from './support/chromium.js';
import { openHarness, REPO, type HarnessPage } from './support/harness-page.js';
import { HAS_DIST, installIntoConsumer, NO_DIST_REASON, packTarball, repoVersionOf, type InstallMode } from '../support/packed-package.js';

// Packs what `npm run build` produced (CI builds before testing; the build itself takes ~1.5 min, too
// slow to repeat here), installs the tarball into an empty project the way a user would, and uses it
// from Node (ESM and CJS) and from a browser bundle in Chromium.
const fixture = (name: string) => join(REPO, 'test/fixtures/step', name);

const ESM_CHECK = `
const root = await import('cadlens');
const node = await import('cadlens/node');
const browser = await import('cadlens/browser');
const analyzer = node.createNodeAnalyzer();
const r = await analyzer.analyzeFile(process.argv[2]);
await analyzer.dispose();
console.log(JSON.stringify({
  root: typeof root.createAnalyzer, version: root.CADLENS_VERSION, browser: typeof browser.createBrowserAnalyzer,
  stages: r.stages.map((s) => s.passed), stepIds: r.part && r.part.faces.map((f) => f.stepId),
  tier: r.recognition && r.recognition.tier, provider: r.recognition && r.recognition.details && r.recognition.details.provider,
  classes: r.recognition && r.recognition.faces.map((f) => f.className),
}));`;
const CJS_CHECK = `
const root = require('cadlens');
const node = require('cadlens/node');
console.log(JSON.stringify({ root: typeof root.createAnalyzer, node: typeof node.createNodeAnalyzer, version: root.CADLENS_VERSION }));`;

const title = `the packed tarball, installed into an empty project${HAS_DIST ? '' : ` — skipped: ${NO_DIST_REASON}`}`;

if (!HAS_DIST) console.warn(`[skip] ${NO_DIST_REASON}: packed-tarball tests skipped`);
else if (!HAS_CHROMIUM) console.warn(`[skip] ${NO_CHROMIUM_REASON} (the packed-tarball Node checks still run)`);

describe.skipIf(!HAS_DIST)(title, () => {
  let dir: string;
  let mode: InstallMode;
  let nodeClasses: string[] | undefined;
  const repoVersion = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
  const installed = () => join(dir, 'node_modules', 'cadlens');
  const node = (file: string, ...args: string[]) =>
    JSON.parse(execFileSync(process.execPath, [join(dir, file), ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-consumer-'));
    const tgz = packTarball(dir);
    mode = installIntoConsumer(dir, tgz, {
      type: 'module',
      extras: [`onnxruntime-web@${repoVersionOf('onnxruntime-web')}`, `onnxruntime-node@${repoVersionOf('onnxruntime-node')}`],
    }).mode;
    writeFileSync(join(dir, 'esm-check.mjs'), ESM_CHECK);
    writeFileSync(join(dir, 'cjs-check.cjs'), CJS_CHECK);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the tarball holds the build and the model, not the sources or tests', () => {
    expect(['npm-install', 'symlinked-node_modules']).toContain(mode);
    const files = readdirSync(installed());
    expect(files).toEqual(expect.arrayContaining(['dist', 'models', 'package.json', 'LICENSE', 'README.md']));
    expect(files).not.toContain('src');
    expect(files).not.toContain('test');
    expect(existsSync(join(installed(), 'models/aagnet-mfinstseg.onnx'))).toBe(true);
    expect(existsSync(join(installed(), 'models/aagnet-cadlens-ft.onnx'))).toBe(true); // the network the browser docs serve
    expect(readFileSync(join(installed(), 'dist/browser.js'), 'utf8'), 'dist/ predates createBrowserAnalyzer: run `npm run build`').toContain('createBrowserAnalyzer');
  });

  it('the installed ESM entries `cadlens` and `cadlens/browser` reach no Node built-in (esbuild, platform browser)', async () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const entry of ['dist/index.js', 'dist/browser.js']) {
      const seen: string[] = [];
      await build({
        entryPoints: [join(installed(), entry)],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        external: ['occt-import-js', 'onnxruntime-web'],
        plugins: [
          {
            name: 'record-node-builtins',
            setup(b) {
              b.onResolve({ filter: /.*/ }, (args) => {
                if (builtins.has(args.path)) {
                  seen.push(`${args.path} (from ${args.importer.slice(installed().length + 1)})`);
                  return { path: args.path, external: true };
                }
                return undefined;
              });
            },
          },
        ],
      });
      expect(seen, entry).toEqual([]);
    }
  });

  it("ESM: import('cadlens'), import('cadlens/node'), import('cadlens/browser'); cadlens/node analyses plate-hole.step (Tier 1 on onnxruntime-node)", () => {
    const out = node('esm-check.mjs', fixture('plate-hole.step'));
    expect(out).toMatchObject({ root: 'function', browser: 'function', version: repoVersion });
    expect(out.stages).toEqual([true, true, true, true, true]);
    expect(out.stepIds).toEqual([65, 97, 112, 127, 136, 145, 154]);
    expect([out.tier, out.provider]).toEqual([1, 'cpu']);
    expect(out.classes).toHaveLength(7);
    nodeClasses = out.classes;
  }, 60_000);

  it("CJS: require('cadlens') and require('cadlens/node')", () => {
    expect(node('cjs-check.cjs')).toEqual({ root: 'function', node: 'function', version: repoVersion });
  }, 30_000);

  describe.skipIf(!HAS_CHROMIUM)(`its browser entry bundled from the install, in Chromium${HAS_CHROMIUM ? '' : ` — skipped: ${NO_CHROMIUM_REASON}`}`, () => {
    let h: HarnessPage;
    beforeAll(async () => {
      h = await openHarness(join(installed(), 'dist/browser.js'), { modelsDir: join(installed(), 'models') });
    }, 90_000);
    afterAll(async () => {
      await h?.close();
    });

    it('bundles from the installed package (not src/), analyses cube.step, and Tier 1 falls back to wasm on plate-hole.step', async () => {
      expect(h.bundleInputs.some((p) => p.includes('node_modules/cadlens/dist/'))).toBe(true);
      expect(h.bundleInputs.some((p) => p.startsWith('src/') || p.includes('/src/runtime/'))).toBe(false);
      const cube = await h.call('analyzeCore', '/fixtures/cube.step', 'cube.step');
      expect(cube.stages.every((s) => s.passed)).toBe(true);
      expect(cube.part!.faces.map((f) => f.stepId)).toEqual([46, 76, 91, 106, 115, 124]);
      expect(cube.part!.volumeMm3).toBeCloseTo(1000, 6);
      const plate = await h.call('analyzeBrowser', '/fixtures/plate-hole.step', 'plate-hole.step');
      expect([plate.recognition!.tier, plate.recognition!.details!.provider]).toEqual([1, 'wasm']);
      expect(plate.recognition!.faces).toHaveLength(7);
      if (nodeClasses) expect(plate.recognition!.faces.map((f) => f.className)).toEqual(nodeClasses); // same as onnxruntime-node
      expect(h.problems).toEqual({ errors: [], offOrigin: [] });
    }, 60_000);
  });
});
