export * from './mesh-read-types.js';
export { readStl, readBinaryStl, readAsciiStl } from './stl-reader.js';
export { writeBinaryStl, writeAsciiStl } from './stl-writer.js';
export { readObj } from './obj-reader.js';
export { readPly } from './ply-reader.js';
export type { PlyReadResult } from './ply-reader.js';
export { readXyz } from './xyz-reader.js';
export { readMeshInput, detectMeshFormat } from './read-mesh.js';
export type { MeshInput, MeshFormatHint } from './read-mesh.js';
