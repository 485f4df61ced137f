/**
 * Geometric value types of the Part model. Everything is plain JSON-serializable data.
 * Units: all lengths in millimetres, all angles in radians (the STEP file's units are converted
 * when the Part is built; the original units are kept in {@link PartUnits}).
 */

/** A point or vector `[x, y, z]`. */
export type Vec3 = [number, number, number];

/** A 2-D parameter-space point `[u, v]`. */
export type Vec2 = [number, number];

/** An axis-aligned box. */
export interface BoundingBox {
  min: Vec3;
  max: Vec3;
}

/**
 * A right-handed orthonormal frame built from a STEP `AXIS2_PLACEMENT_3D` with OpenCascade's rules
 * (X = ref_direction projected orthogonally to Z; OCCT's default X when it is missing or parallel).
 */
export interface Frame {
  origin: Vec3;
  x: Vec3;
  y: Vec3;
  z: Vec3;
}

/** Surface kinds the model understands; anything else is `other` with its entity type kept. */
export type SurfaceType =
  | 'plane'
  | 'cylinder'
  | 'cone'
  | 'sphere'
  | 'torus'
  | 'bspline'
  | 'extrusion'
  | 'revolution'
  | 'offset'
  | 'other';

/** A B-spline surface in OpenCascade's knot/multiplicity form. */
export interface BSplineSurfaceData {
  uDegree: number;
  vDegree: number;
  /** Control points, `controlPoints[i][j]` = pole i in u, j in v (mm). */
  controlPoints: Vec3[][];
  /** Weights with the same shape as `controlPoints`, or `null` when non-rational. */
  weights: number[][] | null;
  uKnots: number[];
  vKnots: number[];
  uMultiplicities: number[];
  vMultiplicities: number[];
  uClosed: boolean;
  vClosed: boolean;
  /** True when weights exist and are not all equal (OpenCascade treats equal weights as non-rational). */
  rational: boolean;
}

/** A surface with its parameters. Parameterisations follow OpenCascade's ElSLib conventions. */
export type Surface =
  | { type: 'plane'; frame: Frame }
  | { type: 'cylinder'; frame: Frame; radius: number }
  | { type: 'cone'; frame: Frame; radius: number; semiAngle: number }
  | { type: 'sphere'; frame: Frame; radius: number }
  | { type: 'torus'; frame: Frame; majorRadius: number; minorRadius: number }
  | ({ type: 'bspline' } & BSplineSurfaceData)
  | { type: 'extrusion'; sweptCurve: Curve; direction: Vec3 }
  | { type: 'revolution'; sweptCurve: Curve; axisOrigin: Vec3; axisDirection: Vec3 }
  | { type: 'offset'; basis: Surface; distance: number; selfIntersect: boolean | null }
  | { type: 'other'; entityType: string };

/** Curve kinds the model understands. */
export type CurveType = 'line' | 'circle' | 'ellipse' | 'hyperbola' | 'parabola' | 'bspline' | 'polyline' | 'trimmed' | 'other';

/** A B-spline curve in knot/multiplicity form. */
export interface BSplineCurveData {
  degree: number;
  controlPoints: Vec3[];
  weights: number[] | null;
  knots: number[];
  multiplicities: number[];
  closed: boolean;
  rational: boolean;
}

/**
 * A 3-D curve (mm). `SURFACE_CURVE`/`SEAM_CURVE`/`INTERSECTION_CURVE` are unwrapped to their 3-D curve. Conics
 * follow OpenCascade's parameterisations: a hyperbola is O + a cosh t·X + b sinh t·Y (one branch, t unbounded), a
 * parabola O + t²/(4F)·X + t·Y (t a length: STEP's parameter times 2F).
 */
export type Curve =
  | { type: 'line'; origin: Vec3; direction: Vec3 }
  | { type: 'circle'; frame: Frame; radius: number }
  | { type: 'ellipse'; frame: Frame; semiAxis1: number; semiAxis2: number }
  | { type: 'hyperbola'; frame: Frame; semiAxis: number; semiImagAxis: number }
  | { type: 'parabola'; frame: Frame; focalLength: number }
  | ({ type: 'bspline' } & BSplineCurveData)
  | { type: 'polyline'; points: Vec3[] }
  | { type: 'trimmed'; basis: Curve; trim1: number | Vec3 | null; trim2: number | Vec3 | null; senseAgreement: boolean }
  | { type: 'other'; entityType: string };

/** A 2-D curve in a surface's parameter space (from a STEP `PCURVE`). Parameters in (u, v) of that surface. */
export type Curve2d =
  | { type: 'line'; origin: Vec2; direction: Vec2 }
  | { type: 'circle'; origin: Vec2; xAxis: Vec2; radius: number }
  | { type: 'ellipse'; origin: Vec2; xAxis: Vec2; semiAxis1: number; semiAxis2: number }
  | { type: 'hyperbola'; origin: Vec2; xAxis: Vec2; semiAxis: number; semiImagAxis: number }
  | { type: 'parabola'; origin: Vec2; xAxis: Vec2; focalLength: number }
  | { type: 'bspline'; degree: number; controlPoints: Vec2[]; weights: number[] | null; knots: number[]; multiplicities: number[] }
  | { type: 'polyline'; points: Vec2[] }
  | { type: 'other'; entityType: string };

/** A PCURVE: a 2-D curve attached to the surface of one face. */
export interface PCurve {
  /** STEP id of the surface the pcurve lives on. */
  surfaceStepId: number;
  curve: Curve2d;
}
