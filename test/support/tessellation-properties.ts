import { expect } from 'vitest';
import type { OcctImportResult } from '../../src/tessellation/index.js';

/**
 * Asserts what any correct occt-import-js result has, whatever OpenCascade version meshed it — instead of exact
 * triangle counts, which change with every mesher upgrade: whole triangles and vertices, finite coordinates,
 * indices within the mesh, and B-Rep face ranges that are in order, disjoint and together cover every triangle.
 * Returns the number of faces that have at least one triangle.
 */
export function expectSoundTessellation(r: OcctImportResult, label = ''): number {
  let meshedFaces = 0;
  for (const [i, m] of r.meshes.entries()) {
    const where = `${label} mesh ${i}`;
    expect(m.positions.length % 3, where).toBe(0);
    expect(m.indices.length % 3, where).toBe(0);
    const vertices = m.positions.length / 3;
    const triangles = m.indices.length / 3;
    expect(m.positions.every(Number.isFinite), `${where}: finite positions`).toBe(true);
    let maxIndex = 0;
    for (const v of m.indices) if (v > maxIndex) maxIndex = v;
    if (triangles > 0) expect(maxIndex, `${where}: indices within the mesh`).toBeLessThan(vertices);
    let next = 0;
    let covered = 0;
    for (let f = 0; f < m.brepFaces.length; f += 2) {
      const [first, last] = [m.brepFaces[f], m.brepFaces[f + 1]];
      if (last < first) continue; // a face without triangles
      expect(first, `${where} face ${f / 2}: range in order`).toBeGreaterThanOrEqual(next);
      expect(last, `${where} face ${f / 2}: range within the mesh`).toBeLessThan(triangles);
      covered += last - first + 1;
      next = last + 1;
      meshedFaces++;
    }
    expect(covered, `${where}: every triangle belongs to one face`).toBe(triangles);
  }
  expect(meshedFaces, `${label}: some face has triangles`).toBeGreaterThan(0);
  return meshedFaces;
}
