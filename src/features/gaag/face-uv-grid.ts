/**
 * A face's uv grid (reference §2.6): `nu × nv` samples uniform in the face's uv box (box edges
 * included) of the untrimmed surface point (unit-box coordinates), the outward normal (natural normal
 * negated for reversed faces; (0,0,0) where undefined) and the trimming mask; for a reversed face the
 * grid is flipped along u. Written channel-first ([7][nu][nv]) into a caller-owned array; no
 * allocation per sample.
 *
 * @internal
 */
import type { Surface, Vec3 } from '../../model/index.js';
import { evaluateSurface, surfaceNormal } from '../../geometry/surface-eval.js';
import { classifyUvRow, type UvPolygons } from './trimming-mask.js';
import type { UnitBox } from './unit-box.js';

const p3: Vec3 = [0, 0, 0];
const n3: Vec3 = [0, 0, 0];
let rowUs = new Float64Array(8);
let rowMask = new Uint8Array(8);
let mask = new Uint8Array(64);

/**
 * Samples one face grid into `out` starting at `offset`, channel-first: channel c, u index i, v
 * index j at `offset + (c·nu + i)·nv + j` (7 channels: x, y, z, nx, ny, nz, mask).
 * `polygons` null → mask 0 everywhere.
 */
export function sampleFaceGrid(
  s: Surface,
  reversed: boolean,
  box: ArrayLike<number>,
  polygons: UvPolygons | null,
  nu: number,
  nv: number,
  unit: UnitBox,
  out: Float32Array | Float64Array,
  offset: number,
): void {
  const [umin, umax, vmin, vmax] = [box[0], box[1], box[2], box[3]];
  const plane = nu * nv;
  const cx = unit.center[0], cy = unit.center[1], cz = unit.center[2], sc = unit.scale;
  const sign = reversed ? -1 : 1;
  const span = Math.max(umax - umin, vmax - vmin);
  const onTol = 1e-9 * (span > 0 ? span : 1);
  // The trimming mask of the inner samples, one v row at a time (classifyUvRow: the row's candidate loop
  // segments are picked once per row). The outer ring lies on the uv box, i.e. on the boundary or
  // outside: never strictly IN.
  if (mask.length < nu * nv) mask = new Uint8Array(nu * nv);
  mask.fill(0, 0, nu * nv);
  if (polygons && nu > 2 && nv > 2) {
    if (rowUs.length < nu) ((rowUs = new Float64Array(nu)), (rowMask = new Uint8Array(nu)));
    for (let i = 1; i < nu - 1; i++) {
      const fu = i / (nu - 1);
      rowUs[i - 1] = (1 - fu) * umin + fu * umax;
    }
    for (let j = 1; j < nv - 1; j++) {
      const fv = j / (nv - 1);
      const v = (1 - fv) * vmin + fv * vmax;
      classifyUvRow(polygons, v, rowUs, nu - 2, onTol, rowMask);
      for (let i = 1; i < nu - 1; i++) mask[i * nv + j] = rowMask[i - 1];
    }
  }
  for (let i = 0; i < nu; i++) {
    const fu = nu > 1 ? i / (nu - 1) : 0;
    const u = (1 - fu) * umin + fu * umax;
    const row = reversed ? nu - 1 - i : i;
    for (let j = 0; j < nv; j++) {
      const fv = nv > 1 ? j / (nv - 1) : 0;
      const v = (1 - fv) * vmin + fv * vmax;
      evaluateSurface(s, u, v, p3);
      surfaceNormal(s, u, v, n3);
      const k = offset + row * nv + j;
      out[k] = (p3[0] - cx) * sc;
      out[k + plane] = (p3[1] - cy) * sc;
      out[k + 2 * plane] = (p3[2] - cz) * sc;
      out[k + 3 * plane] = sign * n3[0] + 0;
      out[k + 4 * plane] = sign * n3[1] + 0;
      out[k + 5 * plane] = sign * n3[2] + 0;
      out[k + 6 * plane] = mask[i * nv + j];
    }
  }
}
