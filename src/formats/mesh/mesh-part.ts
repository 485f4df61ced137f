import { PART_MODEL_VERSION } from '../../model/index.js';
import type { InputFormat, Part, PartMesh } from '../../model/index.js';
import { measureTriangleRange, positionsBoundingBox, signedVolume } from '../../geometry/mesh-measures.js';
import { checkClosed } from '../../geometry/weld.js';
import type { PointCloud } from './mesh-read-types.js';

/**
 * Wrap a plain mesh (STL/OBJ/PLY) in a {@link Part} with `brepSource: 'mesh-only'`: no faces, edges
 * or AAG; one solid when the mesh is closed and consistently oriented (then `summary.volumeMm3` is
 * set), otherwise one open shell and no solid.
 * @example
 * ```ts
 * const part = createMeshPart(readStl(bytes).mesh, 'stl');
 * ```
 */
export function createMeshPart(mesh: PartMesh, format: InputFormat = 'stl'): Part {
  const triCount = mesh.indices.length / 3;
  const identity = new Uint32Array(mesh.positions.length / 3);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  const closed = triCount > 0 && checkClosed(mesh.indices, identity).closed;
  const m = measureTriangleRange(mesh.positions, mesh.indices, 0, triCount);
  return basePart(format, mesh, closed, {
    bbox: positionsBoundingBox(mesh.positions),
    surfaceAreaMm2: m.areaMm2,
    volumeMm3: closed ? signedVolume(mesh.positions, mesh.indices) : null,
  });
}

/**
 * Wrap a point cloud (PLY without faces, XYZ) in a mesh-only {@link Part}: `mesh.positions` holds the
 * points, `mesh.normals` their normals when known, `mesh.indices` is empty.
 */
export function createPointCloudPart(points: PointCloud, format: InputFormat = 'xyz'): Part {
  const mesh: PartMesh = {
    positions: points.positions,
    normals: points.normals,
    indices: new Uint32Array(0),
    triangleFace: new Int32Array(0),
  };
  return basePart(format, mesh, false, { bbox: positionsBoundingBox(points.positions), surfaceAreaMm2: 0, volumeMm3: null });
}

function basePart(
  format: InputFormat,
  mesh: PartMesh,
  closed: boolean,
  m: Pick<Part['summary'], 'bbox' | 'surfaceAreaMm2' | 'volumeMm3'>,
): Part {
  const hasTriangles = mesh.indices.length > 0;
  return {
    modelVersion: PART_MODEL_VERSION,
    format,
    brepSource: 'mesh-only',
    units: { lengthUnit: 'millimetre', lengthToMm: 1, angleUnit: 'radian', angleToRad: 1 },
    solids: closed ? [{ index: 0, stepId: null, kind: 'mesh', name: '', shells: [0] }] : [],
    shells: hasTriangles ? [{ index: 0, stepId: null, kind: closed ? 'closed' : 'open', faces: [], solid: closed ? 0 : -1 }] : [],
    faces: [],
    edges: [],
    vertices: [],
    aag: { faceCount: 0, arcs: [], neighbours: [] },
    mesh,
    summary: {
      ...m,
      faceCount: 0,
      edgeCount: 0,
      vertexCount: mesh.positions.length / 3,
      solidCount: closed ? 1 : 0,
      shellCount: hasTriangles ? 1 : 0,
      countsBySurfaceType: {},
      triangleCount: mesh.indices.length / 3,
    },
    assembly: null,
    unsupported: [],
  };
}
