import { defineRecognizer } from '../recognizer.js';
import type { RecognitionOutput, Recognizer } from '../recognizer.js';
import type { BoundingBox, Part } from '../../../model/index.js';
import { boxDiagonal, measureTriangleRange, positionsBoundingBox, signedVolume } from '../../../geometry/mesh-measures.js';
import { checkClosed, weldVertices } from '../../../geometry/weld.js';
import { createThreeGeometryData } from './three-geometry.js';
import type { ThreeGeometryData } from './three-geometry.js';

/** Nominal confidence of Tier 4. */
export const TIER4_NOMINAL_CONFIDENCE = 0.4;

/** What Tier 4 puts in `RecognitionOutput.details`. */
export interface MeshOnlyDetails {
  triangleCount: number;
  vertexCount: number;
  bbox: BoundingBox;
  /** Axis-aligned box size (mm), x/y/z. */
  sizeMm: [number, number, number];
  surfaceAreaMm2: number;
  /** Closed (after a tight weld) and consistently oriented. */
  closed: boolean;
  /** Enclosed volume (mm³), null when the mesh is not closed. */
  volumeMm3: number | null;
  /** Ready for a three.js `BufferGeometry`. */
  geometry: ThreeGeometryData;
}

/** Options of {@link createMeshOnlyRecognizer}. */
export interface MeshOnlyRecognizerOptions {
  /** Include the three.js geometry arrays in the details. @defaultValue true */
  includeGeometry?: boolean;
}

/**
 * Tier 4 (nominal confidence 0.40): describes any triangle mesh without recognising features —
 * triangle/vertex counts, bounding box, surface area, volume when closed, and geometry a three.js
 * viewer takes directly. Measured confidence: 0.40 for a closed mesh, 0.30 for an open one.
 * Declines (`out_of_domain`) parts without triangles.
 * @example
 * ```ts
 * const tier4 = createMeshOnlyRecognizer();
 * const out = await tier4.recognize(part, ctx);
 * out.details.geometry.positions; // Float32Array
 * ```
 */
export function createMeshOnlyRecognizer(options: MeshOnlyRecognizerOptions = {}): Recognizer {
  return defineRecognizer({
    id: 'mesh-only',
    tier: 4,
    nominalConfidence: TIER4_NOMINAL_CONFIDENCE,
    canRecognize(part: Readonly<Part>) {
      if (part.mesh.indices.length < 3) return { ok: false, reason: 'out_of_domain', detail: 'no triangles' };
      return { ok: true };
    },
    async recognize(part: Readonly<Part>): Promise<RecognitionOutput> {
      const details = describeMesh(part, options.includeGeometry ?? true);
      return {
        faces: [],
        features: [],
        confidence: details.closed ? TIER4_NOMINAL_CONFIDENCE : 0.3,
        details: details as unknown as Record<string, unknown>,
      };
    },
  });
}

/** @internal */
export function describeMesh(part: Readonly<Part>, includeGeometry = true): MeshOnlyDetails {
  const mesh = part.mesh;
  const n = mesh.indices.length / 3;
  const bbox = positionsBoundingBox(mesh.positions);
  const diag = boxDiagonal(bbox) || 1;
  const m = measureTriangleRange(mesh.positions, mesh.indices, 0, n);
  // tight weld so triangle soups (unmerged STL) still count as closed
  const { remap } = weldVertices(mesh.positions, 1e-9 * diag);
  const closed = n > 0 && checkClosed(mesh.indices, remap).closed;
  const geometry = includeGeometry ? createThreeGeometryData(mesh) : { positions: new Float32Array(0), normals: new Float32Array(0), index: new Uint32Array(0), groups: [] };
  return {
    triangleCount: n,
    vertexCount: mesh.positions.length / 3,
    bbox,
    sizeMm: [bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1], bbox.max[2] - bbox.min[2]],
    surfaceAreaMm2: m.areaMm2,
    closed,
    volumeMm3: closed ? Math.abs(signedVolume(mesh.positions, mesh.indices)) : null,
    geometry,
  };
}
