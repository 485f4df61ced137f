import type { Part } from '../model/index.js';
import type { AnalysisResult } from '../result/index.js';

/** The `part` slot of the result: the part summary and one entry per face. */
export function partToResult(part: Part): NonNullable<AnalysisResult['part']> {
  const unsupported: Record<string, number> = {};
  for (const u of part.unsupported) unsupported[u.entityType] = (unsupported[u.entityType] ?? 0) + 1;
  const s = part.summary;
  return {
    format: part.format,
    brepSource: part.brepSource,
    units: { ...part.units },
    bbox: { min: finiteVec(s.bbox.min), max: finiteVec(s.bbox.max) },
    surfaceAreaMm2: s.surfaceAreaMm2,
    volumeMm3: s.volumeMm3,
    counts: {
      solids: s.solidCount,
      shells: s.shellCount,
      faces: s.faceCount,
      edges: s.edgeCount,
      vertices: s.vertexCount,
      triangles: s.triangleCount,
    },
    countsBySurfaceType: Object.fromEntries(Object.entries(s.countsBySurfaceType).filter(([, n]) => n !== undefined)) as Record<string, number>,
    faces: part.faces.map((f) => ({
      index: f.index,
      stepId: f.stepId,
      name: f.name,
      surfaceType: f.surfaceType,
      area: f.area,
      centroid: finiteVec(f.centroid),
      reversed: f.reversed,
      triangleCount: f.triangles?.count ?? 0,
      mapping: f.mapping.status,
    })),
    unsupportedEntityTypes: unsupported,
    assembly: part.assembly
      ? { products: part.assembly.products.length, instances: part.assembly.instances.length, roots: [...part.assembly.roots] }
      : null,
  };
}

/** The `aag` slot of the result. */
export function aagToResult(part: Part): NonNullable<AnalysisResult['aag']> {
  return {
    arcs: part.aag.arcs.map((a) => ({ a: a.a, b: a.b, convexity: a.convexity, dihedralDeg: a.dihedralDeg, lengthMm: a.lengthMm })),
  };
}

// JSON has no Infinity/NaN: an empty part's bbox would otherwise serialise as null.
function finiteVec(v: readonly number[]): [number, number, number] {
  return [v[0], v[1], v[2]].map((x) => (Number.isFinite(x) ? x : 0)) as [number, number, number];
}
