import type { FaceMeshMapping, Part, Surface, Vec3 } from '../../model/index.js';
import type { FlattenedOcct } from '../flatten-occt-result.js';
import type { BodyRef } from './collect-bodies.js';
import { boundaryChordDeviation, brepVertexPoints, edgeWitnessPoints, witnessFraction } from './face-checks.js';
import { faceVertices, localCoords, type FaceGeom } from './occt-face-geometry.js';

/** @internal The occt faces given to one Part face, how, and the placement they were brought back through. */
export interface FaceAssignment {
  occt: number[];
  status: FaceMeshMapping['status'];
  dev: number | null;
  inv: number[];
}

/** @internal What the matching reads: the Part, the flattened occt result, the tolerance, and per-face caches. */
export interface MatchContext {
  part: Part;
  flat: FlattenedOcct;
  /** Distance tolerance (mm). */
  tol: number;
  /** Triangulation of occt face `g` (cached). */
  geomOf(g: number): FaceGeom;
  /** B-Rep vertex points of Part face `pf` (cached). */
  bvertsOf(pf: number): Vec3[];
  /** Whether occt face `g` has triangles. */
  nonEmpty(g: number): boolean;
  /** Share of Part face `pf`'s edge witnesses on the occt face's boundary, allowing for its chordal error. */
  witnessesOnBoundary(geom: FaceGeom, inv: number[], pf: number, requireAll: boolean): number;
}

/** @internal What the matching decided, filled mesh by mesh. */
export interface MatchState {
  /** Part face → its assignment. */
  assignments: Map<number, FaceAssignment>;
  /** Per occt face: 1 once a Part face took it. */
  occtTaken: Uint8Array;
  /** Per body: 1 once a mesh was attached to it. */
  bodyMapped: Uint8Array;
  /** Part faces whose plane normal disagrees with the triangle winding. */
  orientationMismatches: Set<number>;
  /** Part faces matched exactly (surface, every B-Rep vertex, every edge witness) by geometric matching: closed to further occt faces. */
  exactFaces: Set<number>;
  /** Attached mesh → the inverse placement it was attached under. */
  meshInverse: Map<number, number[]>;
  attachedMeshes: { meshIndex: number; body: BodyRef; transformed: boolean }[];
  skippedMeshes: { meshIndex: number; reason: 'repeated-instance' | 'no-matching-body' }[];
}

/** @internal The matching context over `part` and `flat`, with empty caches. */
export function createMatchContext(part: Part, flat: FlattenedOcct, tol: number): MatchContext {
  const geomCache = new Map<number, FaceGeom>();
  const bvertCache = new Map<number, Vec3[]>();
  const witnessCache = new Map<number, Vec3[]>();
  const geomOf = (g: number) => {
    let x = geomCache.get(g);
    if (!x) {
      x = faceVertices(flat, g);
      geomCache.set(g, x);
    }
    return x;
  };
  const bvertsOf = (pf: number) => {
    let x = bvertCache.get(pf);
    if (!x) {
      x = brepVertexPoints(part, part.faces[pf]);
      bvertCache.set(pf, x);
    }
    return x;
  };
  const witnessesOf = (pf: number) => {
    let x = witnessCache.get(pf);
    if (!x) {
      x = edgeWitnessPoints(part, part.faces[pf]);
      witnessCache.set(pf, x);
    }
    return x;
  };
  return {
    part,
    flat,
    tol,
    geomOf,
    bvertsOf,
    nonEmpty: (g) => flat.occtFaces[g].last >= flat.occtFaces[g].first,
    witnessesOnBoundary(geom, inv, pf, requireAll) {
      const local = localCoords(flat, geom, inv);
      const witnessTol = Math.max(tol, 1.5 * chordDeviation(geom, local, part.faces[pf].surface));
      return witnessFraction(geom, local, witnessesOf(pf), witnessTol, requireAll);
    },
  };
}

/**
 * {@link boundaryChordDeviation}, kept per occt face, body frame and surface: the order check asks it again for
 * the faces its quick pass checked, and geometric matching once per candidate pair and again when it records.
 */
function chordDeviation(geom: FaceGeom, local: Float64Array, surface: Surface | null): number {
  if (geom.chordLocal !== local || !geom.chordDeviation) {
    geom.chordLocal = local;
    geom.chordDeviation = new Map();
  }
  let d = geom.chordDeviation.get(surface);
  if (d === undefined) geom.chordDeviation.set(surface, (d = boundaryChordDeviation(geom, local, surface)));
  return d;
}

/** @internal An empty match state for `occtFaceCount` occt faces and `bodyCount` bodies. */
export function createMatchState(occtFaceCount: number, bodyCount: number): MatchState {
  return {
    assignments: new Map(),
    occtTaken: new Uint8Array(occtFaceCount),
    bodyMapped: new Uint8Array(bodyCount),
    orientationMismatches: new Set(),
    exactFaces: new Set(),
    meshInverse: new Map(),
    attachedMeshes: [],
    skippedMeshes: [],
  };
}
