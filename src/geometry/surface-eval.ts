/**
 * Surface evaluation S(u,v), first partial derivatives, natural normal and analytic point inversion,
 * with OpenCascade's (ElSLib) parameterisations — see docs/aagnet-reference.md §2.6:
 * - plane: S = O + uX + vY;
 * - cylinder: S = O + R(cos u X + sin u Y) + vZ;
 * - cone: S = O + (R + v sin α)(cos u X + sin u Y) + v cos α Z (v = slant distance);
 * - sphere: S = O + R cos v (cos u X + sin u Y) + R sin v Z;
 * - torus: S = O + (R + r cos v)(cos u X + sin u Y) + r sin v Z;
 * - B-spline: de Boor (rational when weighted);
 * - extrusion: S = C(u) + v·D; revolution: C(v) rotated by angle u about the axis (Geom_SurfaceOf*);
 * - offset: S = B(u,v) + d·N_B(u,v).
 */
import type { Curve, Frame, Surface, Vec2, Vec3 } from '../model/index.js';
import { bsplineSurfaceDomain, evalBSplineSurface } from './bspline.js';
import { curveDomain as curveDomainOf, evaluateCurve } from './curve-eval.js';
import { cross3, normalize3 } from './vec3.js';

const TWO_PI = 2 * Math.PI;

/** Scratch tuples for the derivative-based paths. */
const sP: Vec3 = [0, 0, 0];
const sU: Vec3 = [0, 0, 0];
const sV: Vec3 = [0, 0, 0];
const sN: Vec3 = [0, 0, 0];

function local(frame: Frame, out: Vec3, a: number, b: number, c: number): Vec3 {
  const { origin: o, x, y, z } = frame;
  out[0] = o[0] + a * x[0] + b * y[0] + c * z[0];
  out[1] = o[1] + a * x[1] + b * y[1] + c * z[1];
  out[2] = o[2] + a * x[2] + b * y[2] + c * z[2];
  return out;
}

function dir(frame: Frame, out: Vec3, a: number, b: number, c: number): Vec3 {
  const { x, y, z } = frame;
  out[0] = a * x[0] + b * y[0] + c * z[0];
  out[1] = a * x[1] + b * y[1] + c * z[1];
  out[2] = a * x[2] + b * y[2] + c * z[2];
  return out;
}

/** Rodrigues rotation of vector `v` about unit axis `k` by angle `a`. */
function rotate(out: Vec3, v: Vec3, k: Vec3, a: number): Vec3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  const kv = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
  const cx = k[1] * v[2] - k[2] * v[1];
  const cy = k[2] * v[0] - k[0] * v[2];
  const cz = k[0] * v[1] - k[1] * v[0];
  out[0] = v[0] * c + cx * s + k[0] * kv * (1 - c);
  out[1] = v[1] * c + cy * s + k[1] * kv * (1 - c);
  out[2] = v[2] * c + cz * s + k[2] * kv * (1 - c);
  return out;
}

/**
 * Evaluates S(u,v) into `outP`, and the partial derivatives ∂S/∂u, ∂S/∂v into `outU`/`outV` when given.
 * `other` surfaces give NaN.
 */
export function surfaceDerivatives(s: Surface, u: number, v: number, outP: Vec3, outU?: Vec3, outV?: Vec3): Vec3 {
  switch (s.type) {
    case 'plane':
      local(s.frame, outP, u, v, 0);
      if (outU) dir(s.frame, outU, 1, 0, 0);
      if (outV) dir(s.frame, outV, 0, 1, 0);
      return outP;
    case 'cylinder': {
      const c = Math.cos(u), sn = Math.sin(u), R = s.radius;
      local(s.frame, outP, R * c, R * sn, v);
      if (outU) dir(s.frame, outU, -R * sn, R * c, 0);
      if (outV) dir(s.frame, outV, 0, 0, 1);
      return outP;
    }
    case 'cone': {
      const c = Math.cos(u), sn = Math.sin(u);
      const sa = Math.sin(s.semiAngle), ca = Math.cos(s.semiAngle);
      const r = s.radius + v * sa;
      local(s.frame, outP, r * c, r * sn, v * ca);
      if (outU) dir(s.frame, outU, -r * sn, r * c, 0);
      if (outV) dir(s.frame, outV, sa * c, sa * sn, ca);
      return outP;
    }
    case 'sphere': {
      const c = Math.cos(u), sn = Math.sin(u), cv = Math.cos(v), sv = Math.sin(v), R = s.radius;
      local(s.frame, outP, R * cv * c, R * cv * sn, R * sv);
      if (outU) dir(s.frame, outU, -R * cv * sn, R * cv * c, 0);
      if (outV) dir(s.frame, outV, -R * sv * c, -R * sv * sn, R * cv);
      return outP;
    }
    case 'torus': {
      const c = Math.cos(u), sn = Math.sin(u), cv = Math.cos(v), sv = Math.sin(v);
      const R = s.majorRadius, r = s.minorRadius;
      const rho = R + r * cv;
      local(s.frame, outP, rho * c, rho * sn, r * sv);
      if (outU) dir(s.frame, outU, -rho * sn, rho * c, 0);
      if (outV) dir(s.frame, outV, -r * sv * c, -r * sv * sn, r * cv);
      return outP;
    }
    case 'bspline':
      return evalBSplineSurface(s, u, v, outP, outU, outV);
    case 'extrusion': {
      const d = s.direction;
      const cu: Vec3 = outU ?? [0, 0, 0];
      evaluateCurve(s.sweptCurve, u, outP, cu);
      outP[0] += v * d[0];
      outP[1] += v * d[1];
      outP[2] += v * d[2];
      if (outV) {
        outV[0] = d[0];
        outV[1] = d[1];
        outV[2] = d[2];
      }
      return outP;
    }
    case 'revolution': {
      const o = s.axisOrigin;
      const k = s.axisDirection;
      const c: Vec3 = [0, 0, 0];
      const dc: Vec3 = [0, 0, 0];
      evaluateCurve(s.sweptCurve, v, c, dc);
      const rel: Vec3 = [c[0] - o[0], c[1] - o[1], c[2] - o[2]];
      rotate(outP, rel, k, u);
      if (outU) {
        // d/du R(u)x = k × R(u)x
        cross3(outU, k, outP);
      }
      outP[0] += o[0];
      outP[1] += o[1];
      outP[2] += o[2];
      if (outV) rotate(outV, dc, k, u);
      return outP;
    }
    case 'offset': {
      evalOffset(s.basis, s.distance, u, v, outP);
      if (outU || outV) {
        const h = 1e-6;
        const a: Vec3 = [0, 0, 0];
        if (outU) {
          evalOffset(s.basis, s.distance, u + h, v, a);
          outU[0] = (a[0] - outP[0]) / h;
          outU[1] = (a[1] - outP[1]) / h;
          outU[2] = (a[2] - outP[2]) / h;
        }
        if (outV) {
          evalOffset(s.basis, s.distance, u, v + h, a);
          outV[0] = (a[0] - outP[0]) / h;
          outV[1] = (a[1] - outP[1]) / h;
          outV[2] = (a[2] - outP[2]) / h;
        }
      }
      return outP;
    }
    default:
      outP[0] = outP[1] = outP[2] = NaN;
      if (outU) outU[0] = outU[1] = outU[2] = NaN;
      if (outV) outV[0] = outV[1] = outV[2] = NaN;
      return outP;
  }
}

function evalOffset(basis: Surface, d: number, u: number, v: number, out: Vec3): Vec3 {
  const p: Vec3 = [0, 0, 0];
  const n: Vec3 = [0, 0, 0];
  surfaceDerivatives(basis, u, v, p);
  surfaceNormal(basis, u, v, n);
  out[0] = p[0] + d * n[0];
  out[1] = p[1] + d * n[1];
  out[2] = p[2] + d * n[2];
  return out;
}

/** Evaluates S(u,v) into `out`. */
export function evaluateSurface(s: Surface, u: number, v: number, out: Vec3 = [0, 0, 0]): Vec3 {
  return surfaceDerivatives(s, u, v, out);
}

/**
 * Natural unit normal normalise(∂S/∂u × ∂S/∂v) at (u,v) into `out`; (0,0,0) where it is undefined
 * (a pole or apex). Not flipped for reversed faces — negate it yourself for the outward normal.
 */
export function surfaceNormal(s: Surface, u: number, v: number, out: Vec3 = [0, 0, 0]): Vec3 {
  switch (s.type) {
    case 'plane':
      out[0] = s.frame.z[0];
      out[1] = s.frame.z[1];
      out[2] = s.frame.z[2];
      return out;
    case 'cylinder':
      return dir(s.frame, out, Math.cos(u), Math.sin(u), 0);
    case 'cone': {
      const r = s.radius + v * Math.sin(s.semiAngle);
      if (Math.abs(r) < 1e-12) return zero(out);
      const sg = r < 0 ? -1 : 1;
      const ca = Math.cos(s.semiAngle), sa = Math.sin(s.semiAngle);
      return dir(s.frame, out, sg * ca * Math.cos(u), sg * ca * Math.sin(u), -sg * sa);
    }
    case 'sphere': {
      const cv = Math.cos(v);
      if (Math.abs(cv) < 1e-12) {
        // pole: ∂S/∂u vanishes; OCCT reports the normal as undefined
        return zero(out);
      }
      return dir(s.frame, out, cv * Math.cos(u), cv * Math.sin(u), Math.sin(v));
    }
    case 'torus': {
      const cv = Math.cos(v);
      const rho = s.majorRadius + s.minorRadius * cv;
      if (Math.abs(rho) < 1e-12) return zero(out);
      const sg = rho < 0 ? -1 : 1;
      return dir(s.frame, out, sg * cv * Math.cos(u), sg * cv * Math.sin(u), sg * Math.sin(v));
    }
    default: {
      surfaceDerivatives(s, u, v, sP, sU, sV);
      cross3(sN, sU, sV);
      const len = normalize3(out, sN);
      const scale = Math.hypot(sU[0], sU[1], sU[2]) * Math.hypot(sV[0], sV[1], sV[2]);
      if (!(len > 1e-12 * scale) || !Number.isFinite(len)) return zero(out);
      return out;
    }
  }
}

function zero(out: Vec3): Vec3 {
  out[0] = out[1] = out[2] = 0;
  return out;
}

/** Whether the surface is one of the analytic (elementary) kinds with a closed-form inverse. */
export function isElementarySurface(s: Surface): s is Extract<Surface, { frame: Frame }> {
  return s.type === 'plane' || s.type === 'cylinder' || s.type === 'cone' || s.type === 'sphere' || s.type === 'torus';
}

/**
 * Analytic inverse (ElSLib "Parameters"): the (u,v) of the surface point nearest to / matching `p`, for
 * plane, cylinder, cone, sphere and torus. Periodic parameters are returned in [0, 2π); the sphere's v in
 * [−π/2, π/2]. Returns null for other surface kinds (use `projectPointOnSurface`).
 */
export function elementaryParameters(s: Surface, p: Vec3, out: Vec2 = [0, 0]): Vec2 | null {
  if (!isElementarySurface(s)) return null;
  const f = s.frame;
  const dx = p[0] - f.origin[0];
  const dy = p[1] - f.origin[1];
  const dz = p[2] - f.origin[2];
  const x = dx * f.x[0] + dy * f.x[1] + dz * f.x[2];
  const y = dx * f.y[0] + dy * f.y[1] + dz * f.y[2];
  const z = dx * f.z[0] + dy * f.z[1] + dz * f.z[2];
  if (s.type === 'plane') {
    out[0] = x;
    out[1] = y;
    return out;
  }
  const rho = Math.hypot(x, y);
  let u = rho < 1e-300 ? 0 : Math.atan2(y, x);
  if (u < 0) u += TWO_PI;
  if (u >= TWO_PI) u -= TWO_PI;
  out[0] = u;
  switch (s.type) {
    case 'cylinder':
      out[1] = z;
      break;
    case 'cone': {
      // project onto the generatrix through angle u
      out[1] = (rho - s.radius) * Math.sin(s.semiAngle) + z * Math.cos(s.semiAngle);
      break;
    }
    case 'sphere':
      out[1] = Math.atan2(z, rho);
      break;
    case 'torus': {
      // Nearest of the two generating circles in p's meridian plane: the one centred on p's side, or on a
      // spindle torus (minor > major radius) possibly the far one, whose points with R + r cos v < 0 form
      // the inner lemon part; those have u on the opposite side (u + π).
      const R = s.majorRadius, r = s.minorRadius;
      let v = Math.atan2(z, rho - R);
      if (Math.abs(Math.hypot(rho + R, z) - r) < Math.abs(Math.hypot(rho - R, z) - r)) {
        v = Math.atan2(z, -rho - R);
        u += Math.PI;
        if (u >= TWO_PI) u -= TWO_PI;
        out[0] = u;
      }
      if (v < 0) v += TWO_PI;
      if (v >= TWO_PI) v -= TWO_PI;
      out[1] = v;
      break;
    }
  }
  return out;
}

/**
 * The natural parameter box `[u0, u1, v0, v1]` of a surface (±Infinity where unbounded).
 * Curve-based surfaces use the curve's domain.
 */
export function surfaceDomain(s: Surface): [number, number, number, number] {
  switch (s.type) {
    case 'plane':
      return [-Infinity, Infinity, -Infinity, Infinity];
    case 'cylinder':
    case 'cone':
      return [0, TWO_PI, -Infinity, Infinity];
    case 'sphere':
      return [0, TWO_PI, -Math.PI / 2, Math.PI / 2];
    case 'torus':
      return [0, TWO_PI, 0, TWO_PI];
    case 'bspline':
      return bsplineSurfaceDomain(s);
    case 'extrusion': {
      const [a, b] = curveDomainOf(s.sweptCurve);
      return [a, b, -Infinity, Infinity];
    }
    case 'revolution': {
      const [a, b] = curveDomainOf(s.sweptCurve);
      return [0, TWO_PI, a, b];
    }
    case 'offset':
      return surfaceDomain(s.basis);
    default:
      return [NaN, NaN, NaN, NaN];
  }
}

