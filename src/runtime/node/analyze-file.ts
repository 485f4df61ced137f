import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyzer, type Analyzer, type AnalyzeCallOptions, type AnalyzerOptions } from '../../analyze/index.js';
import type { AnalyzeInput, AnalyzeStep } from '../../analyze/index.js';
import type { AnalysisResult } from '../../result/index.js';
import type { Part } from '../../model/index.js';
import { createOcctWorkerTessellator, type OcctWorkerTessellatorOptions } from './occt-worker-tessellator.js';
import { readInputFile, resolveMaxFileSizeMb } from './input-file.js';
import { checkAnalyzerOptions, checkCallOptions } from '../../analyze/check-analyzer-options.js';
import { createDefaultRecognizerSet } from './default-recognizers.js';
import { isNodeReadable, nodeReadableToWeb, type NodeAnalyzeInput } from './node-readable-input.js';

/** Options of {@link createNodeAnalyzer}: everything of {@link AnalyzerOptions}, with Node defaults. */
export interface NodeAnalyzerOptions extends Partial<AnalyzerOptions> {
  /** Options of the default worker-thread tessellator (ignored when `tessellator` is given). */
  occt?: OcctWorkerTessellatorOptions;
}

/**
 * A Node analyzer: everything of {@link Analyzer}, plus file paths. It is `AsyncDisposable`, so
 * `await using analyzer = createNodeAnalyzer()` disposes it at the end of the scope.
 */
export interface NodeAnalyzer extends Analyzer, AsyncDisposable {
  /**
   * {@link Analyzer.analyze}, also taking a Node `Readable` (`fs.createReadStream(path)`, a request);
   * a stream cut off at the size limit is destroyed. For a path, {@link NodeAnalyzer.analyzeFile}.
   */
  analyze(input: NodeAnalyzeInput, options?: AnalyzeCallOptions): Promise<AnalysisResult>;
  /** {@link Analyzer.analyzeDetailed}, also taking a Node `Readable`. */
  analyzeDetailed(input: NodeAnalyzeInput, options?: AnalyzeCallOptions): Promise<{ result: AnalysisResult; part: Part | null }>;
  /**
   * Analyse a file, by path or `file:` URL. The input stage runs on `stat` first, so a file over
   * `MAX_FILE_SIZE_MB` (or missing, unreadable, a directory…) is reported without being read.
   */
  analyzeFile(path: string | URL, options?: Omit<AnalyzeCallOptions, 'inputStage'>): Promise<AnalysisResult>;
  analyzeFileDetailed(path: string | URL, options?: Omit<AnalyzeCallOptions, 'inputStage'>): Promise<{ result: AnalysisResult; part: Part | null }>;
}

/**
 * Creates an analyzer for Node: OpenCascade runs in worker threads with a per-file deadline and memory
 * cap (a crash there never takes the host process down), and the built-in recognition tiers are set up.
 * Idle workers never keep the process alive, but `dispose()` (or `await using`) releases them at once.
 *
 * @example
 * ```ts
 * import { createNodeAnalyzer } from 'cadlens/node';
 * await using analyzer = createNodeAnalyzer();
 * const result = await analyzer.analyzeFile('part.step');
 * ```
 *
 * @throws CadlensError `CONFIG_INVALID` for an invalid `mesh`, `tier`, `heal`, `maxFileSizeMb` or `recognizeTimeoutMs`,
 *   or options that are not an object (`null`, a string)
 */
export function createNodeAnalyzer(options: NodeAnalyzerOptions = {}): NodeAnalyzer {
  checkAnalyzerOptions(options); // before the OpenCascade worker and the recognizers are created
  const maxFileSizeMb = resolveMaxFileSizeMb(options.maxFileSizeMb);
  const tessellator = options.tessellator ?? createOcctWorkerTessellator(options.occt ?? {});
  const defaults = options.recognizers ? undefined : createDefaultRecognizerSet();
  const recognizers = options.recognizers ?? defaults!.recognizers;
  const analyzer = createAnalyzer({ ...options, tessellator, recognizers, maxFileSizeMb });
  // While OpenCascade tessellates in its worker this thread only waits: create Tier 1's onnxruntime
  // session then, instead of after the geometry stage (the default recognizers, when Tier 1 may run).
  const warmUp = defaults && options.recognize !== false && (options.tier === undefined || options.tier === 1) ? defaults.warmUp : undefined;
  const withWarmUp = <C extends AnalyzeCallOptions>(call: C | undefined): C | undefined => {
    checkCallOptions(call); // before onProgress is wrapped (a wrong one would be swallowed) or a string spread
    if (!warmUp) return call;
    const onProgress = call?.onProgress;
    return {
      ...call,
      onProgress: (step: AnalyzeStep) => {
        if (step === 'tessellate') warmUp();
        onProgress?.(step);
      },
    } as C;
  };

  async function dispose(): Promise<void> {
    await analyzer.dispose();
    // An engine warmed up for an analysis that never reached Tier 1.
    await defaults?.dispose();
  }

  async function analyzeFileDetailed(path: string | URL, call: Omit<AnalyzeCallOptions, 'inputStage'> = {}) {
    checkCallOptions(call); // before the file is read with the call's signal
    if (path instanceof URL && path.protocol === 'file:') path = fileURLToPath(path);
    // Plain JavaScript can pass a non-string (`process.argv[2]` when no argument was given): bad input is a
    // result with INTAKE_UNSUPPORTED_INPUT, as `analyze()` gives it, never a TypeError from `basename`.
    if (typeof path !== 'string') return analyzer.analyzeDetailed(path as unknown as AnalyzeInput, withWarmUp(call));
    const name = call.name ?? basename(path);
    const { stage, context, bytes } = await readInputFile(path, { maxFileSizeMb, ...(call.signal ? { signal: call.signal } : {}) });
    return analyzer.analyzeDetailed(bytes ?? new Uint8Array(0), withWarmUp({ ...call, name, inputStage: { stage, context } }));
  }
  // The core reads web streams; a Node Readable is adapted here, where `node:stream` may be used.
  async function fromNodeInput<T>(input: NodeAnalyzeInput, run: (input: AnalyzeInput) => Promise<T>): Promise<T> {
    if (!isNodeReadable(input)) return run(input);
    const web = nodeReadableToWeb(input);
    try {
      return await run(web.stream);
    } finally {
      await web.close();
    }
  }
  return {
    ...analyzer,
    analyze: (input, call) => fromNodeInput(input, (bytes) => analyzer.analyze(bytes, withWarmUp(call))),
    analyzeDetailed: (input, call) => fromNodeInput(input, (bytes) => analyzer.analyzeDetailed(bytes, withWarmUp(call))),
    analyzeFileDetailed,
    async analyzeFile(path, call) {
      checkCallOptions(call); // before it is spread
      return (await analyzeFileDetailed(path, { ...call, cacheLookup: true })).result;
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/**
 * One-shot convenience: analyse a path, bytes or a stream with a fresh Node analyzer, then dispose it.
 * For many files, create one analyzer with {@link createNodeAnalyzer} and reuse it.
 */
export async function analyze(input: string | NodeAnalyzeInput, options: NodeAnalyzerOptions & Omit<AnalyzeCallOptions, 'inputStage'> = {}): Promise<AnalysisResult> {
  const analyzer = createNodeAnalyzer(options);
  try {
    return typeof input === 'string' ? await analyzer.analyzeFile(input, options) : await analyzer.analyze(input, options);
  } finally {
    await analyzer.dispose();
  }
}
