import { BufferAttribute, BufferGeometry, Matrix4 } from 'three';
import { MeshBVH } from 'three-mesh-bvh';
import { bvhDeps } from './bvh-deps.js';

/**
 * @internal
 * Hands the statically imported three and three-mesh-bvh to {@link bvhDeps}: for the browser entries (no
 * synchronous loader there) and the analyzer's paths that already run behind an `import()` (the mesh pipeline,
 * the self-intersection validator), which so load them as before: three shared with the app, three-mesh-bvh
 * bundled (tsup.config.ts).
 */
export function provideStaticBvhDeps(): void {
  bvhDeps.provide({ BufferAttribute, BufferGeometry, Matrix4, MeshBVH });
}
