import { describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles an entry the way tsup does (ESM, code splitting, packages external) and splits what it reaches
 * into what loads with the entry (static imports from the entry, followed through chunks) and what loads
 * only behind an `import()`. A cold `cadlens analyze --mesh never` pays for the first set only.
 */
async function entryModules(file: string) {
  const result = await build({
    entryPoints: { entry: `${root}/${file}` },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: '/virtual-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    packages: 'external',
    tsconfig: `${root}/tsconfig.json`,
  });
  const { outputs } = result.metafile as Metafile;
  const entry = Object.keys(outputs).find((p) => outputs[p].entryPoint?.endsWith(file))!;
  const walk = (followDynamic: boolean) => {
    const chunks = new Set<string>();
    const packages = new Set<string>();
    const stack = [entry];
    while (stack.length > 0) {
      const out = stack.pop()!;
      if (chunks.has(out)) continue;
      chunks.add(out);
      for (const imp of outputs[out].imports) {
        if (imp.kind !== 'import-statement' && !(followDynamic && imp.kind === 'dynamic-import')) continue;
        if (imp.external) packages.add(imp.path.replace(/^node:/, '').split('/')[0].startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]);
        else stack.push(imp.path);
      }
    }
    const sources = [...chunks].flatMap((c) => Object.keys(outputs[c].inputs));
    return { packages: [...packages].sort(), sources };
  };
  return { eager: walk(false), all: walk(true) };
}

describe('the CLI loads what a one-file analysis needs, the rest on demand', () => {
  it('zod, three, three-mesh-bvh, onnxruntime, OpenCascade, pg and the HTTP and pool code are not loaded with the CLI', async () => {
    const { eager, all } = await entryModules('src/runtime/node/cli/bin.ts');
    const lazy = ['zod', 'three', 'three-mesh-bvh', 'onnxruntime-node', 'occt-import-js', 'pg', 'pg-boss', 'piscina', 'tinyglobby'];
    expect(eager.packages.filter((p) => lazy.includes(p))).toEqual([]);
    for (const folder of ['src/formats/mesh/', 'src/stages/heal/', 'src/runtime/node/http/', 'src/runtime/node/pool/', 'src/geometry/bvh-self-intersection.ts', 'src/result/analysis-result-schema.ts'])
      expect(eager.sources.filter((s) => s.startsWith(folder)), folder).toEqual([]);
    // Control: they are still reachable (behind import()), so the check above can fail.
    expect(all.packages).toEqual(expect.arrayContaining(['zod', 'three', 'three-mesh-bvh', 'onnxruntime-node']));
    expect(all.sources).toEqual(expect.arrayContaining(['src/geometry/bvh-self-intersection.ts', 'src/result/analysis-result-schema.ts', 'src/stages/heal/heal-mesh.ts']));
  }, 60_000);
});

describe('the cadlens/node library entry loads the pool and HTTP packages on demand', () => {
  it('piscina and busboy are imported at first use, not with the entry', async () => {
    const { eager, all } = await entryModules('src/node.ts');
    expect(eager.packages.filter((p) => ['piscina', 'busboy'].includes(p))).toEqual([]);
    // Control: both are reachable behind import().
    expect(all.packages).toEqual(expect.arrayContaining(['piscina', 'busboy']));
  }, 60_000);
});

describe('the Node entries load zod, three and three-mesh-bvh on demand (session 9)', () => {
  // loadConfig, the result schemas, healMesh and measureMesh get them through src/deferred-packages/deferred-module.ts;
  // the analyzer's own mesh, validator and cache paths import them behind import().
  for (const entry of ['src/node.ts', 'src/index-node.ts']) {
    it(`${entry}: none of them with the entry, all reachable behind import()`, async () => {
      const { eager, all } = await entryModules(entry);
      expect(eager.packages.filter((p) => ['zod', 'three', 'three-mesh-bvh'].includes(p))).toEqual([]);
      expect(all.packages).toEqual(expect.arrayContaining(['zod', 'three', 'three-mesh-bvh']));
    }, 60_000);
  }

  it('control: the browser-safe entry (no synchronous loader in a browser) imports them up front', async () => {
    const { eager } = await entryModules('src/index.ts');
    expect(eager.packages).toEqual(expect.arrayContaining(['zod', 'three', 'three-mesh-bvh']));
  }, 60_000);
});
