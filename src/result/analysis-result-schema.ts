import type { z as Zod } from 'zod';
import { ANALYSIS_SCHEMA_VERSION, STAGE_NAMES } from './schema-version.js';

// The schemas are built from the zod namespace they are given (src/result/result-schemas.ts loads it on first
// use), so that this module imports no zod at run time: only its types.

/**
 * @internal
 * The result contract's zod schemas, built with `zod`.
 */
export function buildResultSchemas(zod: typeof Zod) {
  // Not a parameter named `z`: the bundled declarations name the zod import `z`, and `(z: typeof z)` there
  // is TS2502 for every consumer that type-checks libraries (skipLibCheck: false).
  const z = zod;
  const vec3 = z.tuple([z.number(), z.number(), z.number()]);
  const bbox = z.object({ min: vec3, max: vec3 });

  /** A validation finding: never an exception, always a stable code. */
  const findingSchema = z.object({
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    entityIds: z.array(z.number()).optional(),
    location: z.record(z.string(), z.unknown()).optional(),
  });

  /** One of the five validation stages. */
  const stageResultSchema = z.object({
    name: z.enum(STAGE_NAMES),
    passed: z.boolean(),
    skipped: z.object({ reason: z.string() }).optional(),
    findings: z.array(findingSchema),
    durationMs: z.number(),
  });

  /** One B-Rep face in the result, keyed by its STEP entity number. */
  const resultFaceSchema = z.object({
    index: z.number().int().nonnegative(),
    stepId: z.number().int().nonnegative().nullable(),
    name: z.string(),
    surfaceType: z.string(),
    area: z.number(),
    centroid: vec3,
    reversed: z.boolean(),
    triangleCount: z.number().int().nonnegative(),
    mapping: z.enum(['order', 'geometric', 'unmapped']),
  });

  /** The part summary in the result (the full Part stays in memory; see `Part`). */
  const resultPartSchema = z.object({
    format: z.string(),
    brepSource: z.enum(['step', 'mesh-derived', 'mesh-only']),
    units: z.object({
      lengthUnit: z.string(),
      lengthToMm: z.number(),
      angleUnit: z.string(),
      angleToRad: z.number(),
    }),
    bbox,
    surfaceAreaMm2: z.number(),
    volumeMm3: z.number().nullable(),
    counts: z.object({
      solids: z.number().int().nonnegative(),
      shells: z.number().int().nonnegative(),
      faces: z.number().int().nonnegative(),
      edges: z.number().int().nonnegative(),
      vertices: z.number().int().nonnegative(),
      triangles: z.number().int().nonnegative(),
    }),
    countsBySurfaceType: z.record(z.string(), z.number()),
    faces: z.array(resultFaceSchema),
    unsupportedEntityTypes: z.record(z.string(), z.number()),
    assembly: z
      .object({
        products: z.number().int().nonnegative(),
        instances: z.number().int().nonnegative(),
        roots: z.array(z.number().int().nonnegative()),
      })
      .nullable(),
  });

  /** The attributed adjacency graph in the result. */
  const resultAagSchema = z.object({
    arcs: z.array(
      z.object({
        a: z.number().int().nonnegative(),
        b: z.number().int().nonnegative(),
        convexity: z.enum(['convex', 'concave', 'smooth', 'unknown']),
        dihedralDeg: z.number(),
        lengthMm: z.number(),
      }),
    ),
  });

  const skippedTierSchema = z.object({
    tier: z.number().int(),
    recognizer: z.string(),
    reason: z.string(),
    detail: z.string().optional(),
  });

  /** One body of a multi-body part in the recognition slot (`recognition.solids[]`). */
  const recognizedSolidSchema = z.object({
    /** Index into the Part's solids, or -1 for a shell outside any solid. */
    index: z.number().int().nonnegative(),
    stepId: z.number().int().nonnegative().nullable(),
    name: z.string(),
    kind: z.enum(['manifold_solid_brep', 'brep_with_voids', 'shell_based_surface_model', 'mesh', 'free_shell']),
    /** A surface model of several shells is one body per shell: the shell's index in the Part. */
    shell: z.number().int().nonnegative().optional(),
    faceCount: z.number().int().nonnegative(),
    /** The tier that answered for this body, or null when it was skipped or no tier answered. */
    tier: z.number().int().min(1).max(4).nullable(),
    recognizer: z.string().nullable(),
    confidence: z.number(),
    /** Why the body was not recognized: `not_solid`, `too_few_faces`, `too_small`, `no_tier`. */
    skipReason: z.string().optional(),
    detail: z.string().optional(),
    /** The tiers that declined this body before one answered (or all of them, with `no_tier`). */
    skipped: z.array(skippedTierSchema).optional(),
    /** Every placement of the body in the assembly (one without an assembly): usage path and transform to the root. */
    instances: z.array(z.object({ path: z.array(z.number().int().nonnegative()), transform: z.array(z.number()).length(16) })),
    /** The answering tier's details for this body. */
    details: z.record(z.string(), z.unknown()).optional(),
  });

  /** A composite hole's structure (`recognition.features[].composite`). */
  const compositeHoleSchema = z.object({
    kind: z.enum(['counterbore', 'countersink', 'counterdrill', 'thread']),
    segments: z.array(
      z.object({
        kind: z.enum(['countersink', 'counterbore', 'counterdrill', 'hole', 'thread']),
        faces: z.array(z.number().int().nonnegative()),
        parameters: z.record(z.string(), z.number()),
      }),
    ),
  });

  /** The recognition slot filled by the tiers. */
  const recognitionSchema = z.object({
    /** The tier that answered, or null when every tier was skipped (`skipped` says why). */
    tier: z.number().int().min(1).max(4).nullable(),
    recognizer: z.string().nullable(),
    nominalConfidence: z.number(),
    confidence: z.number(),
    skipped: z.array(
      z.object({
        tier: z.number().int(),
        recognizer: z.string(),
        reason: z.string(),
        detail: z.string().optional(),
        /** Multi-body parts: the position in `solids[]` of the body this tier skipped. */
        solid: z.number().int().nonnegative().optional(),
      }),
    ),
    faces: z.array(
      z.object({
        faceIndex: z.number().int().nonnegative(),
        stepId: z.number().int().nonnegative().nullable(),
        classId: z.number().int(),
        className: z.string(),
        probability: z.number(),
        bottom: z.boolean().optional(),
        triangles: z.array(z.number().int().nonnegative()).optional(),
        /** Multi-body parts: the position in `solids[]` of the body the face belongs to. */
        solid: z.number().int().nonnegative().optional(),
        /** The tier whose answer this face carries (tiers are combined per face). */
        tier: z.number().int().min(1).max(4).optional(),
      }),
    ),
    features: z.array(
      z.object({
        type: z.string(),
        classId: z.number().int(),
        faces: z.array(z.number().int().nonnegative()),
        bottomFaces: z.array(z.number().int().nonnegative()),
        confidence: z.number(),
        /** Measured parameters, units in the names; definitions in docs/result-contract.md ("Feature parameters"). */
        parameters: z.record(z.string(), z.number()),
        /**
         * Composite holes only (`type` `counterbored_hole`, `countersunk_hole`, `counterdrilled_hole`, `threaded_hole`;
         * `classId` through_hole or blind_hole): the kind and the segments from the entry inward, each with its faces
         * and parameters (`diameterMm`, `depthMm`, `angleDeg` for a cone, `pitchMm` for a thread where measurable).
         */
        composite: compositeHoleSchema.optional(),
        /** Multi-body parts: the position in `solids[]` of the body the feature belongs to. */
        solid: z.number().int().nonnegative().optional(),
        /** The tier that found this feature (tiers are combined per face). */
        tier: z.number().int().min(1).max(4).optional(),
      }),
    ),
    /** What the orchestrator changed in the tier's answer, e.g. `RECOGNITION_PARAMETER_NOT_FINITE` for an omitted NaN parameter. */
    findings: z.array(findingSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    /**
     * Multi-body parts only (several solids, surface bodies or free shells): one entry per body, recognized
     * on its own or skipped with a reason. Absent for a part with one body.
     */
    solids: z.array(recognizedSolidSchema).optional(),
  });

  /** The error slot: present when analysis could not proceed. */
  const resultErrorSchema = z.object({
    code: z.string(),
    kind: z.enum(['transient', 'permanent', 'systemic']),
    message: z.string(),
    stage: z.string().optional(),
  });

  /**
   * The cache slot: present only when the analyzer has a result cache. `hit: true` means this result
   * was served from the cache (it is the result of an earlier analysis of the same bytes with the same
   * result-changing options; only `requestId`, `input.name` and this slot are of this call).
   */
  const resultCacheSchema = z.object({
    hit: z.boolean(),
    /** The cache key (see docs/result-contract.md for what it covers). */
    key: z.string(),
    /** Miss only: whether the result was written to the cache. */
    stored: z.boolean().optional(),
  });

  /** The versioned, JSON-serializable result of `analyze()`. */
  const analysisResultSchema = z.object({
    schemaVersion: z.literal(ANALYSIS_SCHEMA_VERSION),
    cadlensVersion: z.string(),
    requestId: z.string(),
    input: z.object({
      name: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      sha256: z.string().nullable(),
      format: z.string(),
    }),
    stages: z.array(stageResultSchema).length(5),
    quality: z.object({ score: z.number().min(0).max(1) }),
    part: resultPartSchema.nullable(),
    aag: resultAagSchema.nullable(),
    recognition: recognitionSchema.nullable(),
    healing: z.record(z.string(), z.unknown()).nullable(),
    timings: z.record(z.string(), z.number()),
    error: resultErrorSchema.optional(),
    cache: resultCacheSchema.optional(),
  });

  return { findingSchema, stageResultSchema, resultFaceSchema, resultPartSchema, resultAagSchema, recognizedSolidSchema, compositeHoleSchema, recognitionSchema, resultErrorSchema, resultCacheSchema, analysisResultSchema };
}

/** The result contract's zod schemas (see {@link buildResultSchemas}). */
export type ResultSchemas = ReturnType<typeof buildResultSchemas>;

/** The result of `analyze()`; see {@link analysisResultSchema} and docs/result-contract.md. */
export type AnalysisResult = Zod.infer<ResultSchemas['analysisResultSchema']>;
/** A validation finding. */
export type Finding = Zod.infer<ResultSchemas['findingSchema']>;
/** One validation stage's result. */
export type StageResult = Zod.infer<ResultSchemas['stageResultSchema']>;
/** The recognition slot. */
export type RecognitionResult = Zod.infer<ResultSchemas['recognitionSchema']>;
