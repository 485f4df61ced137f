import { CadlensError, isCadlensError, type CadlensErrorCode, type StageName } from '../errors/index.js';
import type { Tessellator } from '../tessellation/index.js';
import type { StepReadLimits } from '../formats/step/index.js';
import { createInputContext, defaultInputValidators, DEFAULT_MAX_FILE_SIZE_MB, type InputContext } from '../stages/intake/index.js';
import { runStage, type StageResult, type Validator } from '../stages/validate/index.js';
import { declineAll, recognizePerSolid, type Recognizer, type Tier, type Logger, type TierCombinationRule } from '../stages/recognize/index.js';
import { sha256Hex } from '../resilience/bytes.js';
import type { AuditTrail } from '../resilience/audit-trail.js';
import type { DeadLetterQueue } from '../resilience/dead-letter-queue.js';
import type { Metrics } from '../resilience/metrics.js';
import type { Part } from '../model/index.js';
import type { AnalysisResult } from '../result/index.js';
import { ANALYSIS_SCHEMA_VERSION } from '../result/schema-version.js';
import { CADLENS_VERSION } from '../version.js';
import { newRequestId, readInputBytes, type AnalyzeInput } from './input-bytes.js';
import { aagToResult, partToResult, runValidationPipeline, toResultError, type PipelineOutcome, type StageValidators } from './run-pipeline.js';
import { isMeshFormat } from './mesh-format.js';
import type { HealOptions, HealingReport } from '../stages/heal/index.js';
import type { ResultCache } from '../storage/result-cache.js';
import { resultCacheKey } from './result-cache-key.js';
import { useResultCache, type ResultCacheConfig, type ResultCacheUse } from './result-cache-use.js';
import type { MeshMode } from './mesh-mode.js';
import { checkAnalyzerOptions, checkCallOptions } from './check-analyzer-options.js';
import { unreadableInputStage } from './unreadable-input.js';
import { parseBlocksRecognition } from './parse-gate.js';
import { abortBoundary } from '../resilience/yield-to-event-loop.js';

/** Options of {@link createAnalyzer}. */
export interface AnalyzerOptions {
  /**
   * Runs OpenCascade (occt-import-js). Node: `createOcctWorkerTessellator()`; browser: `createOcctInlineTessellator()`.
   * Created tessellators load OpenCascade on first use only, so with `mesh: 'never'` it is never loaded.
   */
  tessellator: Tessellator;
  /**
   * When to tessellate B-Rep input with OpenCascade: `'always'` (every check, the mesh in the result),
   * `'never'` (the fast path: validity, features and score from the B-Rep alone; the mesh-only checks are
   * reported as not run; IGES/BREP cannot be read), or `'auto'` (only when something needs the mesh).
   * See {@link MeshMode}. @defaultValue `'always'`
   */
  mesh?: MeshMode;
  /** Recognizers in preference order (best tier first). @defaultValue `[]` (no recognition) */
  recognizers?: readonly Recognizer[];
  /** Validators per stage; a given list replaces that stage's default list. */
  validators?: StageValidators & { input?: readonly Validator<InputContext>[] };
  /** @defaultValue 100 (MAX_FILE_SIZE_MB) */
  maxFileSizeMb?: number;
  stepLimits?: Partial<StepReadLimits>;
  /**
   * Deadline of the OpenCascade import per file (ms): the import alone, not the analysis (bound that with the call's
   * `signal`, e.g. `AbortSignal.timeout(ms)`). Past it, a STEP file the reader built is analysed from its B-Rep
   * (`PARSE_TESSELLATION_FAILED`) unless the mesh is needed. @defaultValue the tessellator's own
   */
  importTimeoutMs?: number;
  /** Deadline per recognizer call (ms). @defaultValue 60_000 */
  recognizeTimeoutMs?: number;
  /** Run recognition after validation. @defaultValue true */
  recognize?: boolean;
  /** Force one tier (evaluation, debugging). */
  tier?: Tier;
  /**
   * How answers are combined face by face. Within a tier: the later recognizers of the answering tier are
   * asked too, and each face keeps the first class it was given in preference order (`other_feature` counts
   * as none), so an embedder's recognizer placed first adds to the built-in one of its tier. Across the two
   * B-Rep tiers (see {@link TierCombinationRule}): when a recognizer of either of the rule's tiers answers, the
   * later recognizers of the other tier are asked too, and each face takes the tier the rule gives it
   * (`recognition.faces[].tier`). `false`: the first recognizer that answers decides alone — what an embedder
   * wants whose own recognizer, placed first, should merge with no other. The across-tier step is never
   * applied with a forced `tier`.
   * @defaultValue {@link DEFAULT_TIER_COMBINATION} (Tier 2 primary, Tier 1 where Tier 2 has no class or calls stock)
   */
  combineTiers?: TierCombinationRule | false;
  /**
   * With `mesh: 'always'`, recognize a part whose recognition does not read the mesh (analytic faces only, the
   * whole B-Rep read: what `mesh: 'auto'` would analyse without tessellating) while OpenCascade's worker imports
   * it, instead of after the geometry stage: the same result, sooner (bench/README.md, session 11). Its recognizer
   * failures are reported once the import has succeeded, as before; none when the analysis ends without
   * recognition. Turn it off to recognize the tessellated part itself (the equality tests of the two paths do).
   * @defaultValue true
   */
  recognizeDuringImport?: boolean;
  /**
   * Heal mesh input (weld, remove degenerate/duplicate triangles, orient, fill holes, resolve
   * self-intersections) before the geometry stage judges it. Opt-out; every fix is reported in
   * `result.healing`. @defaultValue true
   */
  heal?: boolean | HealOptions;
  /** Audit trail for `validation_complete` and `processing_complete` events. */
  audit?: AuditTrail;
  /**
   * Every analysis that could not proceed (`result.error`) and every recognizer failure is recorded
   * here with its classification, stage and tier. Recording failures never fail the analysis.
   */
  deadLetters?: DeadLetterQueue;
  /** Receives one processing sample per analysis (for `/metrics` and health) and the cache's hit/miss counts. */
  metrics?: Metrics;
  /**
   * Result cache for frequently analysed parts: `analyze()` (and the Node `analyzeFile()`) look the
   * result up before analysing and store clean results after. A hit is marked `result.cache.hit` and
   * is not re-audited, re-dead-lettered or counted as an analysis in the metrics samples; a cache that
   * fails or is slow only costs a miss. What the key covers: {@link resultCacheKey}; what is stored:
   * docs/result-contract.md. Stores: `createMemoryResultCache()` (`cadlens/adapters/memory`) and
   * `createRedisResultCache()` (`cadlens/adapters/redis`). @defaultValue none (no caching)
   */
  cache?: ResultCache | ResultCacheConfig;
  /**
   * Called when a recognizer fails (throws, times out, answers out of shape); the analysis itself goes on (a lower
   * tier answers). `error` is what was thrown, as thrown — a plain `Error` from your recognizer stays one;
   * `classify(error)` gives the code and kind its skip (`error:<code>`) and dead letter carry.
   */
  onRecognizerError?: (error: unknown, recognizer: Recognizer) => void;
  log?: Logger;
  /** Clock for timings. @defaultValue `performance.now()` */
  now?: () => number;
}

/**
 * A step of one analysis, in the order they run: `format` (read and check the envelope), `parse`
 * (references and the B-Rep), `tessellate` (OpenCascade), `heal` (mesh input), `geometry`,
 * `recognize`. Steps that do not apply to an input are not reported.
 */
export type AnalyzeStep = 'format' | 'parse' | 'tessellate' | 'heal' | 'geometry' | 'recognize';

/** Per-call options of {@link Analyzer.analyze}. */
export interface AnalyzeCallOptions {
  /** Name for messages and the result's `input.name`. @defaultValue `'input'` */
  name?: string;
  signal?: AbortSignal;
  requestId?: string;
  /**
   * Called as each {@link AnalyzeStep} starts (for progress displays). A listener that throws is
   * ignored; it never fails the analysis.
   */
  onProgress?: (step: AnalyzeStep) => void;
  /**
   * With `mesh: 'auto'`: the caller will use the mesh of the returned Part (a three.js view, an STL
   * export), so the analysis tessellates. @defaultValue false
   */
  needMesh?: boolean;
  /** @internal The input stage already run by the Node runtime on a path (so big files are never read). */
  inputStage?: { stage: StageResult; context: InputContext };
  /**
   * Use the analyzer's result cache for this call. `analyzeDetailed()` never serves from the cache
   * (a cached result has no in-memory Part) but does store. @defaultValue true
   */
  cache?: boolean;
  /** @internal Serve from the cache (set by `analyze()` and the Node `analyzeFile()`). */
  cacheLookup?: boolean;
}

/** An analyzer: create once, analyse many inputs, dispose. */
export interface Analyzer {
  /**
   * Validates and analyses one input. Bad input never throws: it yields a result with failed stages
   * and, when analysis could not proceed, `error`.
   * @throws CadlensError `ABORTED` when `signal` aborts; `CONFIG_INVALID` for call options of the wrong type (a
   * `signal` that is no AbortSignal, an `onProgress` that is no function, a `needMesh` that is no boolean…)
   */
  analyze(input: AnalyzeInput, options?: AnalyzeCallOptions): Promise<AnalysisResult>;
  /** Like {@link Analyzer.analyze} but also returns the in-memory {@link Part} (with mesh and surfaces). */
  analyzeDetailed(input: AnalyzeInput, options?: AnalyzeCallOptions): Promise<{ result: AnalysisResult; part: Part | null }>;
  /** Releases the tessellator and recognizers. */
  dispose(): Promise<void>;
}

const silentLog: Logger = { debug() {}, info() {}, warn() {} };

/**
 * Creates an analyzer. Array order of `recognizers` is preference order; the first that accepts the
 * part answers, and every tier skipped says why.
 *
 * @example
 * ```ts
 * import { createAnalyzer, createOcctInlineTessellator, createBrowserRecognizers } from 'cadlens/browser';
 * const tessellator = createOcctInlineTessellator({
 *   loadFactory: () => import('occt-import-js').then((m) => m.default),
 *   moduleOverrides: { locateFile: (f: string) => `/assets/${f}` }, // where occt-import-js.wasm is served
 * });
 * const analyzer = createAnalyzer({ tessellator, recognizers: createBrowserRecognizers() });
 * const result = await analyzer.analyze(bytes, { name: 'part.step' });
 * console.log(result.quality.score, result.part?.faces.length);
 * ```
 *
 * @throws CadlensError `CONFIG_INVALID` for an invalid `mesh`, `tier`, `heal`, `maxFileSizeMb` or `recognizeTimeoutMs`, a malformed
 * recognizer, or a validator placed in the list of another stage than its `stage`
 */
export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  checkAnalyzerOptions(options);
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const maxFileSizeMb = options.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB;
  const recognizers = options.recognizers ?? [];
  const cache: ResultCacheUse | undefined = options.cache
    ? useResultCache(options.cache, { ...(options.metrics ? { metrics: options.metrics } : {}), log: options.log ?? silentLog })
    : undefined;
  const keyOf = (sha256: string) =>
    resultCacheKey(sha256, {
      maxFileSizeMb,
      ...(options.stepLimits ? { stepLimits: options.stepLimits } : {}),
      ...(options.recognize !== undefined ? { recognize: options.recognize } : {}),
      ...(options.tier !== undefined ? { tier: options.tier } : {}),
      ...(options.heal !== undefined ? { heal: options.heal } : {}),
      ...(options.mesh !== undefined ? { mesh: options.mesh } : {}),
      ...(options.combineTiers !== undefined ? { combineTiers: options.combineTiers } : {}),
      recognizers,
      ...(options.validators ? { validators: options.validators } : {}),
      ...(cache?.namespace !== undefined ? { namespace: cache.namespace } : {}),
    });

  async function analyzeDetailed(input: AnalyzeInput, call: AnalyzeCallOptions = {}) {
    checkCallOptions(call);
    const started = now();
    const name = call.name ?? 'input';
    const requestId = call.requestId ?? newRequestId();
    const timings: Record<string, number> = {};

    let bytes: Uint8Array;
    let inputStage: StageResult;
    let inputContext: InputContext;
    try {
      bytes = await readInputBytes(input, maxFileSizeMb * 1024 * 1024, call.signal);
    } catch (e) {
      if (isCadlensError(e) && e.code === 'ABORTED') throw e;
      bytes = new Uint8Array(0);
      call = { ...call, inputStage: unreadableInputStage(e, name, maxFileSizeMb) };
    }
    if (call.inputStage) {
      inputStage = call.inputStage.stage;
      inputContext = call.inputStage.context;
    } else {
      inputContext = createInputContext(bytes, { name, maxFileSizeMb });
      inputStage = await runStage('input', options.validators?.input ?? defaultInputValidators, inputContext, { signal: call.signal });
    }
    timings.read = now() - started;

    const sha256 = bytes.length > 0 ? await sha256Hex(bytes).catch(() => null) : null;
    const cacheKey = cache && call.cache !== false && sha256 && inputStage.passed ? await keyOf(sha256) : undefined;
    if (cache && cacheKey && sha256 && call.cacheLookup) {
      const cached = await cache.lookup(cacheKey, sha256, call.signal);
      if (cached) {
        // Only what belongs to this call changes; the rest is the earlier analysis, as it was.
        const result: AnalysisResult = { ...cached, requestId, input: { ...cached.input, name }, cache: { hit: true, key: cacheKey } };
        return { result, part: null };
      }
    }
    const progress = (step: AnalyzeStep) => {
      try {
        call.onProgress?.(step);
      } catch {
        // A progress display must never break the analysis.
      }
    };
    /**
     * One recognition of `target` (every recognizer failure collected, reported by the caller once the result
     * is used). Throws only for an abort.
     */
    const recognizeOnce = async (target: Part) => {
      const t = now();
      const failures: { error: unknown; recognizer: Recognizer }[] = [];
      const controller = new AbortController();
      const onAbort = () => controller.abort(call.signal?.reason);
      call.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const { result, skipped } = await recognizePerSolid(
          target,
          recognizers,
          { signal: controller.signal, now: () => Date.now(), log: options.log ?? silentLog, input: bytes },
          {
            ...(options.tier !== undefined ? { tier: options.tier } : {}),
            ...(options.recognizeTimeoutMs ? { timeoutMs: options.recognizeTimeoutMs } : {}),
            ...(options.combineTiers !== undefined ? { combine: options.combineTiers } : {}),
            onRecognizerError: (error, recognizer) => failures.push({ error, recognizer }),
          },
        );
        return { result, skipped, failures, ms: now() - t };
      } finally {
        call.signal?.removeEventListener('abort', onAbort);
      }
    };
    /** Recognition started on the exact B-Rep while OpenCascade imports the file (`mesh: 'always'`). */
    let early: ReturnType<typeof recognizeOnce> | undefined;
    const run = {
      bytes,
      progress,
      // With the mesh on its way, a part whose recognition does not read the mesh (what `mesh: 'auto'` would analyse
      // without it) is recognized now, on this thread, while OpenCascade's worker imports the file.
      ...(recognizers.length > 0 && options.recognize !== false && options.recognizeDuringImport !== false
        ? {
            onBrepOnlyPart: (p: Part) => {
              early = recognizeOnce(p);
              // Not used when the import or the parse stage fails, and an abort may end the pipeline first.
              early.catch(() => undefined);
            },
          }
        : {}),
      input: inputContext,
      inputStage,
      tessellator: options.tessellator,
      validators: options.validators ?? {},
      mesh: options.mesh ?? 'always',
      recognizes: options.recognize !== false && recognizers.length > 0,
      ...(meshWantedBy(options, call) ? { meshWantedBy: meshWantedBy(options, call) } : {}),
      ...(options.stepLimits ? { stepLimits: options.stepLimits } : {}),
      ...(options.importTimeoutMs ? { importTimeoutMs: options.importTimeoutMs } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      now,
    };
    let outcome: PipelineOutcome;
    let healing: HealingReport | null = null;
    let inputTriangleOf: Int32Array | null = null;
    if (inputStage.passed && isMeshFormat(inputContext.sniff?.format ?? 'unknown')) {
      // Loaded for mesh inputs only: a STEP analysis never pays for the mesh readers and healing.
      const { runMeshPipeline } = await import('./run-mesh-pipeline.js');
      const mesh = await runMeshPipeline(run, options.heal ?? true);
      ({ healing, inputTriangleOf } = mesh);
      outcome = mesh;
    } else {
      outcome = await runValidationPipeline(run);
    }
    Object.assign(timings, outcome.timings);

    if (healing && healing.totalFixes > 0) {
      await options.audit
        ?.record('healing_applied', {
          requestId,
          partSha256: sha256,
          details: { totalFixes: healing.totalFixes, fixes: healing.fixes.map((f) => ({ kind: f.kind, count: f.count })) },
        })
        .catch(() => undefined);
    }
    await options.audit
      ?.record('validation_complete', {
        requestId,
        partSha256: sha256,
        details: { stages: outcome.stages.map((s) => ({ name: s.name, passed: s.passed, findings: s.findings.length })) },
      })
      .catch(() => undefined);

    let recognition: AnalysisResult['recognition'] = null;
    let recognizerFailed = false;
    const pending: (Promise<unknown> | undefined)[] = [];
    const part = outcome.part;
    const parseFailure = parseBlocksRecognition(outcome.stages, outcome.recognitionPart ?? part);
    if (part && options.recognize !== false && recognizers.length > 0 && !outcome.error && parseFailure) {
      // Features of geometry the parse stage could not verify (e.g. no face kept its triangles) would be guesses.
      recognition = declineAll(recognizers, 'parse_failed', parseFailure);
      timings.recognizeSkipped = recognizers.length;
    } else if (part && options.recognize !== false && recognizers.length > 0 && !outcome.error) {
      // The geometry stage was a long synchronous stretch: let a due abort timer fire before recognition starts.
      await abortBoundary(call.signal);
      progress('recognize');
      // Started while OpenCascade imported the file (see onBrepOnlyPart above), or now.
      const run = early ?? recognizeOnce(outcome.recognitionPart ?? part);
      const { result, skipped, failures, ms } = await run;
      for (const { error, recognizer } of failures) {
        recognizerFailed = true;
        options.onRecognizerError?.(error, recognizer);
        pending.push(
          options.deadLetters
            ?.add({ error, input: { name, bytes, ...(sha256 ? { sha256 } : {}) }, stage: 'recognize', tier: `tier${recognizer.tier}`, requestId })
            .catch(() => undefined),
        );
      }
      recognition = inputTriangleOf ? mapTrianglesToInput(result, inputTriangleOf) : result;
      timings.recognizeSkipped = skipped.length;
      timings.recognize = ms;
    }
    // A recognition started early that this result does not use (the import or the parse stage failed) reports none
    // of its failures: recognition did not run for this result.

    timings.total = now() - started;
    const score = outcome.score;
    const result: AnalysisResult = {
      schemaVersion: ANALYSIS_SCHEMA_VERSION,
      cadlensVersion: CADLENS_VERSION,
      requestId,
      input: { name, sizeBytes: inputContext.sizeBytes, sha256, format: outcome.format },
      stages: outcome.stages.map(({ name: n, passed, skipped, findings, durationMs }) => ({
        name: n,
        passed,
        ...(skipped ? { skipped } : {}),
        findings,
        durationMs,
      })) as AnalysisResult['stages'],
      quality: { score },
      part: part ? partToResult(part) : null,
      aag: part ? aagToResult(part) : null,
      recognition,
      healing: healing ? (healing as unknown as Record<string, unknown>) : null,
      timings,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    if (outcome.error && options.deadLetters) {
      const e = outcome.error;
      pending.push(
        options.deadLetters
          .add({
            error: new CadlensError(e.code as CadlensErrorCode, e.message, { kind: e.kind, ...(e.stage ? { stage: e.stage as StageName } : {}) }),
            input: { name, bytes, sizeBytes: inputContext.sizeBytes, ...(sha256 ? { sha256 } : {}) },
            stage: e.stage ?? 'unknown',
            tier: null,
            requestId,
            durationMs: timings.total,
          })
          .catch(() => undefined),
      );
    }
    if (outcome.meshFailure !== undefined && options.deadLetters) {
      // The analysis went on from the exact B-Rep, but the tessellation failure is still a failure: it lands in the
      // queue with its classification (a transient one may be retried there for the mesh).
      const e = outcome.meshFailure;
      pending.push(
        options.deadLetters
          .add({
            error: isCadlensError(e) ? e : new CadlensError('OCCT_IMPORT_FAILED', String(e), { stage: 'parse' }),
            input: { name, bytes, sizeBytes: inputContext.sizeBytes, ...(sha256 ? { sha256 } : {}) },
            stage: 'parse',
            tier: null,
            requestId,
            durationMs: timings.total,
          })
          .catch(() => undefined),
      );
    }
    pending.push(
      options.metrics
        ?.recordSample({
          durationMs: timings.total,
          qualityScore: result.error ? null : score,
          recognized: (recognition?.faces.length ?? 0) > 0,
          tier: recognition?.tier ? `tier${recognition.tier}` : null,
          ok: !result.error,
          requestId,
        })
        .catch(() => undefined),
    );
    if (cache && cacheKey) {
      const stored = isCacheable(result, recognizerFailed, outcome.meshFailure !== undefined) ? await cache.store(cacheKey, result, call.signal) : false;
      result.cache = { hit: false, key: cacheKey, stored };
    }
    await Promise.all(pending);
    await options.audit
      ?.record('processing_complete', {
        requestId,
        partSha256: sha256,
        details: { tier: recognition?.tier ?? null, confidence: recognition?.confidence ?? null, quality: score },
      })
      .catch(() => undefined);
    return { result, part };
  }

  return {
    analyzeDetailed,
    async analyze(input, call) {
      checkCallOptions(call); // before it is spread
      return (await analyzeDetailed(input, { ...call, cacheLookup: true })).result;
    },
    async dispose() {
      await options.tessellator.close();
      for (const r of recognizers) await r.dispose?.();
    },
  };
}

/** With `mesh: 'auto'`, what in this analysis needs the mesh (undefined: nothing). */
function meshWantedBy(options: AnalyzerOptions, call: AnalyzeCallOptions): string | undefined {
  if (call.needMesh) return 'the caller asked for the mesh (needMesh)';
  if (options.tier === 3 || options.tier === 4) return `recognition is forced to the mesh tier ${options.tier}`;
  const meshCheck = options.validators?.geometry?.find((v) => v.needsMesh);
  if (meshCheck) return `the geometry validator ${meshCheck.id} reads the mesh`;
  return undefined;
}

/** Skip reasons that say the answer was shaped by a passing condition (an outage, a slow tier), not by the part. */
const TRANSIENT_SKIPS = new Set(['breaker_open', 'timeout', 'model_unavailable']);

/**
 * Only results that any later analysis of the same bytes with the same options would reproduce are
 * cached: no `error` (transient ones would stick), no failing tier, no tier skipped for an outage, no
 * tessellation failure worked round (a later import may give the mesh).
 */
function isCacheable(result: AnalysisResult, recognizerFailed: boolean, meshFailed: boolean): boolean {
  if (result.error || recognizerFailed || meshFailed) return false;
  return !(result.recognition?.skipped ?? []).some((s) => TRANSIENT_SKIPS.has(s.reason) || s.reason.startsWith('error'));
}

/** Why recognition must not run on this part: its parse stage ran and failed (first error, and how many). */
/** Recognized faces list input triangle indices: translate the healed mesh's indices back. */
function mapTrianglesToInput(recognition: NonNullable<AnalysisResult['recognition']>, inputTriangleOf: Int32Array) {
  return {
    ...recognition,
    faces: recognition.faces.map((f) =>
      f.triangles ? { ...f, triangles: f.triangles.map((t) => inputTriangleOf[t]).filter((t) => t !== undefined && t >= 0) } : f,
    ),
  };
}

export { assertValidResult } from './assert-valid-result.js';

export { toResultError };
