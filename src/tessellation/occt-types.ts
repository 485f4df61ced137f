/**
 * Browser-safe types for the OpenCascade tessellation (occt-import-js) and the {@link Tessellator}
 * interface that the Node worker runner and the browser runner both implement.
 *
 * All arrays are plain transferable typed arrays so a result can cross a worker boundary without a copy.
 */

/** Formats occt-import-js can read. */
export type OcctFormat = 'step' | 'iges' | 'brep';

/**
 * Triangulation settings handed to occt-import-js (`ReadStepFile(bytes, params)`).
 * The names mirror occt-import-js 0.0.23's `params` object.
 */
export interface DeflectionOptions {
  /**
   * Output unit of the mesh. cadlens works in mm; change it only if you know why.
   * Has no effect on BREP files (they carry no unit).
   * @defaultValue `'millimeter'`
   */
  linearUnit: 'millimeter' | 'centimeter' | 'meter' | 'inch' | 'foot';
  /**
   * What {@link DeflectionOptions.linearDeflection} means: a ratio of the mean bounding-box edge, or an
   * absolute chord deviation in `linearUnit`.
   * @defaultValue `'bounding_box_ratio'`
   */
  linearDeflectionType: 'bounding_box_ratio' | 'absolute_value';
  /**
   * Largest chord deviation of the mesh from the surface.
   * @defaultValue `0.001` (0.1 % of the mean bounding-box edge)
   */
  linearDeflection: number;
  /**
   * Largest angle (radians) between the normals of neighbouring mesh nodes along a curved surface.
   * @defaultValue `0.5`
   */
  angularDeflection: number;
}

/**
 * The documented default triangulation settings (the same values occt-import-js uses for `params: null`,
 * written out so results do not change if the library's defaults do).
 */
export const DEFAULT_DEFLECTION: Readonly<DeflectionOptions> = Object.freeze({
  linearUnit: 'millimeter',
  linearDeflectionType: 'bounding_box_ratio',
  linearDeflection: 0.001,
  angularDeflection: 0.5,
});

/** One B-Rep face of an occt mesh: an inclusive triangle range; empty when `last < first`. */
export interface OcctBrepFace {
  first: number;
  last: number;
}

/** One mesh of an occt-import-js result (one per solid, per open shell, plus one for loose faces). */
export interface OcctMesh {
  name: string;
  /** RGB in 0…1, or null. */
  color: [number, number, number] | null;
  /** xyz per vertex, in the output unit (mm by default). */
  positions: Float64Array;
  /** Unit normal per vertex (empty when occt gave none). */
  normals: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
  /**
   * The mesh's B-Rep faces as `[first0, last0, first1, last1, …]` (inclusive triangle indices local to this
   * mesh; `last < first` when the face has no triangles).
   */
  brepFaces: Int32Array;
}

/** A node of the occt-import-js product tree. */
export interface OcctNode {
  name: string;
  /** Indices into {@link OcctImportResult.meshes}. */
  meshes: number[];
  children: OcctNode[];
}

/** The result of one successful occt-import-js import, as plain transferable data. */
export interface OcctImportResult {
  format: OcctFormat;
  meshes: OcctMesh[];
  root: OcctNode;
  /** Settings the file was tessellated with. */
  deflection: DeflectionOptions;
  /** Wall time of the import call itself (ms), excluding worker start-up and transfer. */
  importMs: number;
  /**
   * When the import call started (epoch ms, `performance.timeOrigin + performance.now()` of the thread that ran
   * it), where the tessellator records it (the Node worker tessellator does).
   */
  importStartedAtMs?: number;
  /** Size of the WebAssembly heap after the import (bytes), when known. */
  wasmHeapBytes: number | null;
}

/**
 * Default per-file deadline (ms) of the OpenCascade import: the Node worker tessellator's default and what
 * `cadlens --help` states. 120 s covers the largest valid files cadlens is tested on (a 50 MB STEP of 209
 * solids takes 87 s in occt-import-js alone).
 */
export const DEFAULT_OCCT_DEADLINE_MS = 120_000;

/** Options of one {@link Tessellator.tessellate} call. */
export interface TessellateOptions {
  /** Triangulation settings; missing fields take {@link DEFAULT_DEFLECTION}. */
  deflection?: Partial<DeflectionOptions>;
  /** Abort the import; the Node runner terminates the worker that runs it. */
  signal?: AbortSignal;
  /** Per-file deadline (ms) overriding the tessellator's default ({@link DEFAULT_OCCT_DEADLINE_MS} in Node). */
  deadlineMs?: number;
  /**
   * Hand `bytes.buffer` to the worker instead of copying it (the caller's array becomes detached).
   * @defaultValue `false`
   */
  transferInput?: boolean;
}

/**
 * Runs occt-import-js on one file. Implementations: `createOcctWorkerTessellator` (Node, `cadlens/node`:
 * worker threads, deadline, memory cap) and `createOcctInlineTessellator` (browser-safe, in the calling
 * thread or inside your own Web Worker).
 *
 * Every implementation rejects with a `CadlensError`:
 * - `OCCT_IMPORT_FAILED` (permanent): occt reported `success: false` (unreadable, truncated, BOM, token ≥ 16 KiB…);
 * - `OCCT_NO_MESH` (permanent): success but zero meshes/faces (curve-only, tessellated-only, external references);
 * - `OCCT_TRAP` (permanent): the WebAssembly trapped (`RuntimeError`/`RangeError`: dangling references, cycles, deep nesting);
 * - `OCCT_TIMEOUT` (transient), `OCCT_OUT_OF_MEMORY` (transient), `OCCT_WORKER_CRASHED` (transient), `ABORTED`;
 * - `OCCT_UNAVAILABLE` (systemic): OpenCascade itself cannot be loaded (package or `.wasm` missing, unreadable or invalid).
 */
export interface Tessellator {
  /**
   * Tessellate one file.
   * @throws CadlensError `OCCT_IMPORT_FAILED` | `OCCT_NO_MESH` | `OCCT_TRAP` | `OCCT_TIMEOUT` | `OCCT_OUT_OF_MEMORY` | `OCCT_WORKER_CRASHED` | `OCCT_UNAVAILABLE` | `ABORTED`
   */
  tessellate(bytes: Uint8Array, format: OcctFormat, options?: TessellateOptions): Promise<OcctImportResult>;
  /** Release workers / module instances. Pending calls reject with `ABORTED`. */
  close(): Promise<void>;
  /**
   * Optional: start the expensive one-time preparation (compiling OpenCascade's WebAssembly) in the
   * background, because a tessellation will follow; the analysis calls it before it reads the file so the
   * compile overlaps with parsing. Never throws; a failure shows on the next `tessellate()`.
   */
  warmUp?(): void;
}

/** Number of B-Rep faces in a result. */
export function occtFaceCount(result: OcctImportResult): number {
  let n = 0;
  for (const m of result.meshes) n += m.brepFaces.length / 2;
  return n;
}

/** Number of triangles in a result. */
export function occtTriangleCount(result: OcctImportResult): number {
  let n = 0;
  for (const m of result.meshes) n += m.indices.length / 3;
  return n;
}
