/**
 * When an analysis tessellates the part with OpenCascade:
 * - `'always'`: every B-Rep input is tessellated, and the geometry stage runs every check (mesh checks
 *   included). The default.
 * - `'never'`: OpenCascade is never loaded. Stages 1–3 and recognition run on the B-Rep alone; the geometry
 *   stage runs what topology and exact geometry can prove and reports the mesh-only checks as not run
 *   (`GEOM_MESH_CHECK_NOT_RUN`). IGES and BREP input, which only OpenCascade reads, cannot be analysed.
 * - `'auto'`: tessellate only when something needs the mesh — the call asks for it (`needMesh`: a
 *   three.js view, an STL export), a geometry validator given to the analyzer reads it (`needsMesh`), a
 *   mesh tier is forced (`tier: 3 | 4`), the exact area of some face cannot be computed, the input is IGES or
 *   BREP, or the STEP reader met entities it does not understand (entities that are no shape of the part aside —
 *   wireframe sets of points and curves, presentation / PMI items, supplemental construction geometry:
 *   OpenCascade's mesh has no triangles for them either) — and say why in a `PARSE_MESH_BUILT`
 *   finding. `'auto'` therefore recognizes exactly what `'always'` does; `'never'` differs only on parts
 *   where `'auto'` would tessellate (a face whose exact area cannot be computed, or entities the reader does
 *   not understand). Recognition reads the exact B-Rep face measures (area, centroid, box) on every path,
 *   never the triangles' ones, and fits free-form faces (B-splines, swept or offset surfaces) to a plane,
 *   cylinder or cone from samples of their exact trimmed surfaces, so a part with such faces needs no mesh.
 * - On every mode but `'never'`, a STEP file whose B-Rep the reader cannot build (no face, or no face with
 *   both a surface and a boundary it reads) is analysed from OpenCascade's tessellation instead, with a
 *   `PARSE_BREP_FALLBACK` finding (`PARSE_BREP_FALLBACK_FAILED` when OpenCascade cannot read it either:
 *   the result's error is then the reader's, as without the fallback; `PARSE_BREP_FALLBACK_SKIPPED`, without
 *   starting OpenCascade, when the file holds not a single coordinate for it to mesh).
 * - The other way round, on `'always'` and `'auto'`: when OpenCascade fails on a STEP file the reader built soundly
 *   and nothing needs the mesh, the exact B-Rep is analysed as under `'never'`, with a `PARSE_TESSELLATION_FAILED`
 *   warning (not for `OCCT_UNAVAILABLE`: a broken installation stays the error).
 */
export type MeshMode = 'auto' | 'always' | 'never';

/** The mesh modes, for option parsing. */
export const MESH_MODES: readonly MeshMode[] = ['auto', 'always', 'never'];

/** @internal What the pipeline decided about the tessellation of one input, and why. */
export interface MeshDecision {
  mode: MeshMode;
  tessellate: boolean;
  /** Why (for the parse stage's finding). */
  reason: string;
}
