import { CadlensError, isCadlensError } from '../errors/index.js';
import { createAbortError, throwIfAborted } from '../errors/abort.js';
import {
  AAGNET_EDGE_ATTR_DIM,
  AAGNET_FACE_ATTR_DIM,
  AAGNET_GRID_CHANNELS,
  AAGNET_GRID_SIZE,
  DEFAULT_MAX_EDGES,
  DEFAULT_MAX_FACES,
  type AagnetInputs,
  type AagnetOutputs,
  type InferenceEngine,
  type InferenceProvider,
  type InferenceRunOptions,
} from './inference-engine.js';
import { validateAagnetInputs } from './validate-inputs.js';
import { AAGNET_NUM_CLASSES } from './aagnet-classes.js';

/**
 * The slice of an onnxruntime `InferenceSession` the engines use. Structural, so this module
 * needs no onnxruntime import and works with onnxruntime-node and onnxruntime-web alike.
 * @internal
 */
export interface OrtSessionLike {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
  release(): Promise<void>;
}

/** @internal `new ort.Tensor(type, data, dims)` of either onnxruntime package. */
export type OrtTensorConstructor = new (
  type: 'float32' | 'int64',
  data: Float32Array | BigInt64Array,
  dims: readonly number[],
) => unknown;

/** @internal */
export interface SessionEngineOptions {
  id: string;
  provider: InferenceProvider;
  session: OrtSessionLike;
  Tensor: OrtTensorConstructor;
  maxFaces?: number;
  maxEdges?: number;
}

function outputArray(
  out: Record<string, { data: unknown; dims: readonly number[] }>,
  name: string,
  expectedLength: number,
): Float32Array {
  const t = out[name];
  if (!t || !(t.data instanceof Float32Array) || t.data.length !== expectedLength)
    throw new CadlensError('INFERENCE_FAILED', `model output ${name} is missing or has the wrong size`, {
      stage: 'recognize',
      details: { output: name, dims: t ? [...t.dims] : null, expectedLength },
    });
  return t.data;
}

/**
 * An {@link InferenceEngine} around an existing onnxruntime session of the AAGNet model (inputs
 * `face_attr`, `face_grid`, `edge_index`, `edge_attr`; outputs `seg_logits`, `inst_logits`,
 * `bottom_logits`). Used by the Node and browser engines.
 * @internal
 */
export function createSessionEngine(options: SessionEngineOptions): InferenceEngine {
  const { session, Tensor } = options;
  const maxFaces = options.maxFaces ?? DEFAULT_MAX_FACES;
  const maxEdges = options.maxEdges ?? DEFAULT_MAX_EDGES;
  let disposed = false;

  async function run(inputs: AagnetInputs, runOptions: InferenceRunOptions = {}): Promise<AagnetOutputs> {
    const { signal } = runOptions;
    if (disposed)
      throw new CadlensError('USAGE', `inference engine ${options.id} was disposed`, { stage: 'recognize' });
    throwIfAborted(signal);
    validateAagnetInputs(inputs, { maxFaces, maxEdges });
    const n = inputs.faceCount;
    const e = inputs.edgeCount;
    const feeds = {
      face_attr: new Tensor('float32', inputs.faceAttr, [n, AAGNET_FACE_ATTR_DIM]),
      face_grid: new Tensor('float32', inputs.faceGrid, [n, AAGNET_GRID_CHANNELS, AAGNET_GRID_SIZE, AAGNET_GRID_SIZE]),
      edge_index: new Tensor('int64', inputs.edgeIndex, [2, e]),
      edge_attr: new Tensor('float32', inputs.edgeAttr, [e, AAGNET_EDGE_ATTR_DIM]),
    };
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (!signal) return;
      onAbort = () => reject(createAbortError(signal, 'inference was aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const out = await Promise.race([session.run(feeds), aborted]);
      return {
        faceCount: n,
        segLogits: outputArray(out, 'seg_logits', n * AAGNET_NUM_CLASSES),
        instLogits: outputArray(out, 'inst_logits', n * n),
        bottomLogits: outputArray(out, 'bottom_logits', n),
      };
    } catch (err) {
      if (isCadlensError(err)) throw err;
      throw new CadlensError('INFERENCE_FAILED', `onnxruntime failed to run the model: ${(err as Error)?.message ?? err}`, {
        stage: 'recognize',
        cause: err,
        details: { engine: options.id, faceCount: n, edgeCount: e },
      });
    } finally {
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    id: options.id,
    provider: options.provider,
    maxFaces,
    run,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.release();
    },
  };
}
