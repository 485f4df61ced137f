// cadlens occt-import-js worker (worker_threads). Plain ESM JavaScript on purpose: it runs unchanged
// from src/ (vitest) and from dist/ (tsup copies it next to dist/node.js). Keep it dependency-free apart
// from occt-import-js, whose path the parent resolves and passes in workerData.
//
// Protocol (parent -> worker): { type: 'import', id, format, bytes: Uint8Array, params }
// Protocol (worker -> parent):
//   { type: 'result', id, result }            result = OcctImportResult (typed arrays transferred)
//   { type: 'failure', id, kind, ... }        kind = 'failed' | 'no-mesh' | 'trap' | 'oom'
// After a 'trap' or 'oom' failure the parent terminates this worker; a worker never handles another
// file after a throw (an instance that threw leaks heap and eventually fails every later call).
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

// The library never writes to the console: drop anything printed here (occt's glue, a stray log). Done in
// the worker rather than with `stdout: true` in the parent, because reading a worker's piped stdio refs an
// internal MessagePort that Worker#unref() does not release, so an idle worker would keep the host alive.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (_chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done(null));
    return true;
  };
}

const require = createRequire(import.meta.url);
const { occtModulePath, wasmModule, maxWasmHeapBytes, sendModule } = workerData;

let occtPromise = null;
let memory = null;
let growthRefused = false;

// Rejects when the wasm cannot be compiled or instantiated (Emscripten's own promise would never settle then).
function instantiate() {
  let failed;
  const failure = new Promise((_, reject) => (failed = reject));
  const factory = require(occtModulePath);
  const compiled =
    wasmModule instanceof WebAssembly.Module
      ? Promise.resolve(wasmModule)
      : WebAssembly.compile(readFileSync(occtModulePath.replace(/\.js$/, '.wasm'))).then((mod) => {
          // The parent hands this module to the workers it starts later (no second compile).
          if (sendModule) parentPort.postMessage({ type: 'module', module: mod });
          return mod;
        });
  const ready = factory({
    print() {},
    printErr() {},
    instantiateWasm(info, receiveInstance) {
      // Cap the wasm heap: refuse growth past maxWasmHeapBytes so malloc fails inside the worker
      // (reported as out-of-memory) instead of the heap growing to the 2 GiB wasm limit.
      for (const ns of Object.values(info)) {
        for (const [key, fn] of Object.entries(ns)) {
          if (typeof fn === 'function' && fn.name === '_emscripten_resize_heap') {
            ns[key] = (requestedSize) => {
              if (maxWasmHeapBytes > 0 && requestedSize > maxWasmHeapBytes) {
                growthRefused = true;
                return false;
              }
              return fn(requestedSize);
            };
          }
        }
      }
      compiled
        .then((mod) => WebAssembly.instantiate(mod, info).then((instance) => ({ instance, mod })))
        .then(({ instance, mod }) => {
          for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) memory = v;
          receiveInstance(instance, mod);
        })
        .catch((e) => {
          parentPort.postMessage({ type: 'failure', id: -1, kind: 'crashed', name: e?.name, message: String(e?.message ?? e) });
          failed(e);
        });
      return {};
    },
  });
  return Promise.race([ready, failure]);
}

function heapBytes() {
  return memory ? memory.buffer.byteLength : null;
}

function convert(raw, format, params, importMs, importStartedAtMs) {
  const transfer = [];
  const meshes = raw.meshes.map((m) => {
    const pos = m.attributes.position.array;
    const nor = m.attributes.normal ? m.attributes.normal.array : null;
    const faces = m.brep_faces || [];
    const brepFaces = new Int32Array(faces.length * 2);
    for (let i = 0; i < faces.length; i++) {
      brepFaces[2 * i] = faces[i].first;
      brepFaces[2 * i + 1] = faces[i].last;
    }
    const out = {
      name: typeof m.name === 'string' ? m.name : '',
      color: Array.isArray(m.color) && m.color.length >= 3 ? [m.color[0], m.color[1], m.color[2]] : null,
      positions: Float64Array.from(pos),
      normals: nor && nor.length === pos.length ? Float32Array.from(nor) : new Float32Array(0),
      indices: Uint32Array.from(m.index.array),
      brepFaces,
    };
    transfer.push(out.positions.buffer, out.normals.buffer, out.indices.buffer, out.brepFaces.buffer);
    return out;
  });
  const node = (n, depth) =>
    !n || depth > 256
      ? { name: '', meshes: [], children: [] }
      : {
          name: typeof n.name === 'string' ? n.name : '',
          meshes: Array.isArray(n.meshes) ? n.meshes.slice() : [],
          children: Array.isArray(n.children) ? n.children.map((c) => node(c, depth + 1)) : [],
        };
  return {
    result: { format, meshes, root: node(raw.root, 0), deflection: params, importMs, importStartedAtMs, wasmHeapBytes: heapBytes() },
    transfer,
  };
}

parentPort.on('message', async (msg) => {
  if (!msg || msg.type !== 'import') return;
  const { id, format, bytes, params } = msg;
  try {
    occtPromise ??= instantiate();
    const occt = await occtPromise;
    const read = format === 'iges' ? occt.ReadIgesFile : format === 'brep' ? occt.ReadBrepFile : occt.ReadStepFile;
    const t0 = performance.now();
    const importStartedAtMs = performance.timeOrigin + t0;
    let raw;
    try {
      raw = read.call(occt, bytes, params);
    } catch (e) {
      const msgText = `${e?.name ?? ''}: ${e?.message ?? e}`;
      const oom = growthRefused || /\bOOM\b|out of memory|Cannot enlarge memory|bad_alloc|Array buffer allocation failed/i.test(msgText);
      parentPort.postMessage({
        type: 'failure',
        id,
        kind: oom ? 'oom' : 'trap',
        name: e?.name ?? 'Error',
        message: String(e?.message ?? e).slice(0, 500),
        wasmHeapBytes: heapBytes(),
      });
      return;
    }
    const importMs = performance.now() - t0;
    if (growthRefused) {
      // OpenCascade often swallows the failed allocation and returns partial or empty results: never trust them.
      parentPort.postMessage({ type: 'failure', id, kind: 'oom', name: 'OutOfMemory', message: 'wasm heap growth refused at the cap', wasmHeapBytes: heapBytes() });
      return;
    }
    if (!raw || raw.success !== true) {
      parentPort.postMessage({ type: 'failure', id, kind: 'failed', wasmHeapBytes: heapBytes() });
      return;
    }
    let tris = 0;
    for (const m of raw.meshes || []) tris += m.index?.array?.length ?? 0;
    if (!raw.meshes || raw.meshes.length === 0 || tris === 0) {
      // Send the input back so the parent can say why (curve-only, tessellated-only, external references).
      parentPort.postMessage({ type: 'failure', id, kind: 'no-mesh', bytes, wasmHeapBytes: heapBytes() }, [bytes.buffer]);
      return;
    }
    const { result, transfer } = convert(raw, format, params, importMs, importStartedAtMs);
    raw = null;
    parentPort.postMessage({ type: 'result', id, result }, transfer);
  } catch (e) {
    parentPort.postMessage({ type: 'failure', id, kind: 'crashed', name: e?.name ?? 'Error', message: String(e?.message ?? e).slice(0, 500) });
  }
});

// Start loading OpenCascade now: the parent starts this worker when a file is on its way, and the compile and
// instantiation run here while the parent reads the file.
try {
  occtPromise = instantiate();
  occtPromise.catch(() => undefined); // reported to the job that awaits it
} catch (e) {
  occtPromise = Promise.reject(e);
  occtPromise.catch(() => undefined);
}

parentPort.postMessage({ type: 'ready' });
