import type * as OrtWeb from 'onnxruntime-web';
import type { OnnxRuntimeModule, OnnxSessionOptions } from '../../inference/onnx-runtime-types.js';
import { CadlensError, isCadlensError } from '../../errors/index.js';
import { throwIfAborted } from '../../errors/abort.js';
import {
  AAGNET_FT_MODEL_FILE,
  AAGNET_FT_MODEL_SHA256,
  AAGNET_MODEL_FILE,
  AAGNET_MODEL_SHA256,
  allocateAagnetInputs,
  type InferenceEngine,
  type InferenceProvider,
} from '../../inference/inference-engine.js';
import { createSessionEngine, type OrtSessionLike, type OrtTensorConstructor } from '../../inference/session-engine.js';

/** onnxruntime-web execution providers cadlens knows how to ask for. */
export type WebExecutionProvider = 'webgpu' | 'wasm';

/**
 * The two bundled networks: `cadlens-ft` (`models/aagnet-cadlens-ft.onnx`, the default Node Tier 1's network)
 * and `mfinstseg` (`models/aagnet-mfinstseg.onnx`, the published AAGNet weights).
 */
export type BundledWebNetwork = 'cadlens-ft' | 'mfinstseg';

/** Options of {@link createOnnxWebEngine}. */
export interface OnnxWebEngineOptions {
  /**
   * The model: a URL the page can fetch (serve the package's `models/aagnet-cadlens-ft.onnx` — the network
   * the default Node Tier 1 runs — yourself, e.g. `new URL('cadlens/models/aagnet-cadlens-ft.onnx',
   * import.meta.url)` with a bundler that copies assets; or `models/aagnet-mfinstseg.onnx`, the published
   * weights), or its bytes. Nothing is downloaded from anywhere else.
   */
  model: string | URL | Uint8Array | ArrayBuffer;
  /**
   * Expected sha256 (hex) of the model bytes; `null` skips the check. Checked with
   * `crypto.subtle`, which browsers offer only in secure contexts (https, localhost): without it
   * the check is skipped.
   * @defaultValue either bundled model's sha256 ({@link AAGNET_FT_MODEL_SHA256}, {@link AAGNET_MODEL_SHA256})
   */
  expectedSha256?: string | null;
  /**
   * Which bundled network the bytes are: it names the engine (`aagnet-cadlens-ft@onnxruntime-web` or
   * `aagnet-mfinstseg@onnxruntime-web`), and Tier 1 picks that network's calibration from the name.
   * @defaultValue the network whose sha256 the bytes have; without `crypto.subtle`, `cadlens-ft` when the model
   * URL's file name is `aagnet-cadlens-ft.onnx`, else `mfinstseg`
   */
  network?: BundledWebNetwork;
  /**
   * Execution providers in preference order. Each is tried in turn: a session is created and a
   * 2-face warm-up graph run; the first that succeeds is used and reported as
   * {@link InferenceEngine.provider}. `webgpu` is skipped where `navigator.gpu` has no adapter.
   * Note that onnxruntime-web may place single operators the WebGPU provider lacks on its CPU
   * (wasm) kernels inside a `webgpu` session.
   * @defaultValue ['webgpu', 'wasm']
   */
  executionProviders?: readonly WebExecutionProvider[];
  /** Extra onnxruntime-web session options; `executionProviders` above takes precedence. */
  sessionOptions?: OnnxSessionOptions;
  /** Largest face count accepted by `run`. @defaultValue 1000 */
  maxFaces?: number;
  /** Largest directed edge count accepted by `run`. @defaultValue 12000 */
  maxEdges?: number;
  /**
   * An already imported `onnxruntime-web` module (configure `ort.env.wasm` on it as your app
   * needs: paths of the .wasm files, threads); by default `onnxruntime-web` is imported lazily.
   */
  ort?: OnnxRuntimeModule;
  /** fetch implementation for a URL `model`. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** Aborts loading. */
  signal?: AbortSignal;
}

async function loadOrt(given: OnnxRuntimeModule | undefined): Promise<typeof OrtWeb> {
  // the caller's module is onnxruntime-web itself (documented); the structural type only keeps our declarations free of it
  if (given) return given as typeof OrtWeb;
  try {
    const mod = (await import('onnxruntime-web')) as typeof OrtWeb & { default?: typeof OrtWeb };
    return mod.InferenceSession ? mod : (mod.default as typeof OrtWeb);
  } catch (err) {
    throw new CadlensError('MODEL_UNAVAILABLE', 'onnxruntime-web is not installed (npm install onnxruntime-web)', {
      stage: 'recognize',
      cause: err,
      details: { reason: 'runtime-missing' },
    });
  }
}

async function loadModelBytes(options: OnnxWebEngineOptions): Promise<Uint8Array> {
  const { model } = options;
  if (model instanceof Uint8Array) return model;
  if (model instanceof ArrayBuffer) return new Uint8Array(model);
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(model, { signal: options.signal });
  } catch (err) {
    throwIfAborted(options.signal);
    throw new CadlensError('MODEL_UNAVAILABLE', `cannot fetch the model ${String(model)}`, {
      stage: 'recognize',
      cause: err,
    });
  }
  if (!response.ok)
    throw new CadlensError('MODEL_UNAVAILABLE', `fetching the model ${String(model)} gave HTTP ${response.status}`, {
      stage: 'recognize',
      details: { status: response.status },
    });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Dev servers (Vite) and SPA hosts answer a missing file with index.html and HTTP 200; without this
  // check a wrong model URL surfaced as "does not match its sha256" (MODEL_CORRUPT), which sends the
  // reader after a damaged download. An ONNX file is protobuf and never starts with '<'.
  const contentType = response.headers?.get('content-type') ?? '';
  if (/text\/html/i.test(contentType) || startsWithMarkup(bytes))
    throw new CadlensError(
      'MODEL_UNAVAILABLE',
      `fetching the model ${String(model)} gave an HTML page, not the model: check the URL (a dev server or SPA host answers a missing file with its index.html)`,
      { stage: 'recognize', details: { status: response.status, contentType, reason: 'html-instead-of-model' } },
    );
  return bytes;
}

/** True when the first non-blank byte is '<' (an HTML or XML page). */
function startsWithMarkup(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue; // blanks, UTF-8 BOM
    return b === 0x3c;
  }
  return false;
}

async function sha256HexWeb(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

async function webGpuAdapterAvailable(): Promise<boolean> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/**
 * Create the browser inference engine for the AAGNet model on onnxruntime-web: WebGPU when the
 * page has a WebGPU adapter and the model runs on it, otherwise wasm. The provider actually used
 * is {@link InferenceEngine.provider}. One session, created here and reused by every `run`.
 *
 * @throws CadlensError (kind `systemic`) `MODEL_UNAVAILABLE` (fetch failed, onnxruntime-web
 *   missing), `MODEL_CORRUPT` (sha256 mismatch), `MODEL_LOAD_FAILED` (no provider could create
 *   and run a session); `ABORTED`.
 * @example
 * ```ts
 * const engine = await createOnnxWebEngine({ model: '/models/aagnet-cadlens-ft.onnx' });
 * engine.provider; // 'webgpu' or 'wasm'
 * ```
 */
export async function createOnnxWebEngine(options: OnnxWebEngineOptions): Promise<InferenceEngine> {
  const { signal } = options;
  throwIfAborted(signal);
  const ort = await loadOrt(options.ort);
  const bytes = await loadModelBytes(options);
  throwIfAborted(signal);

  const expected = options.expectedSha256 === undefined ? [AAGNET_FT_MODEL_SHA256, AAGNET_MODEL_SHA256] : options.expectedSha256 === null ? null : [options.expectedSha256.toLowerCase()];
  const actual = expected !== null || options.network === undefined ? await sha256HexWeb(bytes) : undefined;
  if (expected !== null && actual !== undefined && !expected.includes(actual))
    throw new CadlensError('MODEL_CORRUPT', `model ${modelName(options.model)} does not match ${expected.length > 1 ? 'either bundled model' : 'its'} sha256`, {
      stage: 'recognize',
      details: { expectedSha256: expected.length > 1 ? expected : expected[0], actualSha256: actual },
    });
  const network = options.network ?? networkOf(actual, options.model);
  const file = network === 'cadlens-ft' ? AAGNET_FT_MODEL_FILE : AAGNET_MODEL_FILE;

  const providers = options.executionProviders ?? ['webgpu', 'wasm'];
  if (providers.length === 0)
    throw new CadlensError('CONFIG_INVALID', 'executionProviders must not be empty', { stage: 'config' });
  const failures: string[] = [];
  let lastError: unknown;
  for (const p of providers) {
    throwIfAborted(signal);
    if (p === 'webgpu' && !(await webGpuAdapterAvailable())) {
      failures.push('webgpu: no WebGPU adapter');
      continue;
    }
    let session: OrtWeb.InferenceSession | undefined;
    try {
      session = await ort.InferenceSession.create(bytes, {
        logSeverityLevel: 4,
        ...(options.sessionOptions as OrtWeb.InferenceSession.SessionOptions | undefined),
        executionProviders: [p],
      });
      const engine = createSessionEngine({
        id: `${file.replace(/\.onnx$/, '')}@onnxruntime-web`,
        provider: p as InferenceProvider,
        session: session as unknown as OrtSessionLike,
        Tensor: ort.Tensor as unknown as OrtTensorConstructor,
        maxFaces: options.maxFaces,
        maxEdges: options.maxEdges,
      });
      await engine.run(warmUpGraph(), { signal }); // kernels compile on the first run; fail over here, not later
      return engine;
    } catch (err) {
      if (session) await session.release().catch(() => undefined);
      if (isCadlensError(err) && err.code === 'ABORTED') throw err;
      lastError = err;
      failures.push(`${p}: ${(err as Error)?.message ?? String(err)}`);
    }
  }
  throw new CadlensError('MODEL_LOAD_FAILED', `onnxruntime-web could not run the model (${failures.join('; ')})`, {
    stage: 'recognize',
    cause: lastError,
    details: { executionProviders: [...providers] },
  });
}

/** The model's file name for messages: the URL's last segment, or "given as bytes". */
function modelName(model: OnnxWebEngineOptions['model']): string {
  if (model instanceof Uint8Array || model instanceof ArrayBuffer) return '(given as bytes)';
  return String(model).split(/[?#]/)[0].split('/').pop() || String(model);
}

/** The bundled network the bytes are, by sha256, else by the URL's file name. */
function networkOf(sha256: string | undefined, model: OnnxWebEngineOptions['model']): BundledWebNetwork {
  if (sha256 === AAGNET_FT_MODEL_SHA256) return 'cadlens-ft';
  if (sha256 === AAGNET_MODEL_SHA256) return 'mfinstseg';
  return modelName(model) === AAGNET_FT_MODEL_FILE ? 'cadlens-ft' : 'mfinstseg';
}

/** Two planar faces sharing one convex straight edge. */
function warmUpGraph() {
  const g = allocateAagnetInputs(2, 2);
  g.faceAttr[0] = 1;
  g.faceAttr[10] = 1;
  g.faceAttr[5] = g.faceAttr[15] = 1;
  g.edgeIndex.set([0n, 1n, 1n, 0n]);
  g.edgeAttr[1] = g.edgeAttr[13] = 1; // convex
  g.edgeAttr[3] = g.edgeAttr[15] = 1; // length
  g.edgeAttr[9] = g.edgeAttr[21] = 1; // straight
  return g;
}
