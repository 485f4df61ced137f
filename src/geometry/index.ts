/**
 * Geometry kernels: vectors, frames, surface and curve evaluation, inversion, distance and length.
 *
 * @packageDocumentation
 */
export { createFrame, defaultXDirection, identityFrame, frameToMatrix, multiplyMatrix4, invertRigidMatrix4, identityMatrix4, transformPoint } from './frame.js';
export { evaluateSurface, surfaceDerivatives, surfaceNormal, elementaryParameters, isElementarySurface, surfaceDomain } from './surface-eval.js';
export { distanceToSurface, projectPointOnSurface, type SurfaceProjection } from './surface-distance.js';
export { evaluateCurve, evaluateCurve2d, curveDomain, curvePeriod, curveParameterOf, edgeParameterRange } from './curve-eval.js';
export { curveLength, edgeLength } from './curve-length.js';
export { evalBSplineCurve, evalBSplineSurface, bsplineCurveDomain, bsplineSurfaceDomain, flatKnots, hasUnequalWeights } from './bspline.js';
export * from './vec3.js';
