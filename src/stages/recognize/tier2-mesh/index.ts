/**
 * Tier 2 mesh segmentation: triangles → faces with fitted surfaces → the feature graph.
 * @packageDocumentation
 */
export { segmentMesh, fitFaceTriangles, type SegmentMeshOptions } from './segment-mesh.js';
export { joinMeshHoleStacks, meshCoaxial } from './mesh-hole-stacks.js';
export { validateMeshForSegmentation } from './validate-mesh.js';
export { fitPlane, fitAxisSurface, fitSphere, type RegionSamples, type SurfaceFit } from './fit-surfaces.js';
