import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as OrtNode from 'onnxruntime-node';
import type { OnnxRuntimeModule, OnnxSessionOptions } from '../../inference/onnx-runtime-types.js';
import { CadlensError } from '../../errors/index.js';
import { throwIfAborted } from '../../errors/abort.js';
import {
  AAGNET_FT_MODEL_FILE,
  AAGNET_MODEL_FILE,
  type InferenceEngine,
  type InferenceProvider,
} from '../../inference/inference-engine.js';
import { createSessionEngine, type OrtTensorConstructor, type OrtSessionLike } from '../../inference/session-engine.js';
import { withStockCallFrom } from '../../inference/stock-call-engine.js';
import { AAGNET_CALIBRATION, AAGNET_FT_CALIBRATION } from '../../inference/aagnet-calibration.js';

/** onnxruntime-node execution providers cadlens knows how to ask for. */
export type NodeExecutionProvider = 'cpu' | 'cuda';

/** Options of {@link createOnnxNodeEngine}. */
export interface OnnxNodeEngineOptions {
  /**
   * Path of the ONNX model (takes precedence over `model`).
   * @defaultValue the bundled model named by `model`
   */
  modelPath?: string;
  /**
   * Which bundled model: `'mfinstseg'` (`models/aagnet-mfinstseg.onnx`, the published MFInstSeg weights) or
   * `'cadlens-ft'` (`models/aagnet-cadlens-ft.onnx`, those weights fine-tuned on cadlens' generated parts and
   * MFCAD, profiled plates and turned parts included — models/README.md; what the default Node Tier 1 runs, see
   * `DEFAULT_TIER1_MODEL`). Tier 1 picks the matching
   * calibration from the engine id; {@link createDefaultRecognizers} names the model in Tier 1's `variant`, so a
   * result cache keeps results of the two models apart. `'cadlens-ft+stock'` runs both: the fine-tuned network
   * for the feature classes, the published one for the stock call ({@link withStockCallFrom}; two sessions).
   * @defaultValue 'mfinstseg'
   */
  model?: 'mfinstseg' | 'cadlens-ft' | 'cadlens-ft+stock';
  /**
   * Expected sha256 (hex) of the model file. By default it is read from `manifest.json` beside
   * the model (the bundled model always has one). A custom model with neither is loaded unverified.
   * Not accepted with `model: 'cadlens-ft+stock'` (two files; `CONFIG_INVALID`).
   */
  expectedSha256?: string;
  /**
   * Execution providers in preference order; the first that creates a session is used and
   * reported as {@link InferenceEngine.provider}. `'cuda'` (Linux x64 only) needs the CUDA
   * execution-provider binaries of onnxruntime-node, which its install script downloads unless
   * told to skip (`npm install onnxruntime-node --onnxruntime-node-install=cuda12`; remove
   * `onnxruntime-node-install=skip` from `.npmrc`), plus CUDA 12 and cuDNN 9 on the machine.
   * Without them `['cuda', 'cpu']` falls back to CPU (check `engine.provider`) and `['cuda']`
   * fails with `MODEL_LOAD_FAILED`.
   * @defaultValue ['cpu']
   */
  executionProviders?: readonly NodeExecutionProvider[];
  /**
   * Extra onnxruntime session options. `executionProviders` above takes precedence over one
   * given here. cadlens sets `intraOpNumThreads: 1` unless you give it: onnxruntime's default
   * (one spinning thread per core) was up to ~6× slower at 30–300 faces on a busy 2-core machine, and
   * parallelism across parts (workers) scales better for batch work. Raise it for single large
   * parts on an idle machine. onnxruntime's CPU memory arena stays on (its default): turning it off
   * (`enableCpuMemArena: false, enableMemPattern: false`) returns a run's memory afterwards but did not
   * lower the peak on the realworld parts and made recognition 1.34× slower in sum (bench/memory.bench.ts,
   * bench/README.md "Memory").
   * @defaultValue `{ intraOpNumThreads: 1, logSeverityLevel: 4 }`
   */
  sessionOptions?: OnnxSessionOptions;
  /** Largest face count accepted by `run`. @defaultValue 1000 */
  maxFaces?: number;
  /** Largest directed edge count accepted by `run`. @defaultValue 12000 */
  maxEdges?: number;
  /**
   * An already imported `onnxruntime-node` module (`import * as ort from 'onnxruntime-node'`); by default it is
   * imported lazily. Typed structurally so that cadlens's declarations compile where onnxruntime-node, an optional
   * peer, is not installed.
   */
  ort?: OnnxRuntimeModule;
  /** Aborts loading (between the file read, the hash check and session creation). */
  signal?: AbortSignal;
}

/**
 * The package root of cadlens: the nearest folder above `fromDir` with a `package.json` whose
 * name is `cadlens`. Works from `src/` (tests, tsx) and from `dist/` (built package).
 * @internal
 */
export function findPackageRoot(fromDir: string): string | undefined {
  let dir = resolve(fromDir);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'cadlens') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function thisDir(): string {
  // CJS build: __dirname; ESM (src via vitest/tsx, dist/*.js): import.meta.url.
  if (typeof __dirname !== 'undefined') return __dirname;
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Absolute path of a bundled AAGNet model (`<package root>/models/<file>`).
 * @param file - the model file, {@link AAGNET_MODEL_FILE} (default) or {@link AAGNET_FT_MODEL_FILE}
 * @throws CadlensError `MODEL_UNAVAILABLE` when the package root cannot be found.
 */
export function bundledModelPath(file: string = AAGNET_MODEL_FILE): string {
  const root = findPackageRoot(thisDir());
  if (root === undefined)
    throw new CadlensError('MODEL_UNAVAILABLE', 'cannot find the cadlens package root holding models/', {
      stage: 'recognize',
      details: { from: thisDir() },
    });
  return join(root, 'models', file);
}

function manifestSha256(modelPath: string): string | undefined {
  const manifestPath = join(dirname(modelPath), 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  let manifest: { models?: Record<string, { sha256?: string }> };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new CadlensError('MODEL_CORRUPT', `model manifest ${manifestPath} is not valid JSON`, {
      stage: 'recognize',
      cause: err,
    });
  }
  return manifest.models?.[basename(modelPath)]?.sha256;
}

/** @internal sha256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * False when onnxruntime-node's binary folder has no CUDA provider library, so asking for 'cuda'
 * would only make onnxruntime log a native error to stderr before failing. True when present or
 * unknown (then onnxruntime itself decides).
 * @internal
 */
export function cudaProviderMaybeInstalled(): boolean {
  try {
    const req = createRequire(join(thisDir(), 'noop.js'));
    const pkgDir = dirname(req.resolve('onnxruntime-node/package.json'));
    const binDir = join(pkgDir, 'bin', 'napi-v6', process.platform, process.arch);
    if (!existsSync(binDir)) return true;
    return readdirSync(binDir).some((f) => f.includes('onnxruntime_providers_cuda'));
  } catch {
    return true;
  }
}

let onnxRuntimeNodeFound: boolean | undefined;

/**
 * Whether onnxruntime-node, Tier 1's optional peer dependency, can be resolved from cadlens (it is not loaded:
 * resolving costs microseconds, loading the native binding much more). The answer is kept: an installation made
 * later is seen only after a restart, as by `import()`.
 */
export function onnxRuntimeNodeInstalled(): boolean {
  if (onnxRuntimeNodeFound === undefined) {
    try {
      createRequire(join(thisDir(), 'noop.js')).resolve('onnxruntime-node/package.json');
      onnxRuntimeNodeFound = true;
    } catch {
      onnxRuntimeNodeFound = false;
    }
  }
  return onnxRuntimeNodeFound;
}

async function loadOrt(given: OnnxRuntimeModule | undefined): Promise<typeof OrtNode> {
  // the caller's module is onnxruntime-node itself (documented); the structural type only keeps our declarations free of it
  if (given) return given as typeof OrtNode;
  try {
    const mod = (await import('onnxruntime-node')) as typeof OrtNode & { default?: typeof OrtNode };
    return mod.InferenceSession ? mod : (mod.default as typeof OrtNode);
  } catch (err) {
    throw new CadlensError('MODEL_UNAVAILABLE', 'onnxruntime-node is not installed (npm install onnxruntime-node)', {
      stage: 'recognize',
      cause: err,
      details: { reason: 'runtime-missing' },
    });
  }
}

/**
 * Create the Node inference engine for the AAGNet model on onnxruntime-node. Reads the model,
 * verifies its sha256 against `models/manifest.json`, and creates one `InferenceSession` that
 * every `run` reuses.
 *
 * @throws CadlensError (kind `systemic`) `MODEL_UNAVAILABLE` (model file, package root or
 *   onnxruntime-node missing), `MODEL_CORRUPT` (sha256 mismatch), `MODEL_LOAD_FAILED`
 *   (onnxruntime rejected the model or no requested execution provider works); `ABORTED`.
 * @example
 * ```ts
 * import { createOnnxNodeEngine } from 'cadlens/node';
 * const engine = await createOnnxNodeEngine({ executionProviders: ['cuda', 'cpu'] });
 * console.log(engine.provider); // 'cuda' or 'cpu'
 * ```
 */
export async function createOnnxNodeEngine(options: OnnxNodeEngineOptions = {}): Promise<InferenceEngine> {
  const { signal } = options;
  throwIfAborted(signal);
  if (options.model !== undefined && options.model !== 'mfinstseg' && options.model !== 'cadlens-ft' && options.model !== 'cadlens-ft+stock')
    throw new CadlensError('CONFIG_INVALID', `model must be 'mfinstseg', 'cadlens-ft' or 'cadlens-ft+stock', got ${String(options.model)}`, {
      stage: 'config',
    });
  if (options.model === 'cadlens-ft+stock' && options.modelPath === undefined) {
    // Two bundled files, each verified against its own manifest: one caller-given hash cannot match both.
    if (options.expectedSha256 !== undefined)
      throw new CadlensError('CONFIG_INVALID', "expectedSha256 cannot be given with model 'cadlens-ft+stock' (it loads two bundled models, each checked against its manifest)", {
        stage: 'config',
      });
    const classes = await createOnnxNodeEngine({ ...options, model: 'cadlens-ft' });
    try {
      const stock = await createOnnxNodeEngine({ ...options, model: 'mfinstseg' });
      return withStockCallFrom(classes, stock, {
        classTemperature: AAGNET_FT_CALIBRATION.temperature,
        stockTemperature: AAGNET_CALIBRATION.temperature,
        // starts with the fine-tuned model's id, so that Tier 1 applies that model's calibration
        id: `${AAGNET_FT_MODEL_FILE.replace(/\.onnx$/, '')}+stock@onnxruntime-node`,
      });
    } catch (err) {
      await classes.dispose();
      throw err;
    }
  }
  const modelPath =
    options.modelPath !== undefined ? resolve(options.modelPath) : bundledModelPath(options.model === 'cadlens-ft' ? AAGNET_FT_MODEL_FILE : AAGNET_MODEL_FILE);
  const isBundled = options.modelPath === undefined;
  const ort = await loadOrt(options.ort);
  throwIfAborted(signal);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (err) {
    throw new CadlensError('MODEL_UNAVAILABLE', `cannot read the model file ${basename(modelPath)}`, {
      stage: 'recognize',
      cause: err,
      details: { modelPath, errno: (err as NodeJS.ErrnoException)?.code },
    });
  }
  throwIfAborted(signal);

  const expected = options.expectedSha256 ?? manifestSha256(modelPath);
  if (expected === undefined && isBundled)
    throw new CadlensError('MODEL_UNAVAILABLE', 'models/manifest.json has no entry for the bundled model', {
      stage: 'recognize',
      details: { modelPath },
    });
  if (expected !== undefined) {
    const actual = sha256Hex(bytes);
    if (actual !== expected.toLowerCase())
      throw new CadlensError('MODEL_CORRUPT', `model file ${basename(modelPath)} does not match its sha256`, {
        stage: 'recognize',
        details: { modelPath, expectedSha256: expected, actualSha256: actual },
      });
  }

  const providers = options.executionProviders ?? ['cpu'];
  if (providers.length === 0)
    throw new CadlensError('CONFIG_INVALID', 'executionProviders must not be empty', { stage: 'config' });
  let session: OrtNode.InferenceSession | undefined;
  let provider: InferenceProvider = providers[0];
  const failures: string[] = [];
  let lastError: unknown;
  for (const p of providers) {
    throwIfAborted(signal);
    if (p === 'cuda' && options.ort === undefined && !cudaProviderMaybeInstalled()) {
      failures.push('cuda: the CUDA execution provider library is not installed in onnxruntime-node');
      continue;
    }
    try {
      session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: 1,
        logSeverityLevel: 4, // the library never writes to the console; failures surface as CadlensErrors
        ...(options.sessionOptions as OrtNode.InferenceSession.SessionOptions | undefined),
        executionProviders: [p],
      });
      provider = p;
      break;
    } catch (err) {
      lastError = err;
      failures.push(`${p}: ${(err as Error)?.message ?? String(err)}`);
    }
  }
  if (!session)
    throw new CadlensError('MODEL_LOAD_FAILED', `onnxruntime-node could not create a session (${failures.join('; ')})`, {
      stage: 'recognize',
      cause: lastError,
      details: { modelPath, executionProviders: [...providers] },
    });
  if (signal?.aborted) {
    await session.release();
    throwIfAborted(signal);
  }

  return createSessionEngine({
    id: `${basename(modelPath, '.onnx')}@onnxruntime-node`,
    provider,
    session: session as unknown as OrtSessionLike,
    Tensor: ort.Tensor as unknown as OrtTensorConstructor,
    maxFaces: options.maxFaces,
    maxEdges: options.maxEdges,
  });
}
