export type { HealOptions, HealingFix, HealingFixKind, HealingReport, HealingUnit, MeshFindings } from './healing-types.js';
export { healMesh, DEFAULT_WELD_TOLERANCE_MM } from './heal-mesh.js';
export type { HealResult } from './heal-mesh.js';
export { measureMesh } from './mesh-findings.js';
