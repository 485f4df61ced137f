/**
 * Memo of what a face's uv boundary alone determines: its exact area and area centroid
 * ({@link faceAreaCentroid}) and the box of its trimmed-surface samples. Both are computed twice per
 * analysis on the `mesh: 'never'` path — by the measure stage (`measureBrepFaces`) and again by the gAAG
 * extraction (once more per solid of a multi-solid part) — and are the largest costs of both.
 *
 * Keyed by the Surface object (so entries die with their Part) and validated against a snapshot of the
 * boundary: a hit needs the same loops, pieces, curve objects and numbers, so a memoized value is
 * bit-identical to a fresh computation whatever tolerance or edge numbering produced the boundary.
 *
 * @internal
 */
import type { Surface, Vec3 } from '../../model/index.js';
import { evaluateSurface } from '../../geometry/surface-eval.js';
import { faceAreaCentroid } from './face-integrals.js';
import { classifyUvRow, type UvPolygons } from './trimming-mask.js';
import { addToBox, emptyBox } from './unit-box.js';
import type { FaceUvBoundary, UvPiece } from './uv-bounds.js';

/** Samples per uv direction for the box of a face that can bulge beyond its edges. */
export const TRIMMED_SAMPLES = 16;

interface Entry {
  /** Copy of the boundary the values belong to (pieces without their edge numbers, which differ per Part). */
  loops: UvPiece[][];
  box: Float64Array;
  /** [area, cx, cy, cz], or null when the loops give no area; undefined until computed. */
  areaCentroid?: Float64Array | null;
  /** Box of the trimmed-surface samples; undefined until computed. */
  samplesBox?: Float64Array;
}

/** A surface is rarely shared by more than a few faces; beyond this the oldest entry goes. */
const MAX_ENTRIES_PER_SURFACE = 8;
const memo = new WeakMap<Surface, Entry[]>();
const p3: Vec3 = [0, 0, 0];

function samePiece(a: UvPiece, b: UvPiece): boolean {
  if (a.kind !== b.kind || a.curve !== b.curve || !Object.is(a.ta, b.ta) || !Object.is(a.tb, b.tb) || !Object.is(a.du, b.du)) return false;
  if (a.poly.length !== b.poly.length) return false;
  for (let i = 0; i < a.poly.length; i++) if (!Object.is(a.poly[i], b.poly[i])) return false;
  return true;
}

function sameBoundary(e: Entry, b: FaceUvBoundary): boolean {
  for (let i = 0; i < 4; i++) if (!Object.is(e.box[i], b.box[i])) return false;
  if (e.loops.length !== b.loops.length) return false;
  for (let k = 0; k < b.loops.length; k++) {
    const x = e.loops[k];
    const y = b.loops[k];
    if (x.length !== y.length) return false;
    for (let i = 0; i < y.length; i++) if (!samePiece(x[i], y[i])) return false;
  }
  return true;
}

function entryFor(s: Surface, b: FaceUvBoundary): Entry {
  let list = memo.get(s);
  if (!list) memo.set(s, (list = []));
  for (const e of list) if (sameBoundary(e, b)) return e;
  const e: Entry = {
    loops: b.loops.map((loop) => loop.map((p) => ({ ...p, poly: p.poly.slice(), edge: -1 }))),
    box: b.box.slice(),
  };
  if (list.length >= MAX_ENTRIES_PER_SURFACE) list.shift();
  list.push(e);
  return e;
}

/**
 * {@link faceAreaCentroid} through the memo: `out` = [area, cx, cy, cz]; false when the loops give no
 * area (then `out` is untouched).
 */
export function memoFaceAreaCentroid(s: Surface, b: FaceUvBoundary, out: Float64Array): boolean {
  const e = entryFor(s, b);
  if (e.areaCentroid === undefined) {
    const ac = new Float64Array(4);
    e.areaCentroid = faceAreaCentroid(s, b, ac) ? ac : null;
  }
  if (!e.areaCentroid) return false;
  out.set(e.areaCentroid);
  return true;
}

/**
 * Grows `box` by surface points strictly inside the trimmed region (a {@link TRIMMED_SAMPLES}² grid over
 * the uv box), through the memo. `poly` is `flattenLoops(b)`, only read on a miss.
 */
export function addTrimmedSamplesToBox(s: Surface, b: FaceUvBoundary, poly: () => UvPolygons, box: Float64Array): void {
  const e = entryFor(s, b);
  if (!e.samplesBox) e.samplesBox = trimmedSamplesBox(s, b, poly());
  const sb = e.samplesBox;
  // min with min and max with max: the same box as adding every sample to `box` one by one
  for (let k = 0; k < 3; k++) {
    if (sb[k] < box[k]) box[k] = sb[k];
    if (sb[k + 3] > box[k + 3]) box[k + 3] = sb[k + 3];
  }
}

function trimmedSamplesBox(s: Surface, b: FaceUvBoundary, poly: UvPolygons): Float64Array {
  const box = emptyBox();
  const m = TRIMMED_SAMPLES;
  const [u0, u1, v0, v1] = [b.box[0], b.box[1], b.box[2], b.box[3]];
  if (!Number.isFinite(u0 + u1 + v0 + v1)) return box;
  const tol = 1e-9 * Math.max(u1 - u0, v1 - v0);
  // The mask first, one v row at a time (classifyUvRow picks the row's loop segments once), then the
  // samples in the same order as always.
  const us = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) us[i] = u0 + ((u1 - u0) * i) / m;
  const inside = new Uint8Array((m + 1) * (m + 1));
  const row = new Uint8Array(m + 1);
  for (let j = 0; j <= m; j++) {
    classifyUvRow(poly, v0 + ((v1 - v0) * j) / m, us, m + 1, tol, row);
    for (let i = 0; i <= m; i++) inside[i * (m + 1) + j] = row[i];
  }
  for (let i = 0; i <= m; i++) {
    const u = us[i];
    for (let j = 0; j <= m; j++) {
      const v = v0 + ((v1 - v0) * j) / m;
      if (!inside[i * (m + 1) + j]) continue;
      evaluateSurface(s, u, v, p3);
      addToBox(box, p3[0], p3[1], p3[2]);
    }
  }
  return box;
}
