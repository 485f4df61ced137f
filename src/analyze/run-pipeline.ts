import { CadlensError, isCadlensError } from '../errors/index.js';
import type { CadlensErrorCode } from '../errors/index.js';
import { normalizeStepBytes, readStep, validateStepReferences, type StepReadResult, type StepReferenceReport } from '../formats/step/index.js';
import { shortenLongStepTokens, type StepTokenRewrite } from '../formats/step/step-long-tokens.js';
import { buildPartFromStep } from '../brep/index.js';
import { attachTessellation, buildMeshDerivedPart, type OcctImportResult, type Tessellator } from '../tessellation/index.js';
import type { InputFormat, Part } from '../model/index.js';
import { runStage, skippedStage, type StageResult, type Validator } from '../stages/validate/index.js';
import { createFormatContext, defaultFormatValidators, type FormatContext } from '../stages/validate/format/index.js';
import { defaultParseValidators, type ParseContext } from '../stages/validate/parse/index.js';
import { createGeometryContext, defaultGeometryValidators, type GeometryContext } from '../stages/validate/geometry/index.js';
import type { MeshGeometryContext } from '../stages/validate/mesh/index.js';
import type { InputContext } from '../stages/intake/index.js';
import { runQualityStage } from '../stages/score/index.js';
import type { StepReadLimits } from '../formats/step/index.js';
import type { AnalysisResult } from '../result/index.js';
import type { AnalyzeStep } from './create-analyzer.js';
import { partToResult, aagToResult } from './part-to-result.js';
import { measureBrepFacesYielding, withExactFaceMeasures, type BrepFaceMeasures } from './brep-face-measures.js';
import { abortBoundary } from '../resilience/yield-to-event-loop.js';
import { stepHoldsCoordinates } from './step-coordinates.js';
import type { MeshDecision, MeshMode } from './mesh-mode.js';

/** Validators per stage; each list replaces the default one when given. */
export interface StageValidators {
  format?: readonly Validator<FormatContext>[];
  parse?: readonly Validator<ParseContext>[];
  geometry?: readonly Validator<GeometryContext>[];
  /** The geometry stage of mesh-only input (STL/OBJ/PLY). */
  meshGeometry?: readonly Validator<MeshGeometryContext>[];
}

/** @internal Everything one pipeline run needs. */
export interface PipelineRun {
  bytes: Uint8Array;
  input: InputContext;
  inputStage: StageResult;
  tessellator: Tessellator;
  validators: StageValidators;
  /** When to tessellate. @defaultValue `'always'` */
  mesh?: MeshMode;
  /** Recognition will run after validation (it reads the exact B-Rep face measures, measured even under `'always'`). */
  recognizes?: boolean;
  /** With `mesh: 'auto'`: why the caller needs the mesh (a forced mesh tier, a mesh validator, `needMesh`), if it does. */
  meshWantedBy?: string;
  stepLimits?: Partial<StepReadLimits>;
  importTimeoutMs?: number;
  signal?: AbortSignal;
  now: () => number;
  /** Reports each step as it starts (never throws). */
  progress?: (step: AnalyzeStep) => void;
  /**
   * Called (under `mesh: 'always'`) with the exact B-Rep part just before the pipeline waits for OpenCascade's
   * import, when recognition will not read the mesh: the part is the one `mesh: 'auto'` would recognize without
   * tessellating (every face's exact measures — free-form faces are fitted from their exact surfaces —, the STEP
   * reader's whole B-Rep, nothing asking for the mesh), whose recognition is the one the tessellated part gets
   * (test/datasets/mesh-paths-equality).
   * The analyzer starts recognition then, on this thread, while the worker imports.
   */
  onBrepOnlyPart?: (part: Part) => void;
}

/** @internal What the validation part of the pipeline produced. */
export interface PipelineOutcome {
  stages: StageResult[];
  part: Part | null;
  format: InputFormat;
  /** Quality score 0–1 (stage 5). */
  score: number;
  error?: NonNullable<AnalysisResult['error']>;
  timings: Record<string, number>;
  /**
   * What recognition reads when it differs from `part`: the tessellated STEP part with the exact B-Rep
   * face measures (area, centroid, box) in place of the triangles' ones, so that features do not depend
   * on whether the analysis built a mesh.
   */
  recognitionPart?: Part;
  /**
   * OpenCascade's tessellation failed on a STEP file the reader built soundly, and the analysis went on from the
   * exact B-Rep (`PARSE_TESSELLATION_FAILED`): what it threw, for the dead letter queue.
   */
  meshFailure?: unknown;
}

const OCCT_FORMATS = new Set<InputFormat>(['step', 'iges', 'brep']);

/**
 * Runs stages 2–5 (format, parse, geometry, quality) after a passed input stage. Never throws for bad
 * input: every failure becomes a finding, and the first fatal one also fills `error`.
 * @internal
 */
export async function runValidationPipeline(run: PipelineRun): Promise<PipelineOutcome> {
  const timings: Record<string, number> = {};
  const format = run.input.sniff?.format ?? 'unknown';
  const stages: StageResult[] = [run.inputStage];
  let error: PipelineOutcome['error'];
  const fail = (e: unknown, stage: string) => {
    if (isCadlensError(e) && e.code === 'ABORTED') throw e;
    error ??= toResultError(e, stage);
  };

  if (!run.inputStage.passed) {
    return finish(stages, null, format, error, timings, 'the input stage failed');
  }
  if (!OCCT_FORMATS.has(format)) {
    return finish(stages, null, format, error, timings, `no reader for ${format} input`);
  }
  const meshMode = run.mesh ?? 'always';
  // A tessellation will follow: let OpenCascade's wasm compile while the STEP reader and builder work.
  if (meshMode === 'always') run.tessellator.warmUp?.();

  // Stage 2: format compliance. The reader runs first so the header it decodes feeds the checks.
  run.progress?.('format');
  let step: StepReadResult | null = null;
  let readError: unknown;
  if (format === 'step') {
    const t = run.now();
    try {
      step = readStep(run.bytes, run.stepLimits);
    } catch (e) {
      readError = e;
      fail(e, 'parse');
      // The parse stage reports the reader's failure (step-read-validator), so the error names that
      // stage, whatever stage the reader's own error carries (its structural scan says 'format').
      if (error && isCadlensError(e) && error.code === e.code) error = { ...error, stage: 'parse' };
    }
    timings.read = run.now() - t;
  }
  // With a signal, each long synchronous step is followed by a turn of the event loop, so that a timer-driven
  // abort (AbortSignal.timeout) fires and is seen before the next step starts.
  await abortBoundary(run.signal);
  const formatCtx = createFormatContext(run.bytes, { format, ...(step ? { header: step.header } : {}) });
  const formatStage = await runStage('format', run.validators.format ?? defaultFormatValidators, formatCtx, { signal: run.signal });
  stages.push(formatStage);

  // Stage 3: parse — references, the B-Rep build, the OpenCascade tessellation, face mapping.
  let part: Part | null = null;
  let references: StepReferenceReport | undefined;
  let buildError: unknown;
  let tessellationError: unknown;
  /** A tessellation failure the analysis went on without (the exact B-Rep analysed instead). */
  let meshFailure: unknown;
  let occtRewrites: StepTokenRewrite[] = [];
  let unmeasuredFaces: number[] = [];
  let exact: BrepFaceMeasures | undefined;
  let recognitionPart: Part | undefined;
  const parseCtx: ParseContext = { format };
  run.progress?.('parse');
  if (format === 'step') {
    // A file without a single coordinate holds nothing OpenCascade could mesh: it is never asked (stepHoldsCoordinates).
    const meshable = step !== null && stepHoldsCoordinates(step);
    // With the mesh always wanted, OpenCascade imports the file in its worker while this thread checks
    // references and builds the B-Rep: the same call on the same bytes as after the build, only started
    // earlier, so the wall time approaches max(import, build). An import nobody awaits (the build failed) is
    // cancelled once that is known, which frees its worker (a busy worker and its deadline timer keep the
    // process alive), and its failure is dropped.
    let early: EarlyImport | undefined;
    let earlyAwaited = false;
    try {
      early = meshMode === 'always' && step && meshable ? startEarlyTessellation(run, step) : undefined;
      early?.result.catch(() => undefined);
    } catch {
      // the byte rewrites failed: the regular start below fails the same way, where it is reported
    }
    try {
      if (step) {
        let t = run.now();
        references = await validateStepReferences(step, run.signal ? { signal: run.signal } : {});
        timings.references = run.now() - t;
        await abortBoundary(run.signal);
        t = run.now();
        try {
          part = buildPartFromStep(step, run.signal ? { signal: run.signal } : {});
        } catch (e) {
          buildError = e;
          fail(e, 'parse');
        }
        timings.build = run.now() - t;
        await abortBoundary(run.signal);
      }
      // The reader built no usable B-Rep (no face with both a surface and a boundary it understands):
      // analyse OpenCascade's tessellation instead, unless this analysis must not load OpenCascade.
      const unbuilt = step && part && buildError === undefined && meshMode !== 'never' ? whyBrepUnbuilt(part) : null;
      if (unbuilt && part && !meshable) {
        // Nothing for OpenCascade to mesh either: the reader's findings stand, and the analysis ends now.
        parseCtx.brepFallback = { reason: unbuilt, skipped: 'the file holds no coordinates (no CARTESIAN_POINT or COORDINATES_LIST entity), so OpenCascade would have nothing to mesh' };
      } else if (unbuilt && part) {
        run.progress?.('tessellate');
        const t = run.now();
        const fallback: NonNullable<ParseContext['brepFallback']> = { reason: unbuilt };
        try {
          // Under 'always' the import started before the build is this one (the same call on the same bytes).
          earlyAwaited = early !== undefined;
          const started = early ?? startTessellation(run, step);
          occtRewrites = started.rewrites;
          const occt = await started.result;
          part = { ...buildMeshDerivedPart(occt, 'step'), unsupported: part.unsupported };
          parseCtx.mesh = { mode: meshMode, tessellate: true, reason: `the STEP reader could not build the B-Rep (${unbuilt})` };
        } catch (e) {
          if (isCadlensError(e) && e.code === 'ABORTED') throw e;
          // Neither path reads it: the reader's findings stay what they were, the fallback's failure is a note.
          fallback.failure = e;
        }
        parseCtx.brepFallback = fallback;
        timings.tessellate = run.now() - t;
      }
      const decision = part && part.faces.length > 0 && !unbuilt ? decideStepMesh(meshMode, part, run.meshWantedBy, run.recognizes ?? false) : undefined;
      if (decision) parseCtx.mesh = decision;
      // The exact face measures: the B-Rep path's instead of the triangles', and recognition's on either path.
      if (part && decision && (!decision.tessellate || run.recognizes)) {
        const t = run.now();
        exact = await measureBrepFacesYielding(part, run.signal);
        timings.measure = run.now() - t;
      }
      if (part && decision && !decision.tessellate && exact) {
        // The B-Rep path: the measures a tessellation would give, from the exact surfaces instead.
        const measured = exact;
        if (meshMode === 'auto' && measured.unmeasured.length > 0) {
          // Their measures (and Tier 1's gAAG attributes) would come from the mesh: tessellate after all.
          parseCtx.mesh = { mode: meshMode, tessellate: true, reason: `the exact area of ${measured.unmeasured.length} face(s) could not be computed from their uv loops` };
        } else {
          part = measured.part;
          unmeasuredFaces = measured.unmeasured;
        }
      }
      if (
        run.onBrepOnlyPart &&
        meshMode === 'always' &&
        part &&
        exact &&
        exact.unmeasured.length === 0 &&
        error === undefined &&
        !unbuilt &&
        !decideStepMesh('auto', part, run.meshWantedBy, run.recognizes ?? false).tessellate
      )
        run.onBrepOnlyPart(exact.part);
      await abortBoundary(run.signal);
      if (part && part.faces.length > 0 && !unbuilt && parseCtx.mesh?.tessellate !== false) {
        run.progress?.('tessellate');
        const t = run.now();
        try {
          earlyAwaited = early !== undefined;
          const started = early ?? startTessellation(run, step);
          occtRewrites = started.rewrites;
          const occt = await started.result;
          part = attachTessellation(part, occt);
          if (exact) recognitionPart = withExactFaceMeasures(part, exact);
        } catch (e) {
          if (part && !unbuilt && error === undefined && references?.ok !== false && !run.meshWantedBy && meshFailureFallsBack(e)) {
            // OpenCascade failed on a file the reader built soundly (no reference or build finding) and nothing asked
            // for the mesh: analyse the exact B-Rep as `mesh: 'never'` would, rather than lose the whole analysis.
            exact ??= await measureBrepFacesYielding(part, run.signal);
            part = exact.part;
            unmeasuredFaces = exact.unmeasured;
            recognitionPart = undefined;
            meshFailure = e;
            parseCtx.mesh = { mode: meshMode, tessellate: false, reason: `OpenCascade's tessellation failed (${(e as CadlensError).code})` };
          } else {
            tessellationError = e;
            fail(e, 'parse');
          }
        }
        timings.tessellate = run.now() - t;
      }
    } finally {
      if (!earlyAwaited) early?.cancel();
    }
    Object.assign(parseCtx, { step, readError, references, part, buildError, tessellationError, meshFailure, occtRewrites });
  } else if (meshMode === 'never') {
    // Only OpenCascade reads IGES and BREP, and this analysis must not load it.
    parseCtx.mesh = { mode: meshMode, tessellate: false, reason: `mesh: 'never', and only OpenCascade reads ${format.toUpperCase()} input` };
    Object.assign(parseCtx, { part: null });
  } else {
    if (meshMode === 'auto') parseCtx.mesh = { mode: meshMode, tessellate: true, reason: `only OpenCascade reads ${format.toUpperCase()} input` };
    run.progress?.('tessellate');
    const t = run.now();
    try {
      const occt = await run.tessellator.tessellate(run.bytes, format as 'iges' | 'brep', tessellateOptions(run));
      part = buildMeshDerivedPart(occt, format as 'iges' | 'brep');
    } catch (e) {
      tessellationError = e;
      fail(e, 'parse');
    }
    timings.tessellate = run.now() - t;
    Object.assign(parseCtx, { part, tessellationError });
  }
  const parseStage = await runStage('parse', run.validators.parse ?? defaultParseValidators, parseCtx, { signal: run.signal });
  stages.push(parseStage);
  if (tessellationError !== undefined && error) error = firstParseCause(parseStage, error);

  // Stage 4: geometry validity — on the mesh, or on the B-Rep alone when the analysis chose not to tessellate.
  const withoutMesh = parseCtx.mesh && !parseCtx.mesh.tessellate && part && part.faces.length > 0 ? parseCtx.mesh : undefined;
  await abortBoundary(run.signal);
  if (part && (part.mesh.indices.length > 0 || withoutMesh)) {
    run.progress?.('geometry');
    const t = run.now();
    const geometryCtx = createGeometryContext(part, withoutMesh ? { withoutMesh: { reason: withoutMesh.reason, unmeasuredFaces } } : {});
    stages.push(await runStage('geometry', run.validators.geometry ?? defaultGeometryValidators, geometryCtx, { signal: run.signal }));
    timings.geometry = run.now() - t;
  } else {
    stages.push(skippedStage('geometry', part ? 'the part has no triangles to check' : 'no part could be built'));
  }
  if (!error && !parseStage.passed && !hasFaces(part)) error = stageError(parseStage, 'parse');
  const outcome = finish(stages, part, format, error, timings);
  if (meshFailure !== undefined) outcome.meshFailure = meshFailure;
  return recognitionPart && outcome.part === part ? { ...outcome, recognitionPart } : outcome;
}

/**
 * Whether an analysis goes on from the exact B-Rep after this tessellation failure: any OpenCascade failure on the
 * file (`OCCT_IMPORT_FAILED`, `OCCT_NO_MESH`, `OCCT_TRAP`, `OCCT_TIMEOUT`, `OCCT_WORKER_CRASHED`,
 * `OCCT_OUT_OF_MEMORY`) — but not `OCCT_UNAVAILABLE` (the installation is broken: systemic, it must alert, not be
 * worked round file by file), an abort, or a failure mapping the triangles onto the faces.
 */
function meshFailureFallsBack(e: unknown): boolean {
  return isCadlensError(e) && e.code.startsWith('OCCT_') && e.code !== 'OCCT_UNAVAILABLE';
}

/**
 * Why the reader's Part is no usable B-Rep, or null when it is: it has no face, or no face with both a
 * surface the reader models and a boundary it understands (every face's geometry or loops are entities
 * it does not read, e.g. a faceted solid bounded by POLY_LOOPs). A Part with some such faces is usable:
 * the rest is reported (PARSE_UNSUPPORTED_ENTITY) and, under `'auto'`, tessellated onto it.
 */
function whyBrepUnbuilt(part: Part): string | null {
  const unsupported = part.unsupported?.length ?? 0;
  const entities = unsupported > 0 ? `; ${unsupported} entit${unsupported === 1 ? 'y' : 'ies'} it does not read, see PARSE_UNSUPPORTED_ENTITY` : '';
  if (part.faces.length === 0) return `no face${entities}`;
  const built = part.faces.some((f) => f.surface !== null && f.surface.type !== 'other' && f.bounds.some((b) => b.coedges.length > 0 || b.vertex !== undefined));
  return built ? null : `none of its ${part.faces.length} face(s) has both a surface and a boundary it reads${entities}`;
}

/** Surfaces whose features recognition reads from the surface itself (the rest it fits to triangles). */
const ANALYTIC = new Set(['plane', 'cylinder', 'cone', 'sphere', 'torus']);

/**
 * Whether a STEP part with faces is tessellated. `'auto'` tessellates when the caller wants the mesh, or
 * when the reader could not build the whole B-Rep (entities it does not understand: OpenCascade may).
 */
function decideStepMesh(mode: MeshMode, part: Part, wantedBy: string | undefined, recognizes: boolean): MeshDecision {
  if (mode === 'always') return { mode, tessellate: true, reason: "mesh: 'always'" };
  if (mode === 'never') return { mode, tessellate: false, reason: "mesh: 'never'" };
  if (wantedBy) return { mode, tessellate: true, reason: wantedBy };
  // Wireframe sets, presentation / PMI items and supplemental construction geometry are no shape of the part:
  // OpenCascade's mesh has no triangles for them either.
  const unsupported = part.unsupported?.filter((u) => !u.notShape).length ?? 0;
  if (unsupported > 0) return { mode, tessellate: true, reason: `the STEP reader did not understand ${unsupported} entit${unsupported === 1 ? 'y' : 'ies'} (see PARSE_UNSUPPORTED_ENTITY)` };
  // Tier 2 fits free-form faces (B-splines, swept and offset surfaces) to samples of their exact surfaces; a face
  // whose uv loops cannot be built (its triangles would be read instead) has no exact area either, and that
  // tessellates after the measure step.
  const freeform = recognizes ? part.faces.filter((f) => !ANALYTIC.has(f.surfaceType)).length : 0;
  const fitted = freeform > 0 ? `; recognition fits its ${freeform} free-form face(s) from their exact surfaces` : '';
  return { mode, tessellate: false, reason: `nothing in this analysis needs the mesh${fitted}` };
}

/**
 * The headline is the first cause: when OpenCascade failed (`OCCT_*`) on a file in which the parse stage's
 * earlier checks had already found an error — a `STEP_BAD_NUMBER` that OpenCascade then could not read
 * either — that error is the cause, and the tessellation failure only its consequence.
 */
function firstParseCause(parseStage: StageResult, headline: NonNullable<PipelineOutcome['error']>): NonNullable<PipelineOutcome['error']> {
  const first = parseStage.findings.find((f) => f.severity === 'error');
  if (!first || first.code === headline.code) return headline;
  return {
    code: first.code,
    kind: new CadlensError(first.code as CadlensErrorCode, first.message).kind,
    message: `${first.message} (then ${headline.code}: ${headline.message})`,
    stage: 'parse',
  };
}

/** Analysis "could not proceed" when there is no part or a part without a single face. */
function hasFaces(part: Part | null): boolean {
  return part !== null && part.faces.length > 0;
}

/**
 * Starts OpenCascade's import of a STEP file. occt-import-js rejects a UTF-8 byte order mark and
 * lower-case keywords that our reader tolerates (with warnings): it gets the normalized copy (the same
 * bytes when nothing changes); its lexer also stops at tokens over 16,382 bytes (long names, comments,
 * blank runs): they are shortened. Throws (synchronously) only where the byte rewrites do.
 */
function startTessellation(run: PipelineRun, step: StepReadResult | null): { rewrites: StepTokenRewrite[]; result: Promise<OcctImportResult> } {
  const normalized = step && (step.hadBom || step.warnings.length > 0) ? normalizeStepBytes(run.bytes) : run.bytes;
  // The reader's scan already bounds every token of the bytes it read: most files need no second look.
  const shortened = shortenLongStepTokens(normalized, step && normalized === run.bytes ? { longestUnsplitBytes: step.longestUnsplitBytes() } : {});
  return { rewrites: shortened.rewrites, result: run.tessellator.tessellate(shortened.bytes, 'step', tessellateOptions(run)) };
}

/** An import started before anything awaits it, and the way to stop it (and free its worker) when nothing will. */
interface EarlyImport extends ReturnType<typeof startTessellation> {
  cancel(): void;
}

/**
 * {@link startTessellation} under a signal of its own, which follows the call's: `cancel()` aborts this import
 * alone (its worker is terminated), the call's abort still aborts it.
 */
function startEarlyTessellation(run: PipelineRun, step: StepReadResult): EarlyImport {
  const own = new AbortController();
  const outer = run.signal;
  const follow = () => own.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  const release = () => outer?.removeEventListener('abort', follow);
  let started: ReturnType<typeof startTessellation>;
  try {
    started = startTessellation({ ...run, signal: own.signal }, step);
  } catch (e) {
    release();
    throw e;
  }
  started.result.then(release, release);
  return { ...started, cancel: () => own.abort(new Error('nothing awaits this import')) };
}

function tessellateOptions(run: PipelineRun) {
  return { ...(run.signal ? { signal: run.signal } : {}), ...(run.importTimeoutMs ? { deadlineMs: run.importTimeoutMs } : {}) };
}

/** @internal Fill the remaining stages as skipped and score (shared with the mesh path). */
export { finish as finishStages };

/** Fill the remaining stages as skipped and score. */
function finish(
  stages: StageResult[],
  part: Part | null,
  format: InputFormat,
  error: PipelineOutcome['error'],
  timings: Record<string, number>,
  skipReason?: string,
): PipelineOutcome {
  const names = ['input', 'format', 'parse', 'geometry'] as const;
  for (const name of names.slice(stages.length)) stages.push(skippedStage(name, skipReason ?? 'an earlier stage failed'));
  const scored = runQualityStage(stages);
  stages.push(scored.stage);
  const score = scored.quality.score;
  if (!error) {
    const firstFatal = stages.find((s) => !s.passed && !s.skipped && s.name !== 'geometry' && s.name !== 'quality');
    if (firstFatal && !hasFaces(part)) error = stageError(firstFatal, firstFatal.name);
  }
  return { stages, part, format, score, ...(error ? { error } : {}), timings };
}

function stageError(stage: StageResult, name: string): NonNullable<AnalysisResult['error']> {
  const f = stage.findings.find((x) => x.severity === 'error');
  return {
    code: f?.code ?? 'VALIDATION_FAILED',
    kind: 'permanent',
    message: f?.message ?? `${name} stage failed`,
    stage: name,
  };
}

/** @internal A thrown value as the result's `error` slot (log-safe: message only, no stack). */
export function toResultError(e: unknown, stage: string): NonNullable<AnalysisResult['error']> {
  if (isCadlensError(e)) return { code: e.code, kind: e.kind, message: e.message, stage: e.stage ?? stage };
  const internal = new CadlensError('INTERNAL' as CadlensErrorCode, e instanceof Error ? e.message : String(e), { stage: 'parse' });
  return { code: internal.code, kind: internal.kind, message: internal.message, stage };
}

export { partToResult, aagToResult };
