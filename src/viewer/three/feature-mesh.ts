import { BufferAttribute, BufferGeometry, Color, DoubleSide, Mesh, MeshStandardMaterial } from 'three';
import type { AnalysisResult } from '../../result/index.js';
import type { ThreeGeometryData } from '../../stages/recognize/tier4-mesh-only/three-geometry.js';
import { DEFAULT_FEATURE_PALETTE, featureLegend, type LegendEntry, type PaletteEntry } from '../feature-palette.js';

type RecognizedFace = NonNullable<AnalysisResult['recognition']>['faces'][number];
type RecognizedFeature = NonNullable<AnalysisResult['recognition']>['features'][number];

/** Options of {@link createFeatureMesh}. */
export interface FeatureMeshOptions {
  /** Colours per class. @defaultValue {@link DEFAULT_FEATURE_PALETTE} */
  palette?: readonly PaletteEntry[];
  /** Colour of highlighted faces. @defaultValue `'#ff00ff'` (magenta: outside the palette's hues) */
  highlightColor?: string;
}

/** What a click on the model hits: the B-Rep face and what recognition said about it. */
export interface PickedFace {
  /**
   * Index into `result.part.faces` (B-Rep input); for mesh input (STL…, no B-Rep faces) the `faceIndex` of
   * the recognized mesh segment (`result.recognition.faces[].faceIndex`).
   */
  faceIndex: number;
  stepId: number | null;
  surfaceType: string | null;
  /** The face's class, or `unrecognized` when no tier labelled it. */
  className: string;
  probability: number | null;
  /** Tier that labelled the face (the face's own, else the part's). */
  tier: number | null;
  /** Indices into `result.recognition.features` of the features that contain the face. */
  features: number[];
}

/** A three.js mesh coloured by feature class, with picking and highlighting. */
export interface FeatureMesh {
  /** One geometry group per B-Rep face run; add it to your scene. */
  mesh: Mesh<BufferGeometry, MeshStandardMaterial[]>;
  /** One material per class present (same order as `legend`), then the highlight material last. */
  materials: MeshStandardMaterial[];
  /** Classes present, with colours and face counts. */
  legend: LegendEntry[];
  /** The face under a triangle (e.g. `raycaster.intersectObject(mesh)[0].faceIndex`), or null. */
  pickTriangle(triangle: number): PickedFace | null;
  /** Colours the faces of one feature (index into `result.recognition.features`) with the highlight colour; `null` clears. */
  highlightFeature(feature: number | null): void;
  /** Colours the given B-Rep faces with the highlight colour (replaces any previous highlight); empty clears. */
  highlightFaces(faceIndices: Iterable<number>): void;
  /** Frees the geometry and materials. */
  dispose(): void;
}

/**
 * Turns an analysis into a three.js mesh: the tessellation from `geometry`
 * ({@link createThreeGeometryData} of the analysed Part's mesh, or what the browser worker returns),
 * one draw group per B-Rep face, each face coloured by its recognized class (colour-blind-safe palette,
 * {@link DEFAULT_FEATURE_PALETTE}); faces no tier labelled are white (`unrecognized`). For mesh input (STL,
 * OBJ, PLY: no B-Rep faces) the regions are the recognized mesh segments (`recognition.faces[].triangles`),
 * drawn with facet shading.
 *
 * @example
 * ```ts
 * import { createFeatureMesh, createThreeGeometryData } from 'cadlens/three';
 * const { result, part } = await analyzer.analyzeDetailed(bytes, { name: 'part.step' });
 * const view = createFeatureMesh(result, createThreeGeometryData(part!.mesh!));
 * scene.add(view.mesh);
 * view.highlightFeature(0);
 * ```
 */
export function createFeatureMesh(result: AnalysisResult, geometry: ThreeGeometryData, options: FeatureMeshOptions = {}): FeatureMesh {
  const palette = options.palette ?? DEFAULT_FEATURE_PALETTE;
  const recognition = result.recognition;
  const recognized = recognition?.faces ?? [];
  const triangleCount = geometry.index.length / 3;

  // Each displayed triangle belongs to one "region": a B-Rep face (STEP input) or, for mesh input
  // (no B-Rep faces), the recognized segment that lists the triangle in `triangles`.
  const meshOnly = geometry.groups.every((g) => g.faceIndex < 0) && recognized.some((f) => f.triangles && f.triangles.length > 0);
  const regionOfTriangle = new Int32Array(triangleCount).fill(-1);
  if (meshOnly) {
    recognized.forEach((f, i) => {
      for (const t of f.triangles ?? []) if (t >= 0 && t < triangleCount) regionOfTriangle[t] = i;
    });
  } else {
    for (const group of geometry.groups) regionOfTriangle.fill(group.faceIndex, group.start / 3, (group.start + group.count) / 3);
  }
  const byFace = new Map<number, RecognizedFace>();
  for (const f of recognized) byFace.set(f.faceIndex, f);
  /** The recognition record of a region. */
  const recordOf = (region: number): RecognizedFace | undefined => (region < 0 ? undefined : meshOnly ? recognized[region] : byFace.get(region));
  const classOf = (region: number) => recordOf(region)?.className ?? 'unrecognized';

  const regionCount = meshOnly ? recognized.length : (result.part?.faces.length ?? 0);
  const regionClasses = Array.from({ length: regionCount }, (_, i) => classOf(i));
  if (regionOfTriangle.some((r) => r < 0)) regionClasses.push('unrecognized');
  const legend = featureLegend(regionClasses.length > 0 ? regionClasses : ['unrecognized'], palette);
  const materialOfClass = new Map(legend.map((l, i) => [l.className, i]));
  // Mesh input has no surfaces to shade smoothly across: facet shading shows its edges.
  const material = (color: string) =>
    new MeshStandardMaterial({ color: new Color(color), side: DoubleSide, metalness: 0.1, roughness: 0.7, flatShading: meshOnly });
  const materials = [...legend.map((l) => material(l.color)), material(options.highlightColor ?? '#ff00ff')];
  const highlightIndex = materials.length - 1;
  const baseMaterial = (region: number) => materialOfClass.get(classOf(region)) ?? 0;

  // Triangles ordered by region, so each region is one contiguous draw group.
  const order = Array.from({ length: triangleCount }, (_, t) => t).sort((a, b) => regionOfTriangle[a] - regionOfTriangle[b] || a - b);
  const index = new Uint32Array(geometry.index.length);
  order.forEach((t, i) => index.set(geometry.index.subarray(t * 3, t * 3 + 3), i * 3));
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(geometry.positions, 3));
  g.setAttribute('normal', new BufferAttribute(geometry.normals, 3));
  g.setIndex(new BufferAttribute(index, 1));
  const groupRegions: number[] = [];
  for (let i = 0; i < order.length; ) {
    const region = regionOfTriangle[order[i]];
    let j = i;
    while (j < order.length && regionOfTriangle[order[j]] === region) j++;
    g.addGroup(i * 3, (j - i) * 3, baseMaterial(region));
    groupRegions.push(region);
    i = j;
  }
  g.computeBoundingSphere();
  const mesh = new Mesh(g, materials);

  const features: readonly RecognizedFeature[] = recognition?.features ?? [];
  const featuresOfFace = new Map<number, number[]>();
  features.forEach((feature, i) => {
    for (const f of feature.faces) featuresOfFace.set(f, [...(featuresOfFace.get(f) ?? []), i]);
  });
  /** Feature face lists hold B-Rep face indices, or for mesh input the segments' `faceIndex`. */
  const regionOfFaceIndex = (faceIndex: number) => (meshOnly ? recognized.findIndex((f) => f.faceIndex === faceIndex) : faceIndex);

  const highlightRegions = (regions: Set<number>) => {
    g.groups.forEach((group, i) => {
      group.materialIndex = regions.has(groupRegions[i]) ? highlightIndex : baseMaterial(groupRegions[i]);
    });
  };
  const highlightFaces = (faceIndices: Iterable<number>) => highlightRegions(new Set([...faceIndices].map(regionOfFaceIndex)));

  return {
    mesh,
    materials,
    legend,
    pickTriangle(triangle) {
      const original = order[triangle];
      const region = original === undefined ? -1 : regionOfTriangle[original];
      if (region < 0) return null;
      const record = recordOf(region);
      const faceIndex = meshOnly ? record!.faceIndex : region;
      const face = meshOnly ? undefined : result.part?.faces[faceIndex];
      const tier = (record as { tier?: number } | undefined)?.tier ?? recognition?.tier ?? null;
      return {
        faceIndex,
        stepId: face?.stepId ?? record?.stepId ?? null,
        surfaceType: face?.surfaceType ?? null,
        className: classOf(region),
        probability: record?.probability ?? null,
        tier,
        features: featuresOfFace.get(faceIndex) ?? [],
      };
    },
    highlightFeature(feature) {
      highlightFaces(feature === null ? [] : (features[feature]?.faces ?? []));
    },
    highlightFaces,
    dispose() {
      g.dispose();
      for (const m of materials) m.dispose();
    },
  };
}
