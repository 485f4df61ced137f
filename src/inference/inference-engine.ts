/**
 * The runtime-neutral inference engine contract and the AAGNet tensor layout. Nothing here imports
 * onnxruntime: the Node engine lives in `src/runtime/node/onnx-engine.ts`, the browser engine in
 * `src/runtime/browser/onnx-web-engine.ts`, and users may bring their own.
 */

/** Raw face attributes per face (plane, cylinder, cone, sphere, torus, area, rational, centroid xyz). */
export const AAGNET_FACE_ATTR_DIM = 10;
/** Channels of a face uv grid: point xyz, outward normal xyz, trimming mask. */
export const AAGNET_GRID_CHANNELS = 7;
/** Samples per uv direction of a face grid. */
export const AAGNET_GRID_SIZE = 5;
/** Floats per face in {@link AagnetInputs.faceGrid}: 7 × 5 × 5 = 175, laid out [channel][u][v]. */
export const AAGNET_GRID_STRIDE = AAGNET_GRID_CHANNELS * AAGNET_GRID_SIZE * AAGNET_GRID_SIZE;
/** Raw edge attributes per directed graph edge (concave, convex, smooth, length, circular, closed, elliptical, nr-bspline, r-bspline, straight, nr-bspline, r-bspline). */
export const AAGNET_EDGE_ATTR_DIM = 12;

/** File name of the bundled AAGNet model (in the package's `models/` folder). */
export const AAGNET_MODEL_FILE = 'aagnet-mfinstseg.onnx';
/**
 * File name of the second bundled AAGNet model: the published weights fine-tuned on cadlens' generated parts
 * and MFCAD (models/README.md, "aagnet-cadlens-ft.onnx"). The default Node Tier 1's network since session 18
 * (`DEFAULT_TIER1_MODEL`), while a bare engine still loads {@link AAGNET_MODEL_FILE}; the network the browser docs
 * and the viewer example serve since session 19.
 */
export const AAGNET_FT_MODEL_FILE = 'aagnet-cadlens-ft.onnx';
/**
 * sha256 of the bundled model; equal to its entry in `models/manifest.json` (a test checks this).
 * Engines verify the bytes against it before creating a session.
 */
export const AAGNET_MODEL_SHA256 = 'db8f3ddb3ffee26c60b685de68badfed50a2f1da1f488e8172ec4d7c23b44a5a';
/**
 * sha256 of the bundled fine-tuned model {@link AAGNET_FT_MODEL_FILE}; equal to its entry in `models/manifest.json`
 * (a test checks this). The browser engine tells the two bundled networks apart by it.
 */
export const AAGNET_FT_MODEL_SHA256 = '53745282f789e18347902e5d33ee1f860af07d11cd9146b2269effa146ec7f02';

/**
 * Default largest graph an engine accepts. The model's aggregation scatters edge messages into
 * face rows, so its memory grows with E (plus the N×N `inst_logits` output, 4 MB at 1000 faces).
 * @defaultValue 1000
 */
export const DEFAULT_MAX_FACES = 1000;
/** Default largest number of directed graph edges, 12 per face on average. @defaultValue 12000 */
export const DEFAULT_MAX_EDGES = 12 * DEFAULT_MAX_FACES;

/**
 * One part's AAGNet input graph (gAAG) as flat typed arrays, row-major. Attributes are **raw**: the
 * model standardises them itself with AAGNet's training statistics.
 *
 * - `faceAttr` [N × 10]
 * - `faceGrid` [N × 7 × 5 × 5] (channel, u, v)
 * - `edgeIndex` [2 × E] — the E source face indices, then the E destination face indices; both
 *   directions of each adjacency, no self loops
 * - `edgeAttr` [E × 12]
 */
export interface AagnetInputs {
  /** N, the number of faces (graph nodes). */
  readonly faceCount: number;
  /** E, the number of directed graph edges. */
  readonly edgeCount: number;
  readonly faceAttr: Float32Array;
  readonly faceGrid: Float32Array;
  readonly edgeIndex: BigInt64Array;
  readonly edgeAttr: Float32Array;
}

/** The three AAGNet output tensors for one part, row-major. */
export interface AagnetOutputs {
  /** N. */
  readonly faceCount: number;
  /** Semantic logits [N × 25]. */
  readonly segLogits: Float32Array;
  /** Instance affinity logits [N × N] (row r, column c: "c belongs to r's feature"; not symmetric). */
  readonly instLogits: Float32Array;
  /** Bottom-face logits [N]. */
  readonly bottomLogits: Float32Array;
}

/**
 * Execution provider an engine actually runs on. `cpu` and `cuda` are onnxruntime-node's,
 * `webgpu` and `wasm` onnxruntime-web's; custom engines may report their own.
 */
export type InferenceProvider = 'cpu' | 'cuda' | 'webgpu' | 'wasm' | (string & {});

/** Options of {@link InferenceEngine.run}. */
export interface InferenceRunOptions {
  /**
   * Aborting rejects the pending `run` with `ABORTED`. A native run already started is not
   * interrupted; its result is dropped. Note that onnxruntime-node executes a run synchronously on
   * the calling JS thread (about 5 ms at 100 faces, 200 ms at 1000 faces on one core): servers that
   * must stay responsive should call the engine from a worker thread.
   */
  signal?: AbortSignal;
}

/**
 * Runs the AAGNet network on one part's graph. Create one per process and reuse it: the
 * onnxruntime session inside is created once.
 *
 * @example
 * ```ts
 * const engine = await createOnnxNodeEngine();
 * const out = await engine.run(inputs, { signal });
 * const faces = decodeFacePredictions(out);
 * await engine.dispose();
 * ```
 */
export interface InferenceEngine {
  /** Stable id, e.g. `aagnet-mfinstseg@onnxruntime-node`. */
  readonly id: string;
  /** The execution provider actually in use. */
  readonly provider: InferenceProvider;
  /** Largest face count `run` accepts. */
  readonly maxFaces: number;
  /**
   * Validate the inputs and run the network.
   * @throws CadlensError `INFERENCE_BAD_INPUT` (bad sizes, NaN/Inf, edge index out of range),
   *   `GRAPH_TOO_LARGE`, `ABORTED`, `INFERENCE_FAILED`, `USAGE` (after `dispose`).
   */
  run(inputs: AagnetInputs, options?: InferenceRunOptions): Promise<AagnetOutputs>;
  /** Release the session. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Zero-filled input arrays for a graph of `faceCount` faces and `edgeCount` directed edges, for
 * extractors that write in place (no per-face allocation).
 * @example
 * ```ts
 * const inputs = allocateAagnetInputs(32, 176);
 * inputs.faceAttr[0 * AAGNET_FACE_ATTR_DIM + 0] = 1; // face 0 is a plane
 * ```
 */
export function allocateAagnetInputs(faceCount: number, edgeCount: number): AagnetInputs {
  return {
    faceCount,
    edgeCount,
    faceAttr: new Float32Array(faceCount * AAGNET_FACE_ATTR_DIM),
    faceGrid: new Float32Array(faceCount * AAGNET_GRID_STRIDE),
    edgeIndex: new BigInt64Array(2 * edgeCount),
    edgeAttr: new Float32Array(edgeCount * AAGNET_EDGE_ATTR_DIM),
  };
}
