#!/usr/bin/env node
// Dev-time check: runs the graphs written by convert_aagnet.py (.tmp/aagnet-check/) through
// onnxruntime-node and reports the max |torch - onnxruntime| per output. Exit code 1 above 1e-4.
// Usage (repository root): node models/tools/check_onnx.mjs [--web] [checkDir]
//   --web: use onnxruntime-web's wasm backend (in Node, 1 thread) instead of onnxruntime-node.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const web = args.includes('--web');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '.tmp/aagnet-check');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const ort = web ? await import('onnxruntime-web') : await import('onnxruntime-node');
if (web) ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(
  web ? new Uint8Array(readFileSync(resolve(index.model))) : resolve(index.model),
  web ? { executionProviders: ['wasm'] } : { executionProviders: ['cpu'], intraOpNumThreads: 1 },
);
const runtime = web ? 'onnxruntime-web (wasm)' : 'onnxruntime-node';

function load(t) {
  const buf = readFileSync(join(dir, t.file));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  if (t.dtype === 'int64') return new BigInt64Array(ab);
  if (t.dtype === 'float32') return new Float32Array(ab);
  throw new Error(`dtype ${t.dtype}`);
}

const tolerance = 1e-4;
let worst = 0;
for (const c of index.cases) {
  const feeds = {};
  for (const name of ['face_attr', 'face_grid', 'edge_index', 'edge_attr']) {
    const t = c.tensors[name];
    feeds[name] = new ort.Tensor(t.dtype, load(t), t.shape);
  }
  const t0 = performance.now();
  const out = await session.run(feeds);
  const ms = performance.now() - t0;
  const diffs = {};
  for (const name of ['seg_logits', 'inst_logits', 'bottom_logits']) {
    const want = load(c.tensors[name]);
    const got = out[name].data;
    if (got.length !== want.length) throw new Error(`${c.name}.${name}: length ${got.length} != ${want.length}`);
    if (JSON.stringify(out[name].dims) !== JSON.stringify(c.tensors[name].shape))
      throw new Error(`${c.name}.${name}: dims ${out[name].dims} != ${c.tensors[name].shape}`);
    let d = 0;
    for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
    diffs[name] = d;
    worst = Math.max(worst, d);
  }
  console.log(
    `${c.name.padEnd(8)} N=${String(c.N).padStart(4)} E=${String(c.E).padStart(5)}  ` +
      Object.entries(diffs)
        .map(([k, v]) => `${k} ${v.toExponential(2)}`)
        .join('  ') +
      `  (${ms.toFixed(1)} ms, first run)`,
  );
}
console.log(`max |torch - ${runtime}| over all graphs and outputs: ${worst.toExponential(3)} (tolerance ${tolerance})`);
process.exit(worst <= tolerance ? 0 : 1);
