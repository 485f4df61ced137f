import type { Part } from '../../model/index.js';

/** Recognition tiers, best first. */
export type Tier = 1 | 2 | 3 | 4;

/**
 * Why a tier did not answer. `error:<code>` carries the CadlensError code. `parse_failed` is given by the
 * analyzer, not by a recognizer: the part's parse stage failed, so no tier was asked.
 */
export type SkipReason =
  | 'parse_failed'
  | 'model_unavailable'
  | 'breaker_open'
  | 'no_brep'
  | 'out_of_domain'
  | 'timeout'
  | 'forced_tier'
  | `error:${string}`;

/** A recognizer's answer to "can you take this part?". */
export type CanRecognize = { ok: true } | { ok: false; reason: SkipReason; detail?: string };

/** Minimal logging port handed to extensions (the library itself never writes to the console). */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Context passed to every recognizer call. */
export interface RecognizeContext {
  signal: AbortSignal;
  /** Milliseconds since the epoch. Injected so tests can control time. */
  now(): number;
  log: Logger;
  /** Raw input bytes, when available (some tiers re-read meshes or point clouds). */
  input?: Uint8Array;
}

/** One recognized face. `stepId` keys it to the STEP entity (null for mesh-derived faces). */
export interface RecognizedFace {
  faceIndex: number;
  stepId: number | null;
  classId: number;
  className: string;
  probability: number;
  /** True when the face is a feature's bottom face (Tier 1 bottom head; heuristics elsewhere). */
  bottom?: boolean;
  /** For mesh input: the input triangle indices the face covers. */
  triangles?: number[];
}

/** Kinds of composite hole (`RecognizedFeature.composite.kind`). */
export type CompositeHoleKind = 'counterbore' | 'countersink' | 'counterdrill' | 'thread';

/** Segment kinds of a composite hole, from the entry inward (`hole` is the drilled hole itself). */
export type CompositeHoleSegmentKind = 'countersink' | 'counterbore' | 'counterdrill' | 'hole' | 'thread';

/**
 * A composite hole's structure: the hole feature's faces split into segments along its axis, entry
 * first, each with its own faces and parameters (`diameterMm`, `depthMm`; `angleDeg` for the included
 * angle of a countersink or of a counterdrill's transition cone; `pitchMm` for a thread where measurable).
 */
export interface CompositeHole {
  kind: CompositeHoleKind;
  segments: { kind: CompositeHoleSegmentKind; faces: number[]; parameters: Record<string, number> }[];
}

/**
 * A machining-feature instance. `type` is the class name of `classId` (one of the 25 AAGNet classes) —
 * or, for a composite hole, `counterbored_hole` / `countersunk_hole` / `counterdrilled_hole` /
 * `threaded_hole` with `classId` `through_hole` or `blind_hole` and the structure in `composite`.
 */
export interface RecognizedFeature {
  type: string;
  classId: number;
  faces: number[];
  bottomFaces: number[];
  confidence: number;
  /**
   * Measured parameters in mm / degrees, units in the names (`diameterMm`, `depthMm`, `widthMm`, …), measured
   * the same way by every tier (docs/result-contract.md, "Feature parameters").
   */
  parameters: Record<string, number>;
  /** Composite holes only: the segments (counterbore, countersink, counterdrill, thread, hole). */
  composite?: CompositeHole;
}

/** What a recognizer returns. */
export interface RecognitionOutput {
  faces: RecognizedFace[];
  features: RecognizedFeature[];
  /** Measured confidence in [0, 1] (may differ from the nominal one). */
  confidence: number;
  /** Tier-specific extras (e.g. the execution provider used, stock dimensions). */
  details?: Record<string, unknown>;
}

/**
 * A machining-feature recognizer. Implement this to plug in your own; pass it in preference order to
 * `createAnalyzer({ recognizers })`.
 */
export interface Recognizer {
  /** Stable id, e.g. `aagnet`, `aag-heuristics`. */
  readonly id: string;
  readonly tier: Tier;
  /**
   * What else, beyond `id`, changes this recognizer's answers (e.g. `model:cadlens-ft` for Tier 1 on the
   * fine-tuned model). It is part of the result cache key, so results of one variant are never served for
   * another; absent for the built-in defaults.
   */
  readonly variant?: string;
  /** Nominal confidence of this tier (0.95, 0.75, 0.60, 0.40 for the built-in tiers). */
  readonly nominalConfidence: number;
  /**
   * Whether this recognizer takes `part`: `{ ok: true }`, or `{ ok: false, reason }` with a {@link SkipReason}. It runs
   * under the same per-call deadline as `recognize` (`recognizeTimeoutMs`); an answer of any other shape fails the
   * tier with `RECOGNIZER_FAILED`.
   */
  canRecognize(part: Readonly<Part>, ctx: RecognizeContext): CanRecognize | Promise<CanRecognize>;
  /**
   * The answer for `part`: one entry per labelled face (a face of the part once, a class of the result's vocabulary:
   * `classId` 0–24 named as in `AAGNET_CLASS_NAMES`, or 25 `other_feature`; probability in [0, 1]) and the features.
   * An answer out of shape fails the tier with `RECOGNIZER_FAILED` (docs/extending.md).
   */
  recognize(part: Readonly<Part>, ctx: RecognizeContext): Promise<RecognitionOutput>;
  dispose?(): void | Promise<void>;
}

/** Identity helper so plain objects type-check as recognizers. */
export function defineRecognizer<R extends Recognizer>(recognizer: R): R {
  return recognizer;
}
