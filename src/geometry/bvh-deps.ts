import type { BufferAttribute, BufferGeometry, Matrix4 } from 'three';
import type { MeshBVH } from 'three-mesh-bvh';
import { deferredModule } from '../deferred-packages/deferred-module.js';

/** What the self-intersection detector uses of three and three-mesh-bvh. */
export interface BvhDeps {
  BufferAttribute: typeof BufferAttribute;
  BufferGeometry: typeof BufferGeometry;
  Matrix4: typeof Matrix4;
  MeshBVH: typeof MeshBVH;
}

/**
 * @internal
 * three and three-mesh-bvh for {@link findSelfIntersections}, loaded on first use (src/deferred-packages/deferred-module.ts):
 * `healMesh` and `measureMesh` are synchronous public exports of the core, and a `mesh: 'never'` analysis never
 * calls them. The analyzer's mesh path and the self-intersection validator provide the statically imported
 * packages before they search (src/geometry/static-bvh-deps.ts).
 */
export const bvhDeps = deferredModule<BvhDeps>('three and three-mesh-bvh', (load) => {
  const { BufferAttribute, BufferGeometry, Matrix4 } = load<typeof import('three')>('three');
  const { MeshBVH } = load<typeof import('three-mesh-bvh')>('three-mesh-bvh');
  return { BufferAttribute, BufferGeometry, Matrix4, MeshBVH };
});
