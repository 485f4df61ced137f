/**
 * cadlens/three: three.js objects for an analysis — a mesh coloured by machining-feature class with one
 * group per B-Rep face, a colour-blind-safe palette and legend, feature and face highlighting, and
 * overlays for validation findings. `three` is an optional peer dependency: only this entry imports it.
 *
 * @packageDocumentation
 * @module cadlens/three
 */
export { createFeatureMesh, type FeatureMesh, type FeatureMeshOptions, type PickedFace } from './viewer/three/feature-mesh.js';
export { createOpenEdgeLines, facesOfFinding, type EdgeOverlay, type OpenEdgeOptions } from './viewer/three/finding-overlays.js';
export {
  DEFAULT_FEATURE_PALETTE,
  FAMILY_COLORS,
  featureFamilyOf,
  featureLegend,
  paletteColor,
  type FeatureFamily,
  type LegendEntry,
  type PaletteEntry,
} from './viewer/feature-palette.js';
export { createThreeGeometryData, type ThreeGeometryData, type GeometryGroup } from './stages/recognize/tier4-mesh-only/index.js';
