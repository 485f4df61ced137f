/**
 * Every stable error code cadlens can emit, grouped by the part of the library that raises it.
 * Codes are part of the public contract: never rename one, only add. docs/errors.md lists them
 * with their kind and meaning.
 *
 * Each group is its own union so a module can declare exactly the codes it raises.
 */

/** Input file checks (validation stage 1). */
export type IntakeErrorCode =
  | 'INTAKE_NOT_FOUND'
  | 'INTAKE_NOT_READABLE'
  | 'INTAKE_NOT_A_FILE'
  | 'INTAKE_EMPTY'
  | 'INTAKE_TOO_LARGE'
  | 'INTAKE_UNKNOWN_FORMAT'
  | 'INTAKE_COMPRESSED'
  | 'INTAKE_UNSUPPORTED_ENCODING'
  | 'INTAKE_UNSUPPORTED_INPUT';

/** ISO 10303-21 syntax (the STEP reader). */
export type StepErrorCode =
  | 'STEP_BAD_MAGIC'
  | 'STEP_MISSING_END'
  | 'STEP_HEADER_MISSING'
  | 'STEP_HEADER_ENTITY_MISSING'
  | 'STEP_DATA_MISSING'
  | 'STEP_ENDSEC_MISSING'
  | 'STEP_UNEXPECTED_EOF'
  | 'STEP_UNEXPECTED_TOKEN'
  | 'STEP_UNBALANCED_PARENS'
  | 'STEP_UNTERMINATED_STRING'
  | 'STEP_UNTERMINATED_COMMENT'
  | 'STEP_BAD_ESCAPE'
  | 'STEP_BAD_NUMBER'
  | 'STEP_BAD_ENTITY_ID'
  | 'STEP_DUPLICATE_ID'
  | 'STEP_DANGLING_REFERENCE'
  | 'STEP_REFERENCE_CYCLE'
  | 'STEP_BAD_PARAMETER'
  | 'STEP_LIMIT_ENTITIES'
  | 'STEP_LIMIT_DEPTH'
  | 'STEP_LIMIT_STRING'
  | 'STEP_LIMIT_SIZE'
  | 'STEP_INVALID_ENCODING';

/** Building the B-Rep `Part` from entities, and the OpenCascade tessellation. */
export type PartErrorCode =
  | 'PART_NO_GEOMETRY'
  | 'PART_BAD_ENTITY'
  | 'PART_UNSUPPORTED'
  | 'PART_LIMIT_INSTANCES'
  | 'OCCT_IMPORT_FAILED'
  | 'OCCT_NO_MESH'
  | 'OCCT_TIMEOUT'
  | 'OCCT_OUT_OF_MEMORY'
  | 'OCCT_WORKER_CRASHED'
  | 'OCCT_TRAP'
  | 'OCCT_UNAVAILABLE';

/** Mesh and point-cloud readers (STL, OBJ, PLY, XYZ) and mesh healing. */
export type MeshErrorCode =
  | 'MESH_MALFORMED'
  | 'MESH_NO_TRIANGLES'
  | 'MESH_NO_POINTS'
  | 'MESH_NON_FINITE'
  | 'MESH_INDEX_OUT_OF_RANGE'
  | 'MESH_COUNT_MISMATCH'
  | 'MESH_TOO_LARGE'
  | 'MESH_UNSUPPORTED_FORMAT';

/** Validation, healing and scoring. */
export type ValidationErrorCode = 'VALIDATION_FAILED' | 'STAGE_SKIPPED';

/** Recognition tiers and the inference engine. */
export type RecognitionErrorCode =
  | 'RECOGNIZER_DECLINED'
  | 'RECOGNIZER_FAILED'
  | 'RECOGNIZER_TIMEOUT'
  | 'MODEL_UNAVAILABLE'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_CORRUPT'
  | 'INFERENCE_FAILED'
  | 'INFERENCE_BAD_INPUT'
  | 'GRAPH_TOO_LARGE'
  | 'NO_TIER_AVAILABLE';

/** Resilience wrappers, storage and configuration. */
export type ResilienceErrorCode =
  | 'BREAKER_OPEN'
  | 'BREAKER_ISOLATED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'RETRY_EXHAUSTED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONFLICT'
  | 'STORE_CORRUPT'
  | 'STORE_PATH_ESCAPE'
  | 'DLQ_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'NETWORK'
  | 'RESOURCE_EXHAUSTED'
  | 'WORKER_CRASHED'
  | 'OVERLOADED';

/** The HTTP handler of `cadlens/node` (`createHttpHandler`, `cadlens serve`): bad requests. */
export type HttpErrorCode =
  | 'HTTP_BAD_REQUEST'
  | 'HTTP_UNAUTHORIZED'
  | 'HTTP_FORBIDDEN'
  | 'HTTP_NOT_FOUND'
  | 'HTTP_METHOD_NOT_ALLOWED'
  | 'HTTP_CONFLICT'
  | 'HTTP_PAYLOAD_TOO_LARGE'
  | 'HTTP_UNSUPPORTED_MEDIA_TYPE'
  | 'HTTP_REQUEST_TIMEOUT'
  | 'HTTP_INVALID_ID'
  | 'HTTP_NOT_IMPLEMENTED';

/** Anything not classified more precisely. */
export type GenericErrorCode = 'INTERNAL' | 'UNKNOWN' | 'USAGE';

/** The union of every stable error code. */
export type CadlensErrorCode =
  | IntakeErrorCode
  | StepErrorCode
  | PartErrorCode
  | MeshErrorCode
  | ValidationErrorCode
  | RecognitionErrorCode
  | ResilienceErrorCode
  | HttpErrorCode
  | GenericErrorCode;
