import { partBodyCount, solidInstances, splitPartBySolid, type Part, type PartBody } from '../../model/index.js';
import type { RecognitionResult } from '../../result/index.js';
import type { RecognizeContext, Recognizer } from './recognizer.js';
import { runRecognizers, type RunRecognizersOptions, type SkippedTier } from './run-recognizers.js';

/** One body's entry in the result (`recognition.solids[]`). */
export type RecognizedSolid = NonNullable<RecognitionResult['solids']>[number];

/** Why a body was not recognized (`recognition.solids[].skipReason`). */
export type BodySkipReason = 'not_solid' | 'too_few_faces' | 'too_small' | 'no_tier';

/** Options of {@link recognizePerSolid}: those of {@link runRecognizers}, plus the body thresholds. */
export interface RecognizePerSolidOptions extends RunRecognizersOptions {
  /**
   * Bodies with fewer faces are reported and skipped: they bound no machining feature (a sphere, a
   * torus ring, a sliver). @defaultValue 3 ({@link DEFAULT_MIN_BODY_FACES})
   */
  minBodyFaces?: number;
  /**
   * Bodies whose bounding-box diagonal is below this share of the largest body's are reported and
   * skipped (debris and construction leftovers, not parts). @defaultValue 0.001 ({@link DEFAULT_MIN_BODY_SIZE_RATIO})
   */
  minBodySizeRatio?: number;
}

/** Default of {@link RecognizePerSolidOptions.minBodyFaces}. */
export const DEFAULT_MIN_BODY_FACES = 3;
/** Default of {@link RecognizePerSolidOptions.minBodySizeRatio}. */
export const DEFAULT_MIN_BODY_SIZE_RATIO = 0.001;

/**
 * Recognition solid by solid. A Part with one body (one solid, or only faces) goes to
 * {@link runRecognizers} unchanged. A Part with several bodies (solids, surface bodies, free shells) is
 * split ({@link splitPartBySolid}) and every body that is a closed solid of useful size is recognized on
 * its own — its own stock, bounding box, alignment and graph — by the first tier that answers for it
 * (a surface model of several shells is one body per shell: a closed one is recognized like a solid);
 * bodies with an open shell (surface bodies: `not_solid`), bodies with fewer than `minBodyFaces` faces
 * (`too_few_faces`) and bodies smaller than `minBodySizeRatio` of the largest (`too_small`) are reported in
 * `solids[]` and skipped, so they no longer make a tier decline the whole file. A solid placed several
 * times by the assembly is stored once, recognized once, and its `instances` list every placement.
 *
 * The merged answer: `faces[]`/`features[]` carry whole-Part face indices and `solid` (the position in
 * `solids[]`); `tier`/`recognizer` are the ones that labelled the most faces, `details` those of that
 * tier's largest body (each body's own are in `solids[].details`); `confidence` is the face-weighted
 * mean of the answering solids'; `skipped[]` is every solid's, each with its `solid`.
 * When no body qualifies (e.g. only open shells), the whole Part is recognized as before, and `solids[]`
 * still says why each body was skipped. Recognizers get `ctx.input` only for the whole Part (the bytes
 * are the file's, not a body's).
 *
 * @throws CadlensError `ABORTED` when the context's signal aborts
 */
export async function recognizePerSolid(
  part: Readonly<Part>,
  recognizers: readonly Recognizer[],
  ctx: RecognizeContext,
  options: RecognizePerSolidOptions = {},
): Promise<{ result: RecognitionResult; skipped: SkippedTier[] }> {
  if (partBodyCount(part) <= 1) return runRecognizers(part, recognizers, ctx, options);
  const bodies = splitPartBySolid(part);

  const minFaces = options.minBodyFaces ?? DEFAULT_MIN_BODY_FACES;
  const minRatio = options.minBodySizeRatio ?? DEFAULT_MIN_BODY_SIZE_RATIO;
  const largest = Math.max(...bodies.map((b) => diagonal(b)));
  const verdicts = bodies.map((b) => bodyVerdict(b, minFaces, minRatio * largest));

  const solids: RecognizedSolid[] = bodies.map((b, k) => ({
    index: b.solid,
    stepId: b.stepId,
    name: b.name,
    kind: b.kind,
    ...(b.shell !== undefined ? { shell: b.shell } : {}),
    faceCount: b.part.faces.length,
    tier: null,
    recognizer: null,
    confidence: 0,
    ...(verdicts[k] ? { skipReason: verdicts[k]!.reason, detail: verdicts[k]!.detail } : {}),
    instances: b.solid >= 0 ? solidInstances(part, b.solid) : [{ path: [], transform: IDENTITY }],
  }));

  if (verdicts.every((v) => v !== null)) {
    // Nothing to split off: recognize the file as a whole, as without per-solid analysis.
    const whole = await runRecognizers(part, recognizers, ctx, options);
    return { result: { ...whole.result, solids }, skipped: whole.skipped };
  }

  const faces: RecognitionResult['faces'] = [];
  const features: RecognitionResult['features'] = [];
  const skipped: SkippedTier[] = [];
  const findings: NonNullable<RecognitionResult['findings']> = [];
  const bodyCtx: RecognizeContext = { signal: ctx.signal, now: ctx.now, log: ctx.log };
  const answered: { tier: number; recognizer: string; nominal: number; faces: number; confidence: number; details?: Record<string, unknown> }[] = [];
  for (let k = 0; k < bodies.length; k++) {
    if (verdicts[k]) continue;
    const body = bodies[k];
    const { result } = await runRecognizers(body.part, recognizers, bodyCtx, options);
    const map = body.faceMap;
    for (const s of result.skipped) skipped.push({ ...s, solid: k });
    for (const f of result.findings ?? []) findings.push({ ...f, message: `solid ${k}: ${f.message}` });
    const entry = solids[k];
    entry.skipped = result.skipped;
    if (result.tier === null) {
      entry.skipReason = 'no_tier';
      entry.detail = 'no tier answered for this solid (see its skipped[])';
      continue;
    }
    entry.tier = result.tier;
    entry.recognizer = result.recognizer;
    entry.confidence = result.confidence;
    if (result.details) entry.details = result.details;
    for (const f of result.faces) faces.push({ ...f, faceIndex: map[f.faceIndex] ?? f.faceIndex, solid: k });
    for (const f of result.features)
      features.push({
        ...f,
        faces: f.faces.map((i) => map[i] ?? i),
        bottomFaces: f.bottomFaces.map((i) => map[i] ?? i),
        ...(f.composite ? { composite: { ...f.composite, segments: f.composite.segments.map((s) => ({ ...s, faces: s.faces.map((i) => map[i] ?? i) })) } } : {}),
        solid: k,
      });
    answered.push({
      tier: result.tier,
      recognizer: result.recognizer ?? '',
      nominal: result.nominalConfidence,
      faces: result.faces.length,
      confidence: result.confidence,
      ...(result.details ? { details: result.details } : {}),
    });
  }

  const lead = leadingTier(answered);
  const labelled = answered.reduce((s, a) => s + a.faces, 0);
  // Top-level details (e.g. Tier 1's `provider`, which callers read there): the leading tier's largest body's.
  const leadBody = lead
    ? answered.filter((a) => a.tier === lead.tier && a.recognizer === lead.recognizer).reduce((m, a) => (a.faces > m.faces ? a : m))
    : null;
  const result: RecognitionResult = {
    tier: lead?.tier ?? null,
    recognizer: lead?.recognizer ?? null,
    nominalConfidence: lead?.nominal ?? 0,
    confidence: labelled > 0 ? answered.reduce((s, a) => s + a.confidence * a.faces, 0) / labelled : 0,
    skipped,
    faces,
    features,
    ...(findings.length > 0 ? { findings } : {}),
    ...(leadBody?.details ? { details: leadBody.details } : {}),
    solids,
  };
  return { result, skipped };
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

function diagonal(b: PartBody): number {
  const { min, max } = b.part.summary.bbox;
  return Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
}

/** Why a body is skipped, or null when it is recognized. */
function bodyVerdict(b: PartBody, minFaces: number, minDiagonal: number): { reason: BodySkipReason; detail: string } | null {
  if (!b.closed) return { reason: 'not_solid', detail: `${b.kind === 'free_shell' ? 'free shell' : b.kind} with open shell(s): a surface body bounds no volume to machine` };
  if (b.part.faces.length < minFaces) return { reason: 'too_few_faces', detail: `${b.part.faces.length} face(s), fewer than ${minFaces}` };
  const d = diagonal(b);
  if (d < minDiagonal) return { reason: 'too_small', detail: `bounding-box diagonal ${d.toPrecision(3)} mm, under ${minDiagonal.toPrecision(3)} mm` };
  return null;
}

/** The tier that labelled the most faces (ties: the better tier), for the result's top-level `tier`. */
function leadingTier<T extends { tier: number; recognizer: string; nominal: number; faces: number }>(answered: readonly T[]): T | null {
  const byTier = new Map<string, T & { total: number }>();
  for (const a of answered) {
    const key = `${a.tier}\u0000${a.recognizer}`;
    const cur = byTier.get(key);
    if (cur) cur.total += a.faces;
    else byTier.set(key, { ...a, total: a.faces });
  }
  let best: (T & { total: number }) | null = null;
  for (const c of byTier.values()) if (!best || c.total > best.total || (c.total === best.total && c.tier < best.tier)) best = c;
  return best;
}
