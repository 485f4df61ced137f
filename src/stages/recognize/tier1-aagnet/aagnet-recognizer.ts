import { CadlensError, isCadlensError } from '../../../errors/index.js';
import { throwIfAborted } from '../../../errors/abort.js';
import type { Part } from '../../../model/index.js';
import {
  defaultCalibrationFor,
  AAGNET_FACE_ATTR_DIM,
  AAGNET_STOCK_CLASS_ID,
  AAGNET_THROUGH_HOLE_CLASS_ID,
  DEFAULT_MAX_FACES,
  calibrateOutputs,
  aagnetClassName,
  decodeFacePredictions,
  groupAagnetInstances,
  validateAagnetInputs,
  type AagnetCalibration,
  type AagnetInputs,
  type AagnetInstance,
  type InferenceEngine,
} from '../../../inference/index.js';
import { defineRecognizer, type CanRecognize, type RecognitionOutput, type RecognizedFace, type RecognizedFeature, type Recognizer } from '../recognizer.js';
import { extractGaag } from '../../../features/gaag/index.js';
import { measureFeatureParameters } from './feature-parameters.js';
import { rotatePart, stockAlignment } from './align-part.js';
import { envelopeFaces } from './stock-envelope.js';
import { canonicalKinds, canonicalFeatureGeometry } from '../canonical-kinds.js';

/** Nominal confidence of Tier 1 (AAGNet on the full B-Rep). */
export const TIER1_NOMINAL_CONFIDENCE = 0.95;

/**
 * What a gAAG extractor returns: the network inputs, plus which Part face each graph node is.
 * Structural, so any extractor with this shape plugs in.
 */
export interface GaagExtraction {
  readonly inputs: AagnetInputs;
  /** `faceOrder[node]` = index into `part.faces` of graph node `node`. */
  readonly faceOrder: ArrayLike<number>;
  /** The unit-box normalisation used (centre, scale), for the record. */
  readonly unitBox?: unknown;
  /**
   * Anything the extractor could not reproduce faithfully (unsupported surface, missing pcurve…).
   * By default a warning makes the part out of domain unless it says `outOfDomain: false` (see
   * {@link AagnetRecognizerOptions.acceptWarnings}).
   */
  readonly warnings: readonly unknown[];
}

/** Builds the gAAG of a Part. */
export type GaagExtractor = (part: Readonly<Part>, kinds?: GaagKindOverrides) => GaagExtraction;

/** What the default extractor flags instead of the written type, per face and edge index (see {@link canonicalKinds}). */
export interface GaagKindOverrides {
  faceKind: (faceIndex: number) => string | null;
  edgeKind: (edgeIndex: number) => 'line' | 'circle' | 'ellipse' | null;
}

/** Options of {@link createAagnetRecognizer}. Give `engine` or `engineFactory`. */
export interface AagnetRecognizerOptions {
  /** A ready engine. The recognizer does not dispose it (you own it). */
  engine?: InferenceEngine;
  /**
   * Creates the engine on first use (once; the promise is shared). The recognizer owns it and
   * disposes it in `dispose()`. A factory that throws makes `canRecognize` answer
   * `model_unavailable` (with the error's message) from then on.
   */
  engineFactory?: (signal?: AbortSignal) => Promise<InferenceEngine>;
  /**
   * The gAAG extractor.
   * @defaultValue cadlens' TypeScript port of AAGNet's extractor (`extractGaag`), with `maxFaces`
   */
  extract?: GaagExtractor;
  /**
   * Read faces and edges by their canonical kind: a face written as a B-spline whose exact surface is a plane,
   * cylinder, cone, sphere or torus (within 1e-6 of its size), or an edge written as a B-spline that is a line or circle, counts as
   * that kind — in the free-form share that declines a part, and in the network's type flags. Some exporters write
   * every face so (I-DEAS; Open CASCADE's 2008 writer for cylinders). False: the types as written.
   * @defaultValue true
   */
  canonicalKinds?: boolean;
  /**
   * Largest graph accepted; bigger parts are declined (`out_of_domain`, detail `GRAPH_TOO_LARGE`).
   * @defaultValue 1000 (`DEFAULT_MAX_FACES`), further capped by the engine's own `maxFaces`
   */
  maxFaces?: number;
  /**
   * Largest share of faces on free-form or procedural surfaces (B-spline, extrusion, revolution,
   * offset, unknown) a part may have. The network was trained on MFInstSeg's prismatic parts
   * (planes and cylinders, no free-form faces), so free-form-heavy parts are declined as
   * `out_of_domain` for a later tier to answer.
   * @defaultValue 0.1
   */
  maxFreeformFaceShare?: number;
  /** A face is a bottom face when sigmoid(bottom logit) exceeds this. @defaultValue 0.5 (the reference's) */
  bottomThreshold?: number;
  /**
   * Apply the reference GUI's through-hole split (a multi-face `through_hole` proposal becomes one
   * instance per distinct face centroid). @defaultValue true
   */
  splitThroughHoles?: boolean;
  /**
   * Rotate a part whose planar faces are not axis-aligned so that its dominant planar directions
   * lie on the coordinate axes before extraction (the network was trained on axis-aligned stocks
   * only; on randomly rotated MFCAD parts this lifts per-face accuracy from 57 % back to the
   * axis-aligned level). Parts already aligned are untouched. Face indices, STEP ids and measured
   * parameters always refer to the part as given.
   * @defaultValue true
   */
  alignStock?: boolean;
  /** Measure feature parameters from the B-Rep. @defaultValue true */
  measureParameters?: boolean;
  /**
   * Decide whether a part whose extraction produced warnings may still be recognized.
   * @defaultValue accept only when every warning is an object with `outOfDomain: false` (the
   *   extractor's "informational" marker); anything else declines the part as `out_of_domain`
   */
  acceptWarnings?: (warnings: readonly unknown[]) => boolean;
  /**
   * Calibration of the per-face probabilities: the class logits are divided by `temperature` before the
   * softmax (the class and the instances do not change; probabilities and confidences do). `null` reports
   * the network's raw softmax.
   * @defaultValue the shipped calibration of the engine's model (`defaultCalibrationFor(engine.id)`: `AAGNET_CALIBRATION`,
   *   or `AAGNET_FT_CALIBRATION` for `aagnet-cadlens-ft.onnx`; fitted on generated parts, see models/README.md)
   */
  calibration?: AagnetCalibration | null;
  /**
   * Stock-envelope arbitration: a planar face on the aligned part's bounding box, facing out of it, is
   * stock whatever the network says, and leaves the feature instances it was in (see docs/recognition.md,
   * "Why Tier 1 called stock faces features"). @defaultValue true
   */
  stockEnvelope?: boolean;
  /**
   * The recognizer's {@link Recognizer.variant}: name the model when it is not the published one (e.g.
   * `model:cadlens-ft`), so that a result cache keeps the two apart. {@link createDefaultRecognizers} sets it
   * from its engine options.
   */
  variant?: string;
}

/** What Tier 1 puts in `RecognitionOutput.details`. */
export interface AagnetDetails {
  /** Execution provider the engine actually ran on (`cpu`, `cuda`, `webgpu`, `wasm`). */
  provider: string;
  engine: string;
  faceCount: number;
  edgeCount: number;
  extractMs: number;
  inferenceMs: number;
  postprocessMs: number;
  unitBox?: unknown;
  /** The rotation applied before extraction ({@link AagnetRecognizerOptions.alignStock}), in degrees; 0 when none. */
  alignmentDeg: number;
  /** The calibration temperature applied to the class logits; absent when uncalibrated. */
  temperature?: number;
  /** Faces the network called features that the stock-envelope test made stock ({@link AagnetRecognizerOptions.stockEnvelope}). */
  envelopeStockFaces: number;
}

/**
 * The probability reported for a face the stock-envelope test made stock: on the dev data every such
 * face (63 on real parts, 1 on generated parts) is labelled stock; (64 + 1) / (64 + 2) by the rule of
 * succession (docs/recognition.md, "Why Tier 1 called stock faces features").
 */
export const ENVELOPE_STOCK_PROBABILITY = 0.985;

/** The instance without the faces the stock-envelope test made stock (graph-node indices). */
function withoutEnvelopeFaces(inst: AagnetInstance, onEnvelope: Uint8Array, faceOrder: ArrayLike<number>): AagnetInstance {
  const keep = (node: number) => onEnvelope[faceOrder[node]] !== 1;
  if (inst.faces.every(keep)) return inst;
  return { ...inst, faces: inst.faces.filter(keep), bottomFaces: inst.bottomFaces.filter(keep) };
}

const SOLID_KINDS = new Set(['manifold_solid_brep', 'brep_with_voids']);
const ANALYTIC_SURFACES = new Set(['plane', 'cylinder', 'cone', 'sphere', 'torus']);

function isInformational(w: unknown): boolean {
  return typeof w === 'object' && w !== null && (w as { outOfDomain?: unknown }).outOfDomain === false;
}

function onlyInformational(warnings: readonly unknown[]): boolean {
  return warnings.every(isInformational);
}

function describeWarning(w: unknown): string {
  if (typeof w === 'string') return w;
  if (w && typeof w === 'object') {
    const o = w as { code?: unknown; message?: unknown; faceIndex?: unknown; nodes?: unknown };
    const where = Array.isArray(o.nodes) ? `nodes ${o.nodes.slice(0, 8).join(', ')}${o.nodes.length > 8 ? ', …' : ''}` : o.faceIndex !== undefined ? `face ${String(o.faceIndex)}` : undefined;
    const text = [o.code, o.message].filter((x) => typeof x === 'string').join(': ');
    if (text) return where !== undefined ? `${text} (${where})` : text;
  }
  return JSON.stringify(w);
}

function errorText(e: unknown): string {
  if (isCadlensError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Tier 1 (nominal confidence 0.95): the published AAGNet network (MFInstSeg weights, 25 classes) on
 * the part's gAAG. Per face: class id and name, probability, bottom flag, keyed by the face's STEP id;
 * feature instances by the reference post-processing, each with measured parameters from the B-Rep
 * (hole diameter/depth, pocket/slot width/length/depth, step height, chamfer width/angle, round
 * radius). Probabilities are calibrated ({@link AagnetRecognizerOptions.calibration}: temperature scaling
 * fitted on generated parts), and planar faces on the aligned stock envelope are stock
 * ({@link AagnetRecognizerOptions.stockEnvelope}). Measured confidence = mean over faces of the reported
 * probability: an estimate of the share of faces labelled right.
 *
 * Declines, so the next tier can answer: `no_brep` (not built from STEP), `out_of_domain` (no solid,
 * several solids, a face without geometry (no surface, or mapped to an empty tessellation), more than `maxFreeformFaceShare` free-form faces, faces that disagree with the
 * tessellation, extraction warnings such as unsupported surfaces, more than `maxFaces` faces), `model_unavailable` (the engine cannot be created).
 * The analyzer never hands it a multi-body file whole: `recognizePerSolid` gives it one solid at a time.
 *
 * @throws from `recognize`: CadlensError `INFERENCE_BAD_INPUT` (NaN/Inf in the extracted inputs,
 *   caught before inference), `GRAPH_TOO_LARGE`, `INFERENCE_FAILED`, `MODEL_*`, `ABORTED`.
 * @example
 * ```ts
 * // Node: createOnnxNodeEngine from 'cadlens/node'; browser: createOnnxWebEngine from 'cadlens/browser'
 * const tier1 = createAagnetRecognizer({ engineFactory: (signal) => createOnnxNodeEngine({ signal }) });
 * const analyzer = createAnalyzer({ recognizers: [guardWithBreaker(tier1, new CircuitBreaker({ name: 'aagnet' }))] });
 * ```
 */
export function createAagnetRecognizer(options: AagnetRecognizerOptions): Recognizer {
  if (!options.engine && !options.engineFactory)
    throw new CadlensError('CONFIG_INVALID', 'createAagnetRecognizer needs `engine` or `engineFactory`', { stage: 'config' });
  const bottomThreshold = options.bottomThreshold ?? 0.5;
  const bottomLogitThreshold = Math.log(bottomThreshold / (1 - bottomThreshold));
  const splitThroughHoles = options.splitThroughHoles ?? true;
  const measure = options.measureParameters ?? true;
  const acceptWarnings = options.acceptWarnings ?? onlyInformational;
  const maxFreeformShare = options.maxFreeformFaceShare ?? 0.1;
  const extract: GaagExtractor =
    options.extract ?? ((part, kinds) => extractGaag(part as Part, { ...(options.maxFaces !== undefined ? { maxFaces: options.maxFaces } : {}), ...(kinds ?? {}) }));
  const readCanonical = options.canonicalKinds ?? true;
  /** Faces and edges by their canonical kind (a B-spline-written plane is a plane), or by their written type. */
  const kindsOf = (part: Readonly<Part>): { overrides: GaagKindOverrides | undefined; freeform: (faceIndex: number) => boolean } => {
    if (!readCanonical) return { overrides: undefined, freeform: (i) => !ANALYTIC_SURFACES.has(part.faces[i].surfaceType) };
    const k = canonicalKinds(part);
    return { overrides: { faceKind: (i) => k.faces[i] ?? null, edgeKind: (i) => k.edges[i] ?? null }, freeform: (i) => k.faces[i] === null };
  };
  const alignStock = options.alignStock ?? true;
  const givenCalibration = options.calibration;
  if (givenCalibration && !(givenCalibration.temperature > 0 && Number.isFinite(givenCalibration.temperature)))
    throw new CadlensError('CONFIG_INVALID', `calibration.temperature must be a positive finite number, got ${String(givenCalibration.temperature)}`, { stage: 'config' });
  const stockEnvelope = options.stockEnvelope ?? true;
  const extractions = new WeakMap<
    object,
    { extraction: GaagExtraction; ms: number; alignmentDeg: number; rotation: readonly number[] | null } | { error: unknown }
  >();

  let enginePromise: Promise<InferenceEngine> | null = options.engine ? Promise.resolve(options.engine) : null;
  let engineError: unknown = null;
  let ownedEngine: InferenceEngine | null = null;

  function getEngine(signal?: AbortSignal): Promise<InferenceEngine> {
    if (!enginePromise) {
      enginePromise = options.engineFactory!(signal).then(
        (e) => {
          ownedEngine = e;
          return e;
        },
        (err) => {
          // An aborted load may be retried; anything else (missing runtime, corrupt model) sticks.
          if (isCadlensError(err) && err.code === 'ABORTED') enginePromise = null;
          else engineError = err;
          throw err;
        },
      );
    }
    return enginePromise;
  }

  function maxFacesFor(engine: InferenceEngine | null): number {
    const own = options.maxFaces ?? DEFAULT_MAX_FACES;
    return engine ? Math.min(own, engine.maxFaces) : own;
  }

  function extractCached(part: Readonly<Part>) {
    let hit = extractions.get(part);
    if (!hit) {
      const t0 = performance.now();
      try {
        const alignment = alignStock ? stockAlignment(part) : null;
        const source = alignment ? rotatePart(part, alignment.rotation) : part;
        hit = { extraction: extract(source, kindsOf(part).overrides), ms: performance.now() - t0, alignmentDeg: alignment?.angleDeg ?? 0, rotation: alignment?.rotation ?? null };
      } catch (error) {
        hit = { error };
      }
      extractions.set(part, hit);
    }
    return hit;
  }

  async function canRecognize(part: Readonly<Part>, ctx: { signal: AbortSignal }): Promise<CanRecognize> {
    if (part.brepSource !== 'step') return { ok: false, reason: 'no_brep', detail: `B-Rep source is ${part.brepSource}` };
    const solids = part.solids.filter((s) => SOLID_KINDS.has(s.kind));
    if (solids.length === 0) return { ok: false, reason: 'out_of_domain', detail: 'no solid (AAGNet takes one closed solid)' };
    if (solids.length > 1) return { ok: false, reason: 'out_of_domain', detail: `${solids.length} solids (AAGNet takes one)` };
    if (part.faces.length === 0) return { ok: false, reason: 'out_of_domain', detail: 'no faces' };
    // A face without geometry gives the network nothing true to read (a screw whose faces had no
    // triangles once got Tier 1 features at 0.79): decline rather than guess.
    const noGeometry = part.faces.filter((f) => f.surface === null || !Number.isFinite(f.area) || f.area < 0).length;
    if (noGeometry > 0) return { ok: false, reason: 'out_of_domain', detail: `${noGeometry} of ${part.faces.length} faces have no geometry (no surface or no area)` };
    if (part.mesh.indices.length === 0 && part.faces.some((f) => f.mapping.status !== 'unmapped'))
      return { ok: false, reason: 'out_of_domain', detail: 'faces are mapped to a tessellation that has no triangles' };
    // Checked here, before the (costly) extraction that would refuse it too: surface bodies beside the solid.
    const extraShells = part.shells.filter((sh) => sh.solid !== solids[0].index).length;
    if (extraShells > 0)
      return { ok: false, reason: 'out_of_domain', detail: `${extraShells} shell(s) besides the solid (AAGNet takes one closed solid)` };
    const isFreeform = kindsOf(part).freeform;
    const freeform = part.faces.filter((f) => isFreeform(f.index)).length;
    if (freeform > maxFreeformShare * part.faces.length) {
      const types = [...new Set(part.faces.filter((f) => isFreeform(f.index)).map((f) => f.surfaceType))].join(', ');
      return {
        ok: false,
        reason: 'out_of_domain',
        detail: `${freeform} of ${part.faces.length} faces are free-form (${types}); the model was trained on prismatic parts`,
      };
    }
    if (engineError) return { ok: false, reason: 'model_unavailable', detail: errorText(engineError) };
    let engine: InferenceEngine;
    try {
      engine = await getEngine(ctx.signal);
    } catch (err) {
      if (isCadlensError(err) && err.code === 'ABORTED') throw err;
      return { ok: false, reason: 'model_unavailable', detail: errorText(err) };
    }
    const maxFaces = maxFacesFor(engine);
    if (part.faces.length > maxFaces)
      return { ok: false, reason: 'out_of_domain', detail: `GRAPH_TOO_LARGE: ${part.faces.length} faces, the limit is ${maxFaces}` };
    // Faces that disagree with OpenCascade's tessellation mean the B-Rep read is not trustworthy
    // (only checked when a tessellation was attached at all).
    if (part.mesh.indices.length > 0) {
      const unmapped = part.faces.filter((f) => f.mapping.status === 'unmapped').length;
      if (unmapped > 0)
        return { ok: false, reason: 'out_of_domain', detail: `${unmapped} of ${part.faces.length} faces do not match the tessellation` };
    }
    const hit = extractCached(part);
    if ('error' in hit) return { ok: false, reason: 'out_of_domain', detail: `gAAG extraction failed: ${errorText(hit.error)}` };
    const { warnings } = hit.extraction;
    if (warnings.length > 0 && !acceptWarnings(warnings)) {
      const blocking = warnings.filter((w) => !isInformational(w));
      const listed = blocking.length > 0 ? blocking : warnings;
      const shown = listed.slice(0, 3).map(describeWarning).join('; ');
      return {
        ok: false,
        reason: 'out_of_domain',
        detail: `gAAG extraction: ${shown}${listed.length > 3 ? `; … (${listed.length} in all)` : ''}`,
      };
    }
    return { ok: true };
  }

  async function recognize(part: Readonly<Part>, ctx: { signal: AbortSignal }): Promise<RecognitionOutput> {
    throwIfAborted(ctx.signal);
    const engine = await getEngine(ctx.signal);
    const hit = extractCached(part);
    if ('error' in hit) throw hit.error;
    const { extraction, ms: extractMs, alignmentDeg, rotation } = hit;
    const { inputs, faceOrder } = extraction;
    if (faceOrder.length !== inputs.faceCount)
      throw new CadlensError('INFERENCE_BAD_INPUT', `faceOrder has ${faceOrder.length} entries for ${inputs.faceCount} graph nodes`, {
        stage: 'recognize',
        details: { faceOrder: faceOrder.length, faceCount: inputs.faceCount },
      });
    // NaN/Inf, sizes and edge endpoints are checked here, before anything reaches onnxruntime.
    validateAagnetInputs(inputs, { maxFaces: maxFacesFor(engine) });
    throwIfAborted(ctx.signal);

    const t0 = performance.now();
    const raw = await engine.run(inputs, { signal: ctx.signal });
    const t1 = performance.now();
    const calibration = givenCalibration === undefined ? defaultCalibrationFor(engine.id) : givenCalibration;
    // Temperature scaling changes probabilities only: classes and instances are the network's.
    const outputs = calibration ? calibrateOutputs(raw, calibration) : raw;

    const n = inputs.faceCount;
    const pred = decodeFacePredictions(outputs);
    // Faces on the stock envelope are stock (the network's class is overruled; see stockEnvelope).
    const onEnvelope = stockEnvelope ? envelopeFaces(part, { rotation }) : null;
    const faces: RecognizedFace[] = new Array(n);
    let confidenceSum = 0;
    for (let node = 0; node < n; node++) {
      const fi = faceOrder[node];
      const envelope = onEnvelope !== null && onEnvelope[fi] === 1 && pred.classIds[node] !== AAGNET_STOCK_CLASS_ID;
      const classId = envelope ? AAGNET_STOCK_CLASS_ID : pred.classIds[node];
      const probability = envelope ? ENVELOPE_STOCK_PROBABILITY : pred.classProbability[node];
      confidenceSum += probability;
      faces[node] = {
        faceIndex: fi,
        stepId: part.faces[fi]?.stepId ?? null,
        classId,
        className: aagnetClassName(classId),
        probability,
        bottom: !envelope && outputs.bottomLogits[node] > bottomLogitThreshold,
      };
    }

    // Centroids for the through-hole split: the extractor's (unit-box) centroids, faceAttr columns 7–9.
    let centroids: Float64Array | undefined;
    if (splitThroughHoles) {
      centroids = new Float64Array(n * 3);
      for (let node = 0; node < n; node++)
        for (let d = 0; d < 3; d++) centroids[node * 3 + d] = inputs.faceAttr[node * AAGNET_FACE_ATTR_DIM + 7 + d];
    }
    const instances = groupAagnetInstances(outputs, centroids ? { faceCentroids: centroids } : {});
    const geometry = measure ? canonicalFeatureGeometry(part) : null;
    const features: RecognizedFeature[] = [];
    for (const found of instances) {
      const inst = onEnvelope ? withoutEnvelopeFaces(found, onEnvelope, faceOrder) : found;
      if (inst.faces.length === 0) continue;
      const nodes = inst.faces;
      const bottomNodes =
        splitThroughHoles && inst.classId === AAGNET_THROUGH_HOLE_CLASS_ID
          ? inst.bottomFaces
          : nodes.filter((f) => outputs.bottomLogits[f] > bottomLogitThreshold);
      const partFaces = nodes.map((f) => faceOrder[f]);
      const partBottoms = bottomNodes.map((f) => faceOrder[f]);
      features.push({
        type: inst.className,
        classId: inst.classId,
        faces: partFaces,
        bottomFaces: partBottoms,
        confidence: inst.confidence,
        parameters: geometry ? measureFeatureParameters(part, inst.classId, partFaces, partBottoms, geometry) : {},
      });
    }
    const t2 = performance.now();

    const details: AagnetDetails = {
      provider: engine.provider,
      engine: engine.id,
      faceCount: n,
      edgeCount: inputs.edgeCount,
      extractMs,
      inferenceMs: t1 - t0,
      postprocessMs: t2 - t1,
      alignmentDeg,
      ...(calibration ? { temperature: calibration.temperature } : {}),
      envelopeStockFaces: onEnvelope ? faces.filter((f, node) => onEnvelope[f.faceIndex] === 1 && pred.classIds[node] !== AAGNET_STOCK_CLASS_ID).length : 0,
      ...(extraction.unitBox !== undefined ? { unitBox: extraction.unitBox } : {}),
    };
    extractions.delete(part);
    return { faces, features, confidence: n > 0 ? confidenceSum / n : 0, details: details as unknown as Record<string, unknown> };
  }

  // An engine given ready-made names its model in its id (`<model file>@<runtime>`).
  const variant =
    options.variant ?? (options.engine && !options.engine.id.startsWith('aagnet-mfinstseg@') ? `engine:${options.engine.id}` : undefined);
  return defineRecognizer({
    id: 'aagnet',
    tier: 1,
    ...(variant !== undefined ? { variant } : {}),
    nominalConfidence: TIER1_NOMINAL_CONFIDENCE,
    canRecognize,
    recognize,
    async dispose() {
      const e = ownedEngine;
      ownedEngine = null;
      if (!options.engine) enginePromise = null;
      if (e) await e.dispose();
    },
  });
}

