import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { z } from 'zod';
import { REPO_DIR } from '../support/shared-data.js';
import { HAS_DIST, NO_DIST_REASON } from '../support/packed-package.js';
import { analysisResultJsonSchema, analysisResultSchema, findingSchema, recognitionSchema, stageResultSchema } from '../../src/result/index.js';
import { buildResultSchemas } from '../../src/result/analysis-result-schema.js';

// Two triangles that cross (no shared vertex): one self-intersecting pair.
const CROSSING = 'new Float64Array([0,0,0, 2,0,0, 0,2,0, 0.5,0.2,-1, 0.5,0.2,1, 0.5,1.5,0]), new Uint32Array([0,1,2, 3,4,5])';

// Session 9: in Node, `cadlens` and `cadlens/node` load zod, three and three-mesh-bvh when a synchronous
// export first needs them (src/deferred-packages/deferred-module.ts). The result schemas are public values, so they
// stand in for the real zod schemas until touched (src/result/lazy-object.ts); this checks they behave as such.

describe('the exported result schemas behave as the zod schemas they stand for', () => {
  const fresh = buildResultSchemas(z);

  it('instanceof, parse, issues and the JSON Schema are those of the real schema', () => {
    for (const schema of [analysisResultSchema, findingSchema, stageResultSchema, recognitionSchema]) {
      expect(schema instanceof z.ZodObject).toBe(true);
      expect(schema instanceof z.ZodType).toBe(true);
    }
    const bad = { code: 'X', severity: 'fatal', message: 3 };
    expect(findingSchema.safeParse(bad).error?.issues).toEqual(fresh.findingSchema.safeParse(bad).error?.issues);
    expect(findingSchema.parse({ code: 'X', severity: 'info', message: 'm' })).toEqual({ code: 'X', severity: 'info', message: 'm' });
    expect(z.toJSONSchema(analysisResultSchema)).toEqual(z.toJSONSchema(fresh.analysisResultSchema));
    expect(analysisResultJsonSchema()).toEqual(z.toJSONSchema(fresh.analysisResultSchema));
  });

  it('shape, extend and composition into other schemas work', () => {
    expect(Object.keys(analysisResultSchema.shape)).toEqual(Object.keys(fresh.analysisResultSchema.shape));
    expect(Object.keys(findingSchema.extend({ extra: z.string() }).shape)).toContain('extra');
    const wrapped = z.object({ recognition: recognitionSchema.nullable(), findings: z.array(findingSchema) });
    expect(wrapped.safeParse({ recognition: null, findings: [{ code: 'X', severity: 'info', message: 'm' }] }).success).toBe(true);
    expect(wrapped.safeParse({ recognition: 1, findings: [] }).success).toBe(false);
    expect('safeParse' in stageResultSchema).toBe(true);
    expect(Object.getPrototypeOf(stageResultSchema)).toBe(Object.getPrototypeOf(fresh.stageResultSchema));
  });
});

/** Runs a script in a fresh Node process in the repository, so that `cadlens` resolves to the package itself (dist/). */
function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
}

// Records every module URL the ESM loader resolves (module hooks, Node ≥ 20.6) and posts it back.
const HOOKS = `let port; export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { const r = await next(specifier, context); port.postMessage(r.url); return r; }`;
const traced = (body: string) => `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (u) => urls.push(u));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { port: port2 }, transferList: [port2] });
${body}
await new Promise((r) => setTimeout(r, 200));
port1.close();
const heavy = [...new Set(urls.filter((u) => /node_modules\\/(zod|three|three-mesh-bvh)\\//.test(u)).map((u) => u.match(/node_modules\\/(zod|three-mesh-bvh|three)\\//)[1]))].sort();
console.log(JSON.stringify({ heavy, modules: urls.length, ...globalThis.report }));`;


describe('in a browser bundle (no synchronous loader) the entries provide the packages up front', () => {
  // esbuild honours package.json `sideEffects`: an entry's top-level provideStaticPackages() call survives only
  // because the entry file is listed there (a bundler following the re-exports would skip it otherwise).
  for (const entry of ['src/index.ts', 'src/browser.ts']) {
    it(`${entry}: loadConfig, a result schema and measureMesh work with process.getBuiltinModule gone`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cadlens-browser-bundle-'));
      try {
        const app = `import { measureMesh, loadConfig, findingSchema } from ${JSON.stringify(join(REPO_DIR, entry))};
globalThis.report = { pairs: measureMesh(${CROSSING}).selfIntersectingPairs, store: loadConfig({}).store, finding: findingSchema.safeParse({ code: 'X', severity: 'info', message: 'm' }).success };`;
        writeFileSync(join(dir, 'app.js'), app);
        await build({
          entryPoints: [join(dir, 'app.js')],
          bundle: true,
          platform: 'browser',
          format: 'esm',
          outfile: join(dir, 'out.mjs'),
          logLevel: 'silent',
          external: ['occt-import-js', 'onnxruntime-web'],
        });
        writeFileSync(join(dir, 'run.mjs'), `process.getBuiltinModule = undefined;\nawait import('./out.mjs');\nconsole.log(JSON.stringify(globalThis.report));`);
        const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'run.mjs')], { encoding: 'utf8' }).trim());
        expect(out).toEqual({ pairs: 1, store: 'memory', finding: true });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

describe.skipIf(!HAS_DIST)(`the built package in Node${HAS_DIST ? '' : ` — skipped: ${NO_DIST_REASON}`}`, () => {
  it("import('cadlens') and import('cadlens/node') load none of zod, three, three-mesh-bvh; the synchronous exports still work", () => {
    for (const entry of ['cadlens', 'cadlens/node']) {
      const out = JSON.parse(
        runNode([
          '--input-type=module',
          '-e',
          traced(`const c = await import('${entry}');
await new Promise((r) => setTimeout(r, 200));
globalThis.report = { before: urls.filter((u) => /node_modules\\/(zod|three)/.test(u)) };
globalThis.report.config = c.loadConfig({ MAX_FILE_SIZE_MB: '7' }).maxFileSizeMb;
globalThis.report.schema = [c.analysisResultSchema.safeParse({}).success, c.findingSchema instanceof (await import('zod')).z.ZodObject];
globalThis.report.pairs = c.measureMesh(${CROSSING}).selfIntersectingPairs;
try { c.loadConfig({ MAX_FILE_SIZE_MB: '-1' }); } catch (e) { globalThis.report.invalid = e.code; }`),
        ]),
      );
      expect(out.before, entry).toEqual([]);
      expect(out.modules, entry).toBeGreaterThan(10);
      expect(out, entry).toMatchObject({ config: 7, schema: [false, true], pairs: 1, invalid: 'CONFIG_INVALID' });
    }
  }, 60_000);

  it("control: the browser-safe build (dist/index.js, what bundlers get) imports them up front, so the trace can see them", () => {
    const out = JSON.parse(runNode(['--input-type=module', '-e', traced(`await import('./dist/index.js');`)]));
    // three-mesh-bvh is bundled into the ESM build (tsup.config.ts), so only three and zod resolve as packages.
    expect(out.heavy).toEqual(['three', 'zod']);
  }, 60_000);

  it('the browser entries provide the packages in their own file, which package.json sideEffects names', () => {
    // In a shared chunk imported only for its side effects, a bundler that honours sideEffects would drop the call.
    const sideEffects = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')).sideEffects as string[];
    for (const file of ['index.js', 'index.cjs', 'browser.js', 'browser.cjs']) {
      expect(readFileSync(join(REPO_DIR, 'dist', file), 'utf8'), file).toMatch(/^\S*provideStaticPackages\(\);$/m);
      expect(sideEffects, file).toContain(`./dist/${file}`);
    }
  });

  it("require('cadlens') loads none of them either, and loadConfig / measureMesh work", () => {
    const out = JSON.parse(
      runNode([
        '-e',
        `const c = require('cadlens');
const heavy = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/](zod|three|three-mesh-bvh)[\\\\/]/.test(f)).length;
const before = heavy();
console.log(JSON.stringify({ before, config: c.loadConfig({}).store, pairs: c.measureMesh(${CROSSING}).selfIntersectingPairs }));`,
      ]),
    );
    expect(out).toEqual({ before: 0, config: 'memory', pairs: 1 });
  }, 60_000);
});
