/**
 * Dev-time check of a re-exported AAGNet model against the previous one on real parts: every part goes
 * through the real pipeline (STEP reader → Part → stock alignment → gAAG extractor, `mesh: 'never'`)
 * with Tier 1 alone, and every graph Tier 1 hands to its engine is run through **both** models
 * (onnxruntime-node, one thread each). Reports per part the max |Δ| of each output and whether the
 * per-face argmax and the instance grouping are identical. Exit 1 when any |Δ| exceeds the tolerance
 * or any class differs.
 *
 * The old model comes from git, e.g.
 *   mkdir -p .tmp && git show 6b7d166:models/aagnet-mfinstseg.onnx > .tmp/aagnet-mfinstseg-old.onnx
 *
 * Usage: npx tsx tools/inference/compare-models.ts [--old PATH] [--new PATH] [--set realworld|mfcad]
 *          [--split tune|all] [--limit N] [--parts D05,D16] [--tolerance 1e-4]
 *          [--write-fixture PATH [--append]]   (records the old model's outputs for test/inference/scatter-export.test.ts;
 *          --append adds to the graphs already in PATH)
 *   realworld: every part of ../shared/datasets/realworld/parts (the default --split all; a logit
 *   comparison of two exports of one network, not a recognition evaluation). mfcad: the tune portion,
 *   evenly sampled to --limit (default 200).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeFacePredictions, groupAagnetInstances, type AagnetInputs, type AagnetOutputs, type InferenceEngine } from '../../src/inference/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { createAagnetRecognizer } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { REALWORLD_DIR, REPO_DIR, evenSample, mfcadDir, mfcadNames } from '../../test/support/shared-data.js';
import { mfcadSplit } from '../eval/mfcad-split.js';
import { aagnetInputsHash } from './inputs-hash.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const oldPath = resolve(arg('--old') ?? join(REPO_DIR, '.tmp', 'aagnet-mfinstseg-old.onnx'));
const newPath = arg('--new') ? resolve(arg('--new')!) : undefined;
const set = arg('--set') ?? 'realworld';
const split = arg('--split') ?? (set === 'mfcad' ? 'tune' : 'all');
const limit = Number(arg('--limit') ?? (set === 'mfcad' ? 200 : Infinity));
const onlyParts = arg('--parts')?.split(',') ?? null;
const tolerance = Number(arg('--tolerance') ?? 1e-4);
const fixturePath = arg('--write-fixture');
const append = args.includes('--append');

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function listFiles(): { name: string; file: string }[] {
  if (set === 'realworld') {
    const dir = join(REALWORLD_DIR, 'parts');
    return readdirSync(dir)
      .sort()
      .filter((f) => !onlyParts || onlyParts.includes(f.split('__')[0]!))
      .map((f) => ({ name: f, file: join(dir, f) }))
      .slice(0, limit);
  }
  if (set === 'mfcad') {
    const dir = mfcadDir();
    if (!dir) throw new Error('MFCAD not available (../shared/datasets/mfcad)');
    const names = mfcadNames(dir).filter((n) => split === 'all' || mfcadSplit(n) === split);
    return evenSample(names, Math.min(limit, names.length))
      .filter((n) => !onlyParts || onlyParts.includes(n))
      .map((n) => ({ name: n, file: join(dir, `${n}.step`) }));
  }
  throw new Error(`--set ${set}: realworld or mfcad`);
}

interface GraphDiff {
  part: string;
  faces: number;
  edges: number;
  seg: number;
  inst: number;
  bottom: number;
  classesEqual: boolean;
  instancesEqual: boolean;
  newMs: number;
  oldMs: number;
}

/** The previous export (padded-table aggregation), models/ at commit 6b7d166. */
const OLD_SHA256 = '3699cc7d427d14cf5957cca752edb9bcb4f32d32d66d3088e50c23b623228f8b';
const single = { sessionOptions: { intraOpNumThreads: 1 } };
const oldEngine = await createOnnxNodeEngine({ modelPath: oldPath, expectedSha256: OLD_SHA256, maxFaces: 100_000, maxEdges: 1_000_000, ...single });
const newEngine = await createOnnxNodeEngine({ ...(newPath ? { modelPath: newPath } : {}), maxFaces: 100_000, maxEdges: 1_000_000, ...single });

let current = '';
const diffs: GraphDiff[] = [];
type FixtureGraph = { set: string; part: string; inputsSha256: string; faces: number; edges: number; old: { segLogits: number[]; bottomLogits: number[]; instLogits?: number[] } };
const fixture: FixtureGraph[] =
  fixturePath && append && existsSync(fixturePath) ? (JSON.parse(readFileSync(fixturePath, 'utf8')) as { graphs: FixtureGraph[] }).graphs : [];
const summary = (o: AagnetOutputs) => JSON.stringify(groupAagnetInstances(o).map((i) => [i.className, i.faces]));

/** Runs the new model (its answer goes back to Tier 1) and the old one on the same graph, and records the differences. */
const tee: InferenceEngine = {
  id: 'compare-models',
  provider: 'cpu',
  maxFaces: newEngine.maxFaces,
  async run(inputs) {
    let t = performance.now();
    const b = await newEngine.run(inputs);
    const newMs = performance.now() - t;
    t = performance.now();
    const a = await oldEngine.run(inputs);
    const oldMs = performance.now() - t;
    const ca = decodeFacePredictions(a).classIds;
    const cb = decodeFacePredictions(b).classIds;
    diffs.push({
      part: current,
      faces: inputs.faceCount,
      edges: inputs.edgeCount,
      seg: maxAbsDiff(a.segLogits, b.segLogits),
      inst: maxAbsDiff(a.instLogits, b.instLogits),
      bottom: maxAbsDiff(a.bottomLogits, b.bottomLogits),
      classesEqual: ca.length === cb.length && ca.every((v, i) => v === cb[i]),
      instancesEqual: summary(a) === summary(b),
      newMs,
      oldMs,
    });
    if (fixturePath) {
      const round = (x: Float32Array) => Array.from(x, (v) => Number(v.toPrecision(7)));
      fixture.push({
        set,
        part: current,
        inputsSha256: aagnetInputsHash(inputs),
        faces: inputs.faceCount,
        edges: inputs.edgeCount,
        old: {
          segLogits: round(a.segLogits),
          bottomLogits: round(a.bottomLogits),
          ...(inputs.faceCount <= 40 ? { instLogits: round(a.instLogits) } : {}),
        },
      });
    }
    return b;
  },
  async dispose() {},
};

const analyzer = createNodeAnalyzer({ mesh: 'never', recognizers: [createAagnetRecognizer({ engine: tee })] });
const files = listFiles();
let failed = 0;
for (const { name, file } of files) {
  current = name;
  const before = diffs.length;
  try {
    await analyzer.analyzeFile(file);
  } catch (err) {
    console.log(`${name}: analysis failed (${(err as Error).message})`);
    continue;
  }
  const mine = diffs.slice(before);
  if (mine.length === 0) console.log(`${name}: Tier 1 ran no graph`);
  for (const d of mine) {
    const bad = Math.max(d.seg, d.inst, d.bottom) > tolerance || !d.classesEqual;
    if (bad) failed++;
    console.log(
      `${name.padEnd(50).slice(0, 50)} N=${String(d.faces).padStart(5)} E=${String(d.edges).padStart(6)}  seg ${d.seg.toExponential(2)}  inst ${d.inst.toExponential(2)}  ` +
        `bottom ${d.bottom.toExponential(2)}  classes ${d.classesEqual ? 'same' : 'DIFFER'}  instances ${d.instancesEqual ? 'same' : 'differ'}  ` +
        `new/old ms ${d.newMs.toFixed(0)}/${d.oldMs.toFixed(0)}${bad ? '  FAIL' : ''}`,
    );
  }
}
await analyzer.dispose();
await oldEngine.dispose();
await newEngine.dispose();

const worst = (k: 'seg' | 'inst' | 'bottom') => diffs.reduce((m, d) => Math.max(m, d[k]), 0);
const sumNew = diffs.reduce((s, d) => s + d.newMs, 0);
const sumOld = diffs.reduce((s, d) => s + d.oldMs, 0);
console.log(
  `\n${set} ${split}: ${files.length} parts, ${diffs.length} graphs (${diffs.reduce((s, d) => s + d.faces, 0)} faces); ` +
    `max |old - new|: seg ${worst('seg').toExponential(2)}, inst ${worst('inst').toExponential(2)}, bottom ${worst('bottom').toExponential(2)} ` +
    `(tolerance ${tolerance}); graphs with different per-face classes: ${diffs.filter((d) => !d.classesEqual).length}; ` +
    `different instances: ${diffs.filter((d) => !d.instancesEqual).length}; inference time new/old (sum, new run first) ${(sumNew / sumOld).toFixed(2)}×`,
);
if (fixturePath) {
  writeFileSync(
    fixturePath,
    JSON.stringify({
      description:
        'Outputs of the previous AAGNet export (padded [N,K,128] aggregation, sha256 3699cc7d…) on graphs that Tier 1 builds from real parts ' +
        '(mesh never). Written by tools/inference/compare-models.ts --write-fixture; regenerate when the extractor changes (inputsSha256).',
      oldModelSha256: OLD_SHA256,
      graphs: fixture,
    }) + '\n',
  );
  console.log(`wrote ${fixturePath}`);
}
process.exit(failed > 0 ? 1 : 0);
