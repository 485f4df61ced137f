import type { Part } from './part.js';
import type { PartMesh } from './part-mesh.js';

/** The mesh of a {@link PartJSON}: plain number arrays instead of typed arrays. */
export interface PartMeshJSON {
  positions: number[];
  normals: number[];
  indices: number[];
  triangleFace: number[];
}

/** A {@link Part} as plain JSON (the mesh's typed arrays become number arrays). */
export type PartJSON = Omit<Part, 'mesh'> & { mesh: PartMeshJSON };

/**
 * A JSON-safe copy of a Part: `JSON.stringify(partToJSON(part))` round-trips through
 * {@link partFromJSON}. Non-finite numbers (an empty part's bbox) become null in JSON text, so
 * {@link partFromJSON} restores them as ±Infinity where the model expects them.
 */
export function partToJSON(part: Part): PartJSON {
  const { mesh, ...rest } = part;
  return {
    ...structuredCloneSafe(rest),
    mesh: {
      positions: Array.from(mesh.positions),
      normals: Array.from(mesh.normals),
      indices: Array.from(mesh.indices),
      triangleFace: Array.from(mesh.triangleFace),
    },
  };
}

/** Rebuilds a Part (with typed-array mesh) from {@link partToJSON}'s output or its parsed JSON text. */
export function partFromJSON(json: PartJSON): Part {
  const mesh: PartMesh = {
    positions: Float64Array.from(json.mesh.positions),
    normals: Float32Array.from(json.mesh.normals),
    indices: Uint32Array.from(json.mesh.indices),
    triangleFace: Int32Array.from(json.mesh.triangleFace),
  };
  const part = { ...json, mesh } as Part;
  const b = part.summary.bbox;
  b.min = b.min.map((v) => (v === null ? Infinity : v)) as Part['summary']['bbox']['min'];
  b.max = b.max.map((v) => (v === null ? -Infinity : v)) as Part['summary']['bbox']['max'];
  return part;
}

function structuredCloneSafe<T>(value: T): T {
  return typeof structuredClone === 'function' ? structuredClone(value) : (JSON.parse(JSON.stringify(value)) as T);
}
