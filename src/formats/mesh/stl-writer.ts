import type { PartMesh } from '../../model/index.js';

/**
 * Write a mesh as binary STL (float32 coordinates, facet normals from the triangle winding).
 * Used by tests, benchmarks and the mesh evaluation path.
 * @example
 * ```ts
 * const bytes = writeBinaryStl(mesh);
 * ```
 */
export function writeBinaryStl(mesh: PartMesh, header = 'cadlens'): Uint8Array {
  const n = mesh.indices.length / 3;
  const out = new Uint8Array(84 + n * 50);
  const view = new DataView(out.buffer);
  for (let i = 0; i < Math.min(80, header.length); i++) out[i] = header.charCodeAt(i) & 0x7f;
  view.setUint32(80, n, true);
  const p = mesh.positions;
  const idx = mesh.indices;
  for (let t = 0; t < n; t++) {
    const a = idx[t * 3] * 3, b = idx[t * 3 + 1] * 3, c = idx[t * 3 + 2] * 3;
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len; ny /= len; nz /= len;
    const o = 84 + t * 50;
    view.setFloat32(o, nx, true);
    view.setFloat32(o + 4, ny, true);
    view.setFloat32(o + 8, nz, true);
    const vs = [a, b, c];
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 3; j++) view.setFloat32(o + 12 + k * 12 + j * 4, p[vs[k] + j], true);
  }
  return out;
}

/** Write a mesh as ASCII STL. See {@link writeBinaryStl}. */
export function writeAsciiStl(mesh: PartMesh, name = 'cadlens'): string {
  const p = mesh.positions;
  const idx = mesh.indices;
  const lines: string[] = [`solid ${name}`];
  for (let t = 0; t < idx.length / 3; t++) {
    lines.push('  facet normal 0 0 0', '    outer loop');
    for (let k = 0; k < 3; k++) {
      const v = idx[t * 3 + k] * 3;
      lines.push(`      vertex ${p[v]} ${p[v + 1]} ${p[v + 2]}`);
    }
    lines.push('    endloop', '  endfacet');
  }
  lines.push(`endsolid ${name}`);
  return lines.join('\n') + '\n';
}
