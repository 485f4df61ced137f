/**
 * Browser-safe helpers shared by every {@link Tessellator}: converting occt-import-js's raw JSON result
 * into transferable typed arrays, classifying what went wrong, and building the typed errors.
 */
import { CadlensError } from '../errors/index.js';
import type { DeflectionOptions, OcctFormat, OcctImportResult, OcctMesh, OcctNode } from './occt-types.js';
import { DEFAULT_DEFLECTION } from './occt-types.js';

/** How an occt-import-js call ended when it did not give meshes. @internal */
export type OcctFailureKind = 'failed' | 'no-mesh' | 'trap' | 'oom' | 'timeout' | 'crashed';

/** The raw shape occt-import-js 0.0.23 returns. @internal */
export interface RawOcctResult {
  success: boolean;
  root?: RawOcctNode;
  meshes?: RawOcctMesh[];
}
/** @internal */
export interface RawOcctNode {
  name?: string;
  meshes?: number[];
  children?: RawOcctNode[];
}
/** @internal */
export interface RawOcctMesh {
  name?: string;
  color?: number[];
  attributes: { position: { array: ArrayLike<number> }; normal?: { array: ArrayLike<number> } };
  index: { array: ArrayLike<number> };
  brep_faces?: { first: number; last: number }[];
}

/** Merge partial deflection settings onto the defaults and check them. @internal */
export function resolveDeflection(partial: Partial<DeflectionOptions> | undefined): DeflectionOptions {
  const d: DeflectionOptions = { ...DEFAULT_DEFLECTION, ...(partial ?? {}) };
  if (!(d.linearDeflection > 0) || !Number.isFinite(d.linearDeflection))
    throw new CadlensError('CONFIG_INVALID', `linearDeflection must be a positive number, got ${d.linearDeflection}`, { stage: 'config' });
  if (!(d.angularDeflection > 0) || !Number.isFinite(d.angularDeflection))
    throw new CadlensError('CONFIG_INVALID', `angularDeflection must be a positive number, got ${d.angularDeflection}`, { stage: 'config' });
  return d;
}

function convertNode(n: RawOcctNode | undefined, depth: number): OcctNode {
  if (!n || depth > 256) return { name: '', meshes: [], children: [] };
  return {
    name: typeof n.name === 'string' ? n.name : '',
    meshes: Array.isArray(n.meshes) ? n.meshes.slice() : [],
    children: Array.isArray(n.children) ? n.children.map((c) => convertNode(c, depth + 1)) : [],
  };
}

/**
 * Convert occt-import-js's JSON (plain number arrays) into an {@link OcctImportResult} of typed arrays.
 * Does not judge success; see {@link occtOutcomeOf}.
 * @internal
 */
export function convertOcctRawResult(
  raw: RawOcctResult,
  format: OcctFormat,
  deflection: DeflectionOptions,
  importMs: number,
  wasmHeapBytes: number | null,
): OcctImportResult {
  const meshes: OcctMesh[] = (raw.meshes ?? []).map((m) => {
    const pos = m.attributes.position.array;
    const nor = m.attributes.normal?.array;
    const idx = m.index.array;
    const faces = m.brep_faces ?? [];
    const brepFaces = new Int32Array(faces.length * 2);
    for (let i = 0; i < faces.length; i++) {
      brepFaces[2 * i] = faces[i].first;
      brepFaces[2 * i + 1] = faces[i].last;
    }
    const c = m.color;
    return {
      name: typeof m.name === 'string' ? m.name : '',
      color: Array.isArray(c) && c.length >= 3 ? [c[0], c[1], c[2]] : null,
      positions: Float64Array.from(pos),
      normals: nor && nor.length === pos.length ? Float32Array.from(nor) : new Float32Array(0),
      indices: Uint32Array.from(idx),
      brepFaces,
    };
  });
  return { format, meshes, root: convertNode(raw.root, 0), deflection, importMs, wasmHeapBytes };
}

/**
 * Classify a value thrown out of `ReadStepFile`/`ReadIgesFile`/`ReadBrepFile`.
 * `RuntimeError`/`RangeError` are WebAssembly traps on bad input; memory words mean an out-of-memory abort.
 * @internal
 */
export function classifyOcctThrow(error: unknown, growthRefused: boolean): 'trap' | 'oom' {
  const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (growthRefused || /\bOOM\b|out of memory|Cannot enlarge memory|bad_alloc|Array buffer allocation failed/i.test(msg)) return 'oom';
  return 'trap';
}

/**
 * Guess why a file that occt read "successfully" gave no meshes, from the input text. Cheap keyword scan.
 * @internal
 */
export function describeNoMesh(bytes: Uint8Array | undefined, format: OcctFormat): string {
  const base = 'occt-import-js reported success but produced no meshes';
  if (!bytes || format !== 'step') return `${base}: the file has no surfaces or solids it can tessellate`;
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024 * 1024)));
  const has = (re: RegExp) => re.test(text);
  if (has(/\b(TESSELLATED_SHELL|TESSELLATED_SOLID|TRIANGULATED_FACE|COMPLEX_TRIANGULATED_FACE|TRIANGULATED_SURFACE_SET)\s*\(/))
    if (!has(/\b(ADVANCED_FACE|FACE_SURFACE)\s*\(/))
      return `${base}: the file holds only tessellated (AP242 mesh) geometry, no B-Rep`;
  if (has(/\bDOCUMENT_FILE\s*\(/) && has(/\bNEXT_ASSEMBLY_USAGE_OCCURRENCE\s*\(/) && !has(/\b(ADVANCED_FACE|FACE_SURFACE)\s*\(/))
    return `${base}: an assembly whose parts are external files (DOCUMENT_FILE references) that a single buffer cannot resolve`;
  if (!has(/\b(ADVANCED_FACE|FACE_SURFACE)\s*\(/))
    return `${base}: the file has no faces (curves or points only, no surfaces or solids)`;
  return `${base}: the B-Rep faces could not be built (e.g. a dangling shell reference or invalid coordinates)`;
}

/**
 * Judge a converted result: `null` when it has geometry, otherwise the failure kind.
 * @internal
 */
export function occtOutcomeOf(raw: RawOcctResult): 'ok' | 'failed' | 'no-mesh' {
  if (!raw || raw.success !== true) return 'failed';
  const meshes = raw.meshes ?? [];
  let faces = 0;
  let tris = 0;
  for (const m of meshes) {
    faces += m.brep_faces?.length ?? 0;
    tris += m.index?.array?.length ?? 0;
  }
  if (meshes.length === 0 || tris === 0) return 'no-mesh';
  void faces;
  return 'ok';
}

/** Details every occt error carries (log-safe). @internal */
export interface OcctErrorDetails {
  format: OcctFormat;
  byteLength?: number;
  elapsedMs?: number;
  deadlineMs?: number;
  wasmHeapBytes?: number | null;
  errorName?: string;
  errorMessage?: string;
  noMeshReason?: string;
  exitCode?: number;
}

/**
 * Build the typed error for a failure kind.
 * @internal
 */
export function createOcctError(kind: OcctFailureKind, details: OcctErrorDetails, cause?: unknown): CadlensError {
  const opts = { stage: 'parse' as const, details: details as unknown as Record<string, unknown>, cause };
  const what = `${details.format.toUpperCase()} file`;
  switch (kind) {
    case 'failed':
      return new CadlensError('OCCT_IMPORT_FAILED', `OpenCascade could not read the ${what} (occt-import-js success=false)`, { ...opts, kind: 'permanent' });
    case 'no-mesh':
      return new CadlensError('OCCT_NO_MESH', details.noMeshReason ?? 'occt-import-js produced no meshes', { ...opts, kind: 'permanent' });
    case 'trap':
      return new CadlensError(
        'OCCT_TRAP',
        `OpenCascade trapped while reading the ${what} (${details.errorName ?? 'Error'}: ${details.errorMessage ?? ''}); the input is malformed (dangling references, reference cycles or deep nesting)`,
        { ...opts, kind: 'permanent' },
      );
    case 'oom':
      return new CadlensError('OCCT_OUT_OF_MEMORY', `OpenCascade ran out of memory reading the ${what}`, { ...opts, kind: 'transient' });
    case 'timeout':
      return new CadlensError('OCCT_TIMEOUT', `OpenCascade did not finish the ${what} within ${details.deadlineMs} ms`, { ...opts, kind: 'transient' });
    case 'crashed':
      return new CadlensError('OCCT_WORKER_CRASHED', `The OpenCascade worker died while reading the ${what}${details.errorMessage ? `: ${details.errorMessage}` : ''}`, {
        ...opts,
        kind: 'transient',
      });
  }
}
