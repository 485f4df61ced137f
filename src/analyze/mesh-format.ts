import type { InputFormat } from '../model/index.js';

// Apart from run-mesh-pipeline.ts so that the analyzer can decide without loading the mesh path
// (the mesh readers, healing and three-mesh-bvh), which it imports only for a mesh input.

const MESH_FORMATS = new Set<InputFormat>(['stl', 'obj', 'ply', 'xyz']);

/** @internal True for inputs that take the mesh path. */
export function isMeshFormat(format: InputFormat): boolean {
  return MESH_FORMATS.has(format);
}
