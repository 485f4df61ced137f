import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { REPO_DIR } from '../support/shared-data.js';
import { consumerEnv, HAS_DIST, installIntoConsumer, NO_DIST_REASON, packTarball, repoVersionOf, type ConsumerInstall } from '../support/packed-package.js';

// The package as npm publishes it: packed from the current build, checked with @arethetypeswrong/cli and
// publint, then installed into an empty ESM project and an empty CommonJS project that type-check with
// `tsc --module node16` (what a Node project uses) and run.
const fixture = (name: string) => join(REPO_DIR, 'test/fixtures/step', name);
const tsc = join(REPO_DIR, 'node_modules/typescript/bin/tsc');
const attw = join(REPO_DIR, 'node_modules/@arethetypeswrong/cli/dist/index.js');
const ENTRIES = ['cadlens', 'cadlens/node', 'cadlens/browser', 'cadlens/testing', 'cadlens/adapters/memory', 'cadlens/adapters/file', 'cadlens/adapters/postgres', 'cadlens/adapters/supabase', 'cadlens/adapters/redis', 'cadlens/adapters/pg-boss'];

/** The consumer's code, the same for both module systems: typed imports from every Node-side entry, one analysis. */
const consumerSource = (topLevelAwait: boolean) => `
import { CADLENS_VERSION, isCadlensError, type AnalysisResult } from 'cadlens';
import { createNodeAnalyzer } from 'cadlens/node';
import { createMemoryStores } from 'cadlens/adapters/memory';
import { createFileStores } from 'cadlens/adapters/file';

const version: string = CADLENS_VERSION;
// @ts-expect-error CADLENS_VERSION is a string: this line only compiles if the declarations were found (not \`any\`)
const notANumber: number = CADLENS_VERSION;

async function main(): Promise<void> {
  const analyzer = createNodeAnalyzer();
  const result: AnalysisResult = await analyzer.analyzeFile(process.argv[2]!);
  await analyzer.dispose();
  console.log(JSON.stringify({
    version, notANumber: typeof notANumber, stores: typeof createMemoryStores, file: typeof createFileStores, isError: typeof isCadlensError,
    stages: result.stages.map((s) => s.passed), faces: result.part?.faces.length, tier: result.recognition?.tier ?? null,
  }));
}
${topLevelAwait ? 'await main();' : 'main().catch((e) => { console.error(e); process.exit(1); });'}
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, types: ['node'], skipLibCheck: true, outDir: 'out' },
  files: ['check.ts'],
});

/** Runs `tsc -p .` in a consumer project; returns its diagnostics (empty when it compiles). */
function typeCheck(dir: string): string {
  const r = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: dir, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim();
}

describe.skipIf(!HAS_DIST)(`the published package${HAS_DIST ? '' : ` — skipped: ${NO_DIST_REASON}`}`, () => {
  let dir: string;
  let tarball: string;
  const repoVersion = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')).version as string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadlens-published-'));
    tarball = packTarball(dir);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the build and the model with its manifest and card, but no source maps and no model-regeneration scripts', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'dist/cli-main.cjs', 'dist/pool-worker.js', 'dist/pool-worker-cached.js', 'dist/pool-worker-main.cjs']));
    expect(files).toEqual(expect.arrayContaining(['models/aagnet-mfinstseg.onnx', 'models/manifest.json', 'models/README.md', 'models/LICENSE-AAGNet.txt']));
    // The README links the guides in docs/: they ship with it (the generated API pages in docs/api do not).
    expect(files).toEqual(expect.arrayContaining(['docs/result-contract.md', 'docs/errors.md', 'docs/extending.md', 'docs/service.md', 'docs/recognition.md']));
    expect(files.filter((f) => f.startsWith('docs/api/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('models/tools/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/.'))).toEqual([]);
    // Built files carry no reference to a map that is not shipped (bundlers warn about those).
    expect(readFileSync(join(REPO_DIR, 'dist/index.js'), 'utf8')).not.toMatch(/sourceMappingURL/);
  });

  // npm 11 warned on every install of the tarball while its package.json kept `prepare` ("1 package has install scripts
  // not yet covered by allowScripts: cadlens@0.1.0 (prepare: …)"): the published manifest has no script at all
  // (tools/build/publish-manifest.mjs), and is otherwise the repository's.
  it('its package.json is the repository\'s without the development scripts', () => {
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    const { scripts, ...published } = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));
    expect(scripts.prepare).toBeDefined(); // the repository keeps it: `npm ci` builds dist/
    expect(packed.scripts).toBeUndefined();
    expect(packed).toEqual(published);
  });

  // onnxruntime-node/-web are optional peers: a consumer without them (skipLibCheck: false) must still compile cadlens's
  // declarations, so outside the adapters (each needs its own dependency) no declaration file imports their types.
  it("the declarations import no optional peer's types outside the adapters", () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const declarations = listed.filter((f) => /^package\/dist\/[^/]+\.d\.c?ts$/.test(f));
    expect(declarations.length).toBeGreaterThan(4);
    const peers = /(from |import\()['"](onnxruntime-node|onnxruntime-web|pg|pg-boss|ioredis|prom-client|@supabase\/supabase-js)['"]/;
    const code = (f: string) =>
      execFileSync('tar', ['-xzOf', tarball, f], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)); // doc comments show import lines as examples
    const importing = declarations.filter((f) => code(f).some((line) => peers.test(line)));
    expect(importing).toEqual([]);
  });

  it('@arethetypeswrong/cli: every entry resolves to types of the right format under node10, node16 (CJS and ESM) and bundler', () => {
    // cadlens/browser-worker is a module worker script: ESM only by design (no require condition).
    const r = spawnSync(process.execPath, [attw, tarball, '--format', 'json', '--exclude-entrypoints', './browser-worker'], { encoding: 'utf8', env: consumerEnv() });
    const report = JSON.parse(r.stdout) as {
      analysis: { problems: { kind: string; entrypoint?: string; resolutionKind?: string }[]; entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string; isTypeScript: boolean } }> }> };
    };
    expect(report.analysis.problems).toEqual([]);
    expect(r.status).toBe(0);
    const entrypoints = report.analysis.entrypoints;
    expect(Object.keys(entrypoints).map((e) => (e === '.' ? 'cadlens' : `cadlens/${e.slice(2)}`))).toEqual(expect.arrayContaining(ENTRIES));
    for (const [entry, { resolutions }] of Object.entries(entrypoints)) {
      if (entry === './package.json') continue;
      // CommonJS resolutions get the .d.cts declarations, ESM ones the .d.ts.
      expect(resolutions['node16-cjs'].resolution?.fileName, entry).toMatch(/\.d\.cts$/);
      expect(resolutions['node16-esm'].resolution?.fileName, entry).toMatch(/\.d\.ts$/);
      expect(resolutions.node10.resolution?.isTypeScript, entry).toBe(true);
      expect(resolutions.bundler.resolution?.fileName, entry).toMatch(/\.d\.ts$/);
    }
  }, 120_000);

  it('publint: no errors, warnings or suggestions', async () => {
    const tgz = readFileSync(tarball);
    const { messages } = await publint({ pack: { tarball: tgz.buffer.slice(tgz.byteOffset, tgz.byteOffset + tgz.byteLength) as ArrayBuffer }, level: 'suggestion' });
    expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`)).toEqual([]);
  });

  describe('installed into an empty CommonJS project ("type": "commonjs")', () => {
    let cjs: string;
    let install: ConsumerInstall;
    beforeAll(() => {
      cjs = join(dir, 'cjs');
      install = installIntoConsumer(cjs, tarball, { type: 'commonjs', extras: [`@types/node@${repoVersionOf('@types/node')}`] });
      writeFileSync(join(cjs, 'tsconfig.json'), TSCONFIG);
      writeFileSync(join(cjs, 'check.ts'), consumerSource(false));
    }, 300_000);

    it('type-checks with tsc --module node16 (no TS1479: the require condition has CommonJS declarations)', () => {
      expect(['npm-install', 'symlinked-node_modules']).toContain(install.mode);
      expect(typeCheck(cjs)).toBe('');
    }, 120_000);

    it('the compiled code require()s cadlens, cadlens/node and the adapters and analyses a part', () => {
      const out = execFileSync(process.execPath, ['out/check.js', fixture('cube.step')], { cwd: cjs, encoding: 'utf8', env: consumerEnv() });
      expect(readFileSync(join(cjs, 'out/check.js'), 'utf8')).toMatch(/require\("cadlens"\)/);
      expect(JSON.parse(out.trim().split('\n').pop()!)).toMatchObject({ version: repoVersion, stores: 'function', file: 'function', stages: [true, true, true, true, true], faces: 6 });
    }, 120_000);

    // README: `npm install cadlens` alone gives everything but Tier 1. That installation's service must not report
    // Tier 1 as available: every analysis skips it (`model_unavailable`).
    it("createCadlensService's health says whether Tier 1 can run: not without onnxruntime-node (degraded)", () => {
      const script = [
        "const { createCadlensService } = require('cadlens/node');",
        "const { createMemoryStores } = require('cadlens/adapters/memory');",
        'const service = createCadlensService({ stores: createMemoryStores() });',
        'service.metrics.health().then(async (h) => { console.log(JSON.stringify(h)); await service.dispose(); });',
      ].join('\n');
      const r = spawnSync(process.execPath, ['-e', script], { cwd: cjs, encoding: 'utf8', env: consumerEnv() });
      expect(r.stderr).toBe('');
      // Without a registry the consumer links the repository's node_modules, onnxruntime-node included.
      const tier1 = existsSync(join(cjs, 'node_modules', 'onnxruntime-node'));
      expect(JSON.parse(r.stdout.trim())).toMatchObject({ aagnet_available: tier1, status: tier1 ? 'healthy' : 'degraded', circuit_breaker: 'closed' });
    }, 60_000);

    it("require('cadlens') prints nothing on stderr (three is not loaded through its deprecated CommonJS build)", () => {
      const r = spawnSync(process.execPath, ['-e', "require('cadlens'); require('cadlens/node'); console.log('ok')"], { cwd: cjs, encoding: 'utf8', env: consumerEnv() });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('ok');
    }, 60_000);
  });

  describe('installed into an empty ESM project ("type": "module") with the README command', () => {
    let esm: string;
    let install: ConsumerInstall;
    beforeAll(() => {
      esm = join(dir, 'esm');
      // README: ONNXRUNTIME_NODE_INSTALL=skip npm install cadlens onnxruntime-node — install scripts run, and
      // onnxruntime-node's would download CUDA libraries from the internet without the variable.
      install = installIntoConsumer(esm, tarball, {
        type: 'module',
        extras: [`onnxruntime-node@${repoVersionOf('onnxruntime-node')}`, `@types/node@${repoVersionOf('@types/node')}`],
        env: { ONNXRUNTIME_NODE_INSTALL: 'skip' },
        ignoreScripts: false,
      });
      writeFileSync(join(esm, 'tsconfig.json'), TSCONFIG);
      writeFileSync(join(esm, 'check.ts'), consumerSource(true));
    }, 300_000);

    it('installs without npm config warnings (the variable is not an npm config key) nor unreviewed install scripts of cadlens', () => {
      expect(['npm-install', 'symlinked-node_modules']).toContain(install.mode);
      expect(install.stderr).not.toMatch(/Unknown (project|env|user|builtin|cli) config/);
      expect(install.stderr).not.toMatch(/cadlens@[^ ]+ \(prepare/);
    });

    it('type-checks with tsc --module node16', () => {
      expect(typeCheck(esm)).toBe('');
    }, 120_000);

    // A consumer that type-checks libraries too (skipLibCheck: false) reads every declaration file the imports
    // reach; the bundled ones must hold no error of their own (e.g. TS2502 `(z: typeof z)`).
    it('its declarations type-check with skipLibCheck: false as well', () => {
      const config = JSON.parse(TSCONFIG) as { compilerOptions: Record<string, unknown> };
      Object.assign(config.compilerOptions, { skipLibCheck: false, noEmit: true });
      writeFileSync(join(esm, 'tsconfig.libcheck.json'), JSON.stringify(config));
      const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.libcheck.json'], { cwd: esm, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    }, 120_000);

    it('the compiled code imports cadlens, cadlens/node and the adapters and analyses a part (Tier 1 on onnxruntime-node)', () => {
      const r = spawnSync(process.execPath, ['out/check.js', fixture('plate-hole.step')], { cwd: esm, encoding: 'utf8', env: consumerEnv() });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ version: repoVersion, stages: [true, true, true, true, true], faces: 7, tier: 1 });
    }, 120_000);
  });
});
