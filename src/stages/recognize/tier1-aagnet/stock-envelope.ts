/**
 * The stock-envelope test: which planar faces lie on the part's axis-aligned bounding box, facing out,
 * in the aligned frame Tier 1 works in ({@link stockAlignment}), and which convex cylinders span it
 * (the largest diameter of a turned part). A machining feature removes material
 * from the stock, so its faces lie inside the envelope; a planar face on a side of the envelope that
 * faces out of it is the stock's skin (or, on a part with a protrusion, the protrusion's top — which no
 * machining-feature class fits either).
 *
 * @internal
 */
import type { Part } from '../../../model/index.js';
import { stockAlignment, type Rotation3 } from './align-part.js';

/** Cosine of 1°: a face normal this close to a coordinate axis faces that axis. */
const COS_1DEG = Math.cos(Math.PI / 180);

/** Options of {@link envelopeFaces}. */
export interface EnvelopeOptions {
  /** Distance from the envelope side, as a share of the envelope diagonal. @defaultValue 1e-4 */
  relativeTolerance?: number;
  /** The aligned frame; computed with {@link stockAlignment} when omitted (null: the part's own axes). */
  rotation?: Rotation3 | null;
}

/**
 * 1 per face that is planar, faces a coordinate axis of the aligned frame (within 1°, outward normal)
 * and lies on the envelope side it faces (within `relativeTolerance` of the diagonal), or is a convex
 * cylinder whose axis lies along a coordinate axis and whose diameter touches both envelope sides
 * in a direction across it; else 0.
 * The envelope is the bounding box of the tessellation (exact on planar faces) or, without one, of the
 * B-Rep vertices and face centroids.
 */
export function envelopeFaces(part: Readonly<Part>, options: EnvelopeOptions = {}): Uint8Array {
  const out = new Uint8Array(part.faces.length);
  const r = options.rotation !== undefined ? options.rotation : (stockAlignment(part)?.rotation ?? null);
  const rot = (x: number, y: number, z: number, o: Float64Array): void => {
    if (!r) {
      o[0] = x;
      o[1] = y;
      o[2] = z;
      return;
    }
    o[0] = r[0] * x + r[1] * y + r[2] * z;
    o[1] = r[3] * x + r[4] * y + r[5] * z;
    o[2] = r[6] * x + r[7] * y + r[8] * z;
  };
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  const p = new Float64Array(3);
  const grow = () => {
    for (let d = 0; d < 3; d++) {
      if (p[d] < min[d]) min[d] = p[d];
      if (p[d] > max[d]) max[d] = p[d];
    }
  };
  const pos = part.mesh.positions;
  if (pos.length > 0) {
    for (let i = 0; i < pos.length; i += 3) {
      rot(pos[i], pos[i + 1], pos[i + 2], p);
      grow();
    }
  } else {
    for (const v of part.vertices) {
      rot(v.point[0], v.point[1], v.point[2], p);
      grow();
    }
    for (const f of part.faces) {
      rot(f.centroid[0], f.centroid[1], f.centroid[2], p);
      grow();
    }
  }
  if (!(max[0] >= min[0])) return out;
  const diag = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const tol = (options.relativeTolerance ?? 1e-4) * diag;
  const n = new Float64Array(3);
  const axis = new Float64Array(3);
  part.faces.forEach((f, i) => {
    const s = f.surface;
    if (s?.type === 'cylinder' && !f.reversed) {
      // A convex cylinder on an aligned axis whose diameter spans the envelope across that axis: the
      // bar of a turned part (its largest diameter), on which no cut can lie. (A convex round touches
      // one side only.)
      rot(s.frame.z[0], s.frame.z[1], s.frame.z[2], axis);
      const al = Math.hypot(axis[0], axis[1], axis[2]);
      const k = [0, 1, 2].find((d) => Math.abs(axis[d]) / al > COS_1DEG);
      if (k === undefined) return;
      rot(s.frame.origin[0], s.frame.origin[1], s.frame.origin[2], p);
      // One direction suffices: a flat (D-shaft) or a tooth gap may keep the other off the envelope.
      const spans = [0, 1, 2].some((d) => d !== k && Math.abs(p[d] - s.radius - min[d]) <= tol && Math.abs(p[d] + s.radius - max[d]) <= tol);
      if (spans) out[i] = 1;
      return;
    }
    if (s?.type !== 'plane') return;
    const z = s.frame.z;
    const sign = f.reversed ? -1 : 1;
    rot(sign * z[0], sign * z[1], sign * z[2], n);
    const len = Math.hypot(n[0], n[1], n[2]);
    if (!(len > 0)) return;
    // The plane's offset along its axis: its origin lies on it (the centroid too, but that needs a mesh).
    rot(s.frame.origin[0], s.frame.origin[1], s.frame.origin[2], p);
    for (let d = 0; d < 3; d++) {
      const c = n[d] / len;
      if (c > COS_1DEG && Math.abs(p[d] - max[d]) <= tol) out[i] = 1;
      else if (c < -COS_1DEG && Math.abs(p[d] - min[d]) <= tol) out[i] = 1;
    }
  });
  return out;
}

