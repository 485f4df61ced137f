/**
 * Dev tool (issue 9, fine-tuning Tier 1): writes Tier 1's exact network inputs for labelled parts —
 * the same {@link AagnetInputs} the shipped recognizer hands onnxruntime (stock alignment, the
 * TypeScript gAAG extractor, its face order), captured by wrapping the engine — together with the
 * per-node truth, so that a trainer (models/tools/finetune_aagnet.py) sees what the engine sees.
 *
 *   npx tsx tools/training/dump-aagnet-inputs.ts --set synthetic --dir /work/gen/train201 --out /work/train/gen201
 *   npx tsx tools/training/dump-aagnet-inputs.ts --set mfcad --split tune --every 15 --out /work/train/mfcad
 *   npx tsx tools/training/dump-aagnet-inputs.ts --set realworld --split tune --names D01,D03 --out /work/train/realA
 *
 * Real parts (`--set realworld`, tune split only; `--names` picks files) are dumped body by body, as the pipeline
 * hands Tier 1 one closed solid at a time; their faces labelled `other_feature` carry no class (-1), and they
 * have no instance or bottom truth (-1).
 * `--every K` keeps every K-th item of the set (sorted names), `--offset O` shifts the pick; `--exclude-eval-sample N`
 * drops the N parts `npm run eval -- --limit N` would take, so those stay unseen; `--eval-sample N` dumps exactly those
 * (for scoring the network on an evaluation sample, never for training).
 * Parts Tier 1 declines are skipped (they never reach the network). Output folder:
 *   index.json      [{ name, n, e, face, edge }]  (face / edge = row offsets into the tensors below)
 *   face_attr.f32   [ΣN, 10]      face_grid.f32 [ΣN, 7, 5, 5]
 *   edge_index.i32  [2 per edge: src, dst], part-local node ids
 *   edge_attr.f32   [ΣE, 12]
 *   seg.i32         [ΣN] AAGNet class per node (-1 = not labelled)
 *   inst.i32        [ΣN] instance group per node within its part (-1 = stock / unknown), generated parts: the
 *                   label file's `inst` groups (composites not merged: the network's instances are plain ones)
 *   bottom.i32      [ΣN] 1 / 0, -1 unknown
 *   ref_seg.f32     [ΣN, 25] the shipped model's seg logits on these inputs (to check the PyTorch model), or those
 *                   of `--model FILE.onnx` (to check an exported fine-tuned model against its PyTorch weights)
 * Not in the repository's data: run it on dev/train folders only (never the validation portions).
 * @internal
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Part } from '../../src/model/index.js';
import { createOnnxNodeEngine } from '../../src/runtime/node/onnx-engine.js';
import { createAagnetRecognizer, type GaagExtraction } from '../../src/stages/recognize/tier1-aagnet/index.js';
import { extractGaag } from '../../src/features/gaag/index.js';
import type { AagnetInputs, AagnetOutputs, InferenceEngine } from '../../src/inference/index.js';
import type { RecognizeContext } from '../../src/stages/recognize/index.js';
import { listSet, type SetName } from '../eval/eval-sets.js';
import { loadLabelledPart } from '../eval/labelled-part.js';
import { createEvalTessellator } from '../eval/tier2-data.js';
import { evenSample } from '../eval/dataset-sampling.js';

const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    dir: { type: 'string' },
    split: { type: 'string' },
    out: { type: 'string' },
    every: { type: 'string' },
    offset: { type: 'string' },
    limit: { type: 'string' },
    'exclude-eval-sample': { type: 'string' },
    'eval-sample': { type: 'string' },
    model: { type: 'string' },
    names: { type: 'string' },
    labels: { type: 'string' },
  },
});
const set = values.set as SetName;
if (set !== 'synthetic' && set !== 'mfcad' && set !== 'realworld') throw new Error('--set synthetic|mfcad|realworld');
if (set === 'realworld' && values.split !== 'tune') throw new Error('real parts: --split tune only (the validation portion stays held out)');
if (!values.out) throw new Error('--out DIR');
if (set === 'mfcad' && values.split === 'validation') throw new Error('never the MFCAD validation portion');
const repo = resolve(import.meta.dirname, '..', '..');
const { items: listed } = listSet(
  { set, ...(values.dir ? { dir: values.dir } : {}), ...(values.labels ? { labelsDir: values.labels } : {}), split: (values.split ?? 'tune') as 'tune' },
  repo,
);
const picked = values.names ? new Set(values.names.split(',')) : null;
const all = picked ? listed.filter((it) => picked.has(it.name)) : listed;
if (picked && all.length !== picked.size) throw new Error(`--names: ${[...picked].filter((n) => !all.some((it) => it.name === n)).join(', ')} not in the set's tune split`);
const excluded = new Set(values['exclude-eval-sample'] ? evenSample(all, Number(values['exclude-eval-sample'])).map((i) => i.name) : []);
const every = Number(values.every ?? 1);
const offset = Number(values.offset ?? 0);
let items = values['eval-sample'] ? evenSample(all, Number(values['eval-sample'])) : all.filter((it, k) => k % every === offset % every && !excluded.has(it.name));
if (values.limit) items = items.slice(0, Number(values.limit));

const noop = () => undefined;
const CTX: RecognizeContext = { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } };

const real = await createOnnxNodeEngine(values.model ? { modelPath: resolve(values.model) } : {});
let lastInputs: AagnetInputs | null = null;
let lastOutputs: AagnetOutputs | null = null;
const tap: InferenceEngine = {
  id: real.id,
  provider: real.provider,
  maxFaces: real.maxFaces,
  async run(inputs, options) {
    lastInputs = inputs;
    lastOutputs = await real.run(inputs, options);
    return lastOutputs;
  },
  dispose: () => Promise.resolve(),
} as InferenceEngine;
let lastExtraction: GaagExtraction | null = null;
const tier1 = createAagnetRecognizer({
  engine: tap,
  measureParameters: false,
  extract: (part) => (lastExtraction = extractGaag(part as Part)),
});
const tess = createEvalTessellator();

/** Per label-file face id: un-merged instance group and bottom flag (generated parts). */
function rawSyntheticGroups(path: string): Map<number, { group: number; bottom: number }> {
  const [[, body]] = JSON.parse(readFileSync(path, 'utf8')) as [[string, { face_ids: number[]; inst: number[][]; seg: Record<string, number>; bottom: Record<string, number> }]];
  const out = new Map<number, { group: number; bottom: number }>();
  const group = new Int32Array(body.face_ids.length).fill(-1);
  let g = 0;
  body.face_ids.forEach((id, i) => {
    if (body.inst[i][i] === 1 && group[i] < 0) {
      body.inst[i].forEach((v, j) => {
        if (v === 1) group[j] = g;
      });
      g++;
    }
  });
  body.face_ids.forEach((id, i) => out.set(id, { group: group[i], bottom: body.bottom[String(id)] ?? -1 }));
  return out;
}

const index: { name: string; n: number; e: number; face: number; edge: number }[] = [];
const chunks: Record<string, (Float32Array | Int32Array)[]> = { face_attr: [], face_grid: [], edge_index: [], edge_attr: [], seg: [], inst: [], bottom: [], ref_seg: [] };
let faces = 0, edges = 0, declined = 0;
const t0 = Date.now();
for (const item of items) {
  const lp = await loadLabelledPart(item, tess);
  if (!lp) {
    declined++;
    continue;
  }
  const { truth } = lp;
  // Synthetic and MFCAD parts are one solid; a real file is recognized body by body.
  const bodies = item.kind === 'realworld' ? lp.bodies : [{ part: lp.part, faceMap: lp.part.faces.map((_, i) => i) }];
  for (const [b, { part, faceMap }] of bodies.entries()) {
    lastInputs = null;
    lastExtraction = null; // set by canRecognize's (cached) extraction
    const can = await tier1.canRecognize(part, CTX);
    if (!can.ok) {
      declined++;
      continue;
    }
    await tier1.recognize(part, CTX);
    const inputs = lastInputs as AagnetInputs | null;
    const ex = lastExtraction as GaagExtraction | null;
    if (!inputs || !ex || !lastOutputs) throw new Error(`${item.name}: the engine was not called`);
    const n = inputs.faceCount, e = inputs.edgeCount;
    const raw = item.kind === 'synthetic' ? rawSyntheticGroups(item.labelsPath) : null;
    const seg = new Int32Array(n), inst = new Int32Array(n).fill(-1), bottom = new Int32Array(n).fill(-1);
    for (let node = 0; node < n; node++) {
      const fi = ex.faceOrder[node];
      const c = truth.faceClass[faceMap[fi]];
      seg[node] = c >= 0 && c < 25 ? c : -1;
      if (raw) {
        const id = part.faces[fi].stepId;
        const r = id === null ? undefined : raw.get(id);
        if (r) {
          inst[node] = r.group;
          bottom[node] = r.bottom;
        }
      }
    }
    const ei = new Int32Array(2 * e);
    for (let k = 0; k < e; k++) {
      ei[2 * k] = Number(inputs.edgeIndex[k]);
      ei[2 * k + 1] = Number(inputs.edgeIndex[e + k]);
    }
    index.push({ name: bodies.length > 1 ? `${item.name}#${b}` : item.name, n, e, face: faces, edge: edges });
    chunks.face_attr.push(Float32Array.from(inputs.faceAttr));
    chunks.face_grid.push(Float32Array.from(inputs.faceGrid));
    chunks.edge_index.push(ei);
    chunks.edge_attr.push(Float32Array.from(inputs.edgeAttr));
    chunks.seg.push(seg);
    chunks.inst.push(inst);
    chunks.bottom.push(bottom);
    chunks.ref_seg.push(Float32Array.from(lastOutputs.segLogits));
    faces += n;
    edges += e;
  }
}
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const ext: Record<string, string> = { face_attr: 'f32', face_grid: 'f32', edge_index: 'i32', edge_attr: 'f32', seg: 'i32', inst: 'i32', bottom: 'i32', ref_seg: 'f32' };
for (const [key, list] of Object.entries(chunks)) {
  const total = list.reduce((s, a) => s + a.length, 0);
  const buf = key.endsWith('index') || ['seg', 'inst', 'bottom'].includes(key) ? new Int32Array(total) : new Float32Array(total);
  let o = 0;
  for (const a of list) {
    buf.set(a, o);
    o += a.length;
  }
  writeFileSync(join(out, `${key}.${ext[key]}`), new Uint8Array(buf.buffer));
}
writeFileSync(join(out, 'index.json'), JSON.stringify({ set, parts: index }) + '\n');
await tier1.dispose?.();
await real.dispose();
process.stdout.write(`${index.length} parts (${faces} faces, ${edges} edges), ${declined} skipped, ${((Date.now() - t0) / 1000).toFixed(0)} s -> ${out}\n`);
