/**
 * Per-face facts a human needs to label a part: surface type and parameters, outward direction,
 * area, extent along the axis, solid, and the AAG neighbours with convexity. Read straight from the
 * cadlens `Part` (no recognizer involved).
 * @internal
 */
import type { Part, Vec3 } from '../../src/model/index.js';

/** One AAG neighbour of a face. */
export interface NeighbourFact {
  stepId: number;
  convexity: string;
  dihedralDeg: number;
}

/** What the labelling aid knows about one face. */
export interface FaceFact {
  index: number;
  stepId: number;
  /** STEP id of the solid (or surface body) holding the face; -1 when none. */
  solidStepId: number;
  surfaceType: string;
  /** Cylinder/cone/sphere radius, torus minor radius (mm). */
  radius: number | null;
  /** Torus major radius (mm). */
  majorRadius: number | null;
  /** Cone semi-angle (degrees). */
  semiAngleDeg: number | null;
  /** Plane: outward normal. Cylinder/cone/torus/sphere: axis direction (of the surface frame). */
  direction: Vec3 | null;
  /** Point on the axis (cylinder/cone/torus/sphere) or plane origin. */
  origin: Vec3 | null;
  /**
   * For surfaces of revolution: true when the outward normal points towards the axis (a hole wall,
   * concave), false when away (a shaft, convex); null for other surfaces.
   */
  inward: boolean | null;
  /** Extent of the face's mesh along `direction` (mm): [min, max] of the projections. */
  axialRange: [number, number] | null;
  areaMm2: number;
  centroid: Vec3;
  /** Number of bounds (loops) of the face. */
  loops: number;
  neighbours: NeighbourFact[];
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

function solidOfFace(part: Part): Int32Array {
  const out = new Int32Array(part.faces.length).fill(-1);
  for (const shell of part.shells) {
    const solid = shell.solid >= 0 ? part.solids[shell.solid] : undefined;
    for (const f of shell.faces) out[f] = solid?.stepId ?? shell.stepId ?? -1;
  }
  return out;
}

function meshRange(part: Part, faceIndex: number, dir: Vec3): [number, number] | null {
  const tri = part.faces[faceIndex].triangles;
  if (!tri) return null;
  const { indices, positions } = part.mesh;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = tri.first; t < tri.first + tri.count; t++) {
    for (let k = 0; k < 3; k++) {
      const v = indices[3 * t + k];
      const p = positions[3 * v] * dir[0] + positions[3 * v + 1] * dir[1] + positions[3 * v + 2] * dir[2];
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
  }
  return [round(lo), round(hi)];
}

/** Facts of every face of the part (faces without a STEP id are skipped). */
export function faceFacts(part: Part): FaceFact[] {
  const solids = solidOfFace(part);
  const out: FaceFact[] = [];
  for (const face of part.faces) {
    if (face.stepId === null) continue;
    const s = face.surface;
    let radius: number | null = null;
    let majorRadius: number | null = null;
    let semiAngleDeg: number | null = null;
    let direction: Vec3 | null = null;
    let origin: Vec3 | null = null;
    let inward: boolean | null = null;
    if (s && (s.type === 'plane' || s.type === 'cylinder' || s.type === 'cone' || s.type === 'sphere' || s.type === 'torus')) {
      direction = [...s.frame.z] as Vec3;
      origin = [...s.frame.origin] as Vec3;
      if (s.type === 'plane') {
        if (face.reversed) direction = [-direction[0], -direction[1], -direction[2]];
      } else {
        // The natural normal of these surfaces points away from the axis (or centre).
        inward = face.reversed;
      }
      if (s.type === 'cylinder' || s.type === 'cone' || s.type === 'sphere') radius = s.radius;
      if (s.type === 'cone') semiAngleDeg = (s.semiAngle * 180) / Math.PI;
      if (s.type === 'torus') {
        radius = s.minorRadius;
        majorRadius = s.majorRadius;
      }
    }
    const neighbours: NeighbourFact[] = part.aag.neighbours[face.index].map((ai) => {
      const arc = part.aag.arcs[ai];
      const other = arc.a === face.index ? arc.b : arc.a;
      return { stepId: part.faces[other].stepId ?? -1, convexity: arc.convexity, dihedralDeg: round(arc.dihedralDeg, 1) };
    });
    out.push({
      index: face.index,
      stepId: face.stepId,
      solidStepId: solids[face.index],
      surfaceType: face.surfaceType,
      radius: radius === null ? null : round(radius, 4),
      majorRadius: majorRadius === null ? null : round(majorRadius, 4),
      semiAngleDeg: semiAngleDeg === null ? null : round(semiAngleDeg, 2),
      direction: direction ? (direction.map((x) => round(x, 4)) as Vec3) : null,
      origin: origin ? (origin.map((x) => round(x, 3)) as Vec3) : null,
      inward,
      axialRange: direction ? meshRange(part, face.index, direction) : null,
      areaMm2: round(face.area, 3),
      centroid: face.centroid.map((x) => round(x, 3)) as Vec3,
      loops: face.bounds.length,
      neighbours,
    });
  }
  return out;
}

const CONVEXITY_MARK: Record<string, string> = { convex: '+', concave: '-', smooth: '~', unknown: '?' };

/** A fixed-width table, one face per line, for reading in a terminal. */
export function formatFaceTable(facts: readonly FaceFact[]): string {
  const lines = ['stepId  solid  type      r        ang/R    in  area       dir                      axial            loops  neighbours (+convex -concave ~smooth)'];
  for (const f of facts) {
    const dir = f.direction ? f.direction.map((x) => x.toFixed(2).padStart(5)).join(',') : '';
    const ax = f.axialRange ? `${f.axialRange[0].toFixed(2)}..${f.axialRange[1].toFixed(2)}` : '';
    const extra = f.semiAngleDeg ?? f.majorRadius;
    lines.push(
      [
        String(f.stepId).padEnd(7),
        String(f.solidStepId).padEnd(6),
        f.surfaceType.padEnd(9),
        (f.radius === null ? '' : f.radius.toFixed(3)).padEnd(8),
        (extra === null ? '' : extra.toFixed(2)).padEnd(8),
        (f.inward === null ? '' : f.inward ? 'in' : 'out').padEnd(3),
        f.areaMm2.toFixed(2).padEnd(10),
        dir.padEnd(24),
        ax.padEnd(16),
        String(f.loops).padEnd(6),
        f.neighbours.map((n) => `${n.stepId}${CONVEXITY_MARK[n.convexity] ?? '?'}`).join(' '),
      ].join(' '),
    );
  }
  return lines.join('\n');
}
