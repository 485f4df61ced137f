import type { Vec3 } from '../../../model/index.js';
import { covariance, normalize, symmetricEigen3 } from './pca-obb.js';

/** A detected plane. */
export interface DetectedPlane {
  normal: Vec3;
  /** A point on the plane (the inliers' centroid). */
  point: Vec3;
  inliers: number;
}

/** A detected cylinder. */
export interface DetectedCylinder {
  axisDirection: Vec3;
  /** The axis point at the middle of the inliers' axial extent. */
  axisPoint: Vec3;
  radiusMm: number;
  diameterMm: number;
  /** Axial extent of the inliers (mm). */
  lengthMm: number;
  inliers: number;
  /** Angular coverage of the inliers around the axis (degrees, 30° bins). */
  coverageDeg: number;
  /**
   * True when the (oriented) normals point toward the axis: a hole or concave round; false for a
   * boss/convex round; null when normals are unoriented.
   */
  concave: boolean | null;
}

/** @internal Settings for {@link detectShapes}. */
export interface RansacSettings {
  random: () => number;
  /** Point-to-surface distance threshold (mm). */
  epsMm: number;
  /** cos of the normal-deviation threshold. */
  cosNormal: number;
  minInliers: number;
  maxPlanes: number;
  maxCylinders: number;
  planeHypotheses: number;
  cylinderHypotheses: number;
  /** Largest cylinder radius considered (mm). */
  maxRadiusMm: number;
  orientedNormals: boolean;
  signal?: AbortSignal;
}

/**
 * @internal
 * Sequential RANSAC: planes first (one-point hypotheses from point + normal, scored on a random
 * subset, then least-squares refit on all inliers), then cylinders on what is left (two-point
 * hypotheses: axis = n1 × n2, centre where the normal lines meet; refit with the inliers' normals
 * for the axis and an algebraic circle fit). Inliers must agree in distance and normal direction.
 * Returns the shapes and a per-point label (-1 none, 0…planes-1 plane, planes… cylinder).
 */
export function detectShapes(p: Float64Array, nrm: Float64Array, s: RansacSettings): { planes: DetectedPlane[]; cylinders: DetectedCylinder[]; explained: number } {
  const n = p.length / 3;
  let active: number[] = [];
  for (let i = 0; i < n; i++) if (nrm[i * 3] !== 0 || nrm[i * 3 + 1] !== 0 || nrm[i * 3 + 2] !== 0) active.push(i);
  const planes: DetectedPlane[] = [];
  const cylinders: DetectedCylinder[] = [];
  const pick = () => active[Math.floor(s.random() * active.length)];
  const subsetSize = 1500;
  let explained = 0;

  const planeInliers = (nx: number, ny: number, nz: number, d: number, list: number[], out: number[] | null): number => {
    let c = 0;
    for (const i of list) {
      const dist = p[i * 3] * nx + p[i * 3 + 1] * ny + p[i * 3 + 2] * nz - d;
      if (dist > s.epsMm || dist < -s.epsMm) continue;
      const dot = nrm[i * 3] * nx + nrm[i * 3 + 1] * ny + nrm[i * 3 + 2] * nz;
      if (dot < s.cosNormal && dot > -s.cosNormal) continue;
      c++;
      out?.push(i);
    }
    return c;
  };

  /** Best plane hypothesis on the subset: [score, nx, ny, nz, d]. */
  const bestPlane = (subset: number[]) => {
    let best = -1, bn: Vec3 = [0, 0, 1], bd = 0;
    for (let h = 0; h < s.planeHypotheses; h++) {
      const i = pick();
      const nx = nrm[i * 3], ny = nrm[i * 3 + 1], nz = nrm[i * 3 + 2];
      const d = p[i * 3] * nx + p[i * 3 + 1] * ny + p[i * 3 + 2] * nz;
      const score = planeInliers(nx, ny, nz, d, subset, null);
      if (score > best) { best = score; bn = [nx, ny, nz]; bd = d; }
    }
    return { score: best, bn, bd };
  };
  const acceptPlane = (bn: Vec3, bd: number): boolean => {
    let inl: number[] = [];
    planeInliers(bn[0], bn[1], bn[2], bd, active, inl);
    if (inl.length < s.minInliers) return false;
    // least-squares refit
    const { mean, cov } = covariance(p, inl);
    const ev = symmetricEigen3(cov);
    let normal = ev.vectors[2];
    if (normal[0] * bn[0] + normal[1] * bn[1] + normal[2] * bn[2] < 0) normal = [-normal[0], -normal[1], -normal[2]];
    const d2 = normal[0] * mean[0] + normal[1] * mean[1] + normal[2] * mean[2];
    const refit: number[] = [];
    planeInliers(normal[0], normal[1], normal[2], d2, active, refit);
    if (refit.length >= inl.length) inl = refit;
    planes.push({ normal, point: mean, inliers: inl.length });
    explained += inl.length;
    active = removeAll(active, inl, n);
    return true;
  };

  const axisDist = (axis: Vec3, c: Vec3, i: number, out: Float64Array) => {
    const dx = p[i * 3] - c[0], dy = p[i * 3 + 1] - c[1], dz = p[i * 3 + 2] - c[2];
    const t = dx * axis[0] + dy * axis[1] + dz * axis[2];
    out[0] = dx - t * axis[0]; out[1] = dy - t * axis[1]; out[2] = dz - t * axis[2];
    out[3] = t;
    return Math.hypot(out[0], out[1], out[2]);
  };
  const tmp = new Float64Array(4);
  const cylInliers = (axis: Vec3, c: Vec3, r: number, list: number[], out: number[] | null): number => {
    let count = 0;
    for (const i of list) {
      const rd = axisDist(axis, c, i, tmp);
      if (Math.abs(rd - r) > s.epsMm || rd === 0) continue;
      const dot = (nrm[i * 3] * tmp[0] + nrm[i * 3 + 1] * tmp[1] + nrm[i * 3 + 2] * tmp[2]) / rd;
      if (dot < s.cosNormal && dot > -s.cosNormal) continue;
      count++;
      out?.push(i);
    }
    return count;
  };

  /** Best cylinder hypothesis on the subset. */
  const bestCylinder = (subset: number[]) => {
    let best = -1;
    let bAxis: Vec3 = [0, 0, 1], bC: Vec3 = [0, 0, 0], bR = 0;
    for (let h = 0; h < s.cylinderHypotheses; h++) {
      const i = pick(), j = pick();
      if (i === j) continue;
      const n1: Vec3 = [nrm[i * 3], nrm[i * 3 + 1], nrm[i * 3 + 2]];
      const n2: Vec3 = [nrm[j * 3], nrm[j * 3 + 1], nrm[j * 3 + 2]];
      const ax: Vec3 = [n1[1] * n2[2] - n1[2] * n2[1], n1[2] * n2[0] - n1[0] * n2[2], n1[0] * n2[1] - n1[1] * n2[0]];
      if (Math.hypot(ax[0], ax[1], ax[2]) < 0.2) continue;
      const axis = normalize(ax);
      const c = closestLinePoint([p[i * 3], p[i * 3 + 1], p[i * 3 + 2]], n1, [p[j * 3], p[j * 3 + 1], p[j * 3 + 2]], n2);
      if (!c) continue;
      const r = axisDist(axis, c, i, tmp);
      if (!(r > s.epsMm) || r > s.maxRadiusMm) continue;
      if (Math.abs(axisDist(axis, c, j, tmp) - r) > s.epsMm) continue;
      const score = cylInliers(axis, c, r, subset, null);
      if (score > best) { best = score; bAxis = axis; bC = c; bR = r; }
    }
    return { score: best, bAxis, bC, bR };
  };
  const acceptCylinder = (bAxis: Vec3, bC: Vec3, bR: number): boolean => {
    let inl: number[] = [];
    cylInliers(bAxis, bC, bR, active, inl);
    if (inl.length < s.minInliers) return false;
    // refit: axis ⟂ to the normals (smallest eigenvector of Σ n nᵀ), then a circle fit in that plane
    for (let iter = 0; iter < 2; iter++) {
      const nn = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      for (const i of inl) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) nn[a][b] += nrm[i * 3 + a] * nrm[i * 3 + b];
      let axis = symmetricEigen3(nn).vectors[2];
      if (axis[0] * bAxis[0] + axis[1] * bAxis[1] + axis[2] * bAxis[2] < 0) axis = [-axis[0], -axis[1], -axis[2]];
      const circle = fitCircle(p, inl, axis, bC);
      if (!circle || circle.r > s.maxRadiusMm) break;
      const refit: number[] = [];
      cylInliers(axis, circle.c, circle.r, active, refit);
      if (refit.length < inl.length * 0.9) break;
      inl = refit;
      bAxis = axis; bC = circle.c; bR = circle.r;
    }
    // coverage, extent, concavity
    const bins = new Uint8Array(12);
    let tMin = Infinity, tMax = -Infinity, inward = 0;
    const u = normalize(Math.abs(bAxis[0]) < 0.9 ? [0, -bAxis[2], bAxis[1]] : [-bAxis[2], 0, bAxis[0]]);
    const v: Vec3 = [bAxis[1] * u[2] - bAxis[2] * u[1], bAxis[2] * u[0] - bAxis[0] * u[2], bAxis[0] * u[1] - bAxis[1] * u[0]];
    for (const i of inl) {
      const rd = axisDist(bAxis, bC, i, tmp);
      const ang = Math.atan2(tmp[0] * v[0] + tmp[1] * v[1] + tmp[2] * v[2], tmp[0] * u[0] + tmp[1] * u[1] + tmp[2] * u[2]);
      bins[Math.min(11, Math.floor(((ang + Math.PI) / (2 * Math.PI)) * 12))] = 1;
      if (tmp[3] < tMin) tMin = tmp[3];
      if (tmp[3] > tMax) tMax = tmp[3];
      if (nrm[i * 3] * tmp[0] + nrm[i * 3 + 1] * tmp[1] + nrm[i * 3 + 2] * tmp[2] < 0 && rd > 0) inward++;
    }
    const coverage = bins.reduce((a, b) => a + b, 0) * 30;
    const mid = (tMin + tMax) / 2;
    cylinders.push({
      axisDirection: bAxis,
      axisPoint: [bC[0] + bAxis[0] * mid, bC[1] + bAxis[1] * mid, bC[2] + bAxis[2] * mid],
      radiusMm: bR,
      diameterMm: 2 * bR,
      lengthMm: tMax - tMin,
      inliers: inl.length,
      coverageDeg: coverage,
      concave: s.orientedNormals ? inward * 2 > inl.length : null,
    });
    explained += inl.length;
    active = removeAll(active, inl, n);
    return true;
  };

  const maxShapes = s.maxPlanes + s.maxCylinders;
  for (let shape = 0; shape < maxShapes && active.length >= s.minInliers; shape++) {
    if (s.signal?.aborted) break;
    // Planes and cylinders compete on the same random subset; the larger shape wins, so the
    // facets of a tessellated hole wall are not taken for small planes before the cylinder.
    const subset = randomSubset(active, subsetSize, s.random);
    const bp = planes.length < s.maxPlanes ? bestPlane(subset) : { score: -1, bn: [0, 0, 1] as Vec3, bd: 0 };
    const bc = cylinders.length < s.maxCylinders ? bestCylinder(subset) : { score: -1, bAxis: [0, 0, 1] as Vec3, bC: [0, 0, 0] as Vec3, bR: 0 };
    if (bp.score < 0 && bc.score < 0) break;
    const ok = bc.score > bp.score ? acceptCylinder(bc.bAxis, bc.bC, bc.bR) || acceptPlane(bp.bn, bp.bd) : acceptPlane(bp.bn, bp.bd) || acceptCylinder(bc.bAxis, bc.bC, bc.bR);
    if (!ok) break;
  }
  return { planes, cylinders, explained };
}

function randomSubset(list: number[], size: number, random: () => number): number[] {
  if (list.length <= size) return list;
  const out: number[] = new Array(size);
  for (let i = 0; i < size; i++) out[i] = list[Math.floor(random() * list.length)];
  return out;
}

function removeAll(active: number[], remove: number[], n: number): number[] {
  const flag = new Uint8Array(n);
  for (const i of remove) flag[i] = 1;
  return active.filter((i) => !flag[i]);
}

/** Midpoint of the closest points of lines p1 + t·d1 and p2 + s·d2, or null when parallel. */
function closestLinePoint(p1: Vec3, d1: Vec3, p2: Vec3, d2: Vec3): Vec3 | null {
  const w = [p1[0] - p2[0], p1[1] - p2[1], p1[2] - p2[2]];
  const a = d1[0] * d1[0] + d1[1] * d1[1] + d1[2] * d1[2];
  const b = d1[0] * d2[0] + d1[1] * d2[1] + d1[2] * d2[2];
  const c = d2[0] * d2[0] + d2[1] * d2[1] + d2[2] * d2[2];
  const d = d1[0] * w[0] + d1[1] * w[1] + d1[2] * w[2];
  const e = d2[0] * w[0] + d2[1] * w[1] + d2[2] * w[2];
  const den = a * c - b * b;
  if (Math.abs(den) < 1e-12) return null;
  const t = (b * e - c * d) / den;
  const s = (a * e - b * d) / den;
  return [
    (p1[0] + t * d1[0] + p2[0] + s * d2[0]) / 2,
    (p1[1] + t * d1[1] + p2[1] + s * d2[1]) / 2,
    (p1[2] + t * d1[2] + p2[2] + s * d2[2]) / 2,
  ];
}

/** Algebraic (Kåsa) circle fit of the inliers projected on the plane ⟂ axis through `origin`. */
function fitCircle(p: Float64Array, inl: number[], axis: Vec3, origin: Vec3): { c: Vec3; r: number } | null {
  const u = normalize(Math.abs(axis[0]) < 0.9 ? [0, -axis[2], axis[1]] : [-axis[2], 0, axis[0]]);
  const v: Vec3 = [axis[1] * u[2] - axis[2] * u[1], axis[2] * u[0] - axis[0] * u[2], axis[0] * u[1] - axis[1] * u[0]];
  // solve [x y 1][A B C]ᵀ = x²+y² in least squares (normal equations, 3×3)
  const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const R = [0, 0, 0];
  for (const i of inl) {
    const dx = p[i * 3] - origin[0], dy = p[i * 3 + 1] - origin[1], dz = p[i * 3 + 2] - origin[2];
    const x = dx * u[0] + dy * u[1] + dz * u[2];
    const y = dx * v[0] + dy * v[1] + dz * v[2];
    const row = [x, y, 1];
    const rhs = x * x + y * y;
    for (let a = 0; a < 3; a++) {
      R[a] += row[a] * rhs;
      for (let b = 0; b < 3; b++) M[a][b] += row[a] * row[b];
    }
  }
  const sol = solve3(M, R);
  if (!sol) return null;
  const cx = sol[0] / 2, cy = sol[1] / 2;
  const r2 = sol[2] + cx * cx + cy * cy;
  if (!(r2 > 0)) return null;
  return { c: [origin[0] + cx * u[0] + cy * v[0], origin[1] + cx * u[1] + cy * v[1], origin[2] + cx * u[2] + cy * v[2]], r: Math.sqrt(r2) };
}

function solve3(m: number[][], r: number[]): number[] | null {
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const D = det(m);
  if (Math.abs(D) < 1e-18) return null;
  return [0, 1, 2].map((k) => det(m.map((row, i) => row.map((x, j) => (j === k ? r[i] : x)))) / D);
}
