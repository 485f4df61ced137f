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
  /** Index into `result.part.faces`. */
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
 * {@link DEFAULT_FEATURE_PALETTE}); faces no tier labelled are white (`unrecognized`).
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
  const byFace = new Map<number, RecognizedFace>();
  for (const f of recognition?.faces ?? []) byFace.set(f.faceIndex, f);
  const classOf = (faceIndex: number) => byFace.get(faceIndex)?.className ?? 'unrecognized';

  const faceCount = result.part?.faces.length ?? 0;
  const faceClasses = Array.from({ length: faceCount }, (_, i) => classOf(i));
  const legend = featureLegend(faceClasses.length > 0 ? faceClasses : ['unrecognized'], palette);
  const materialOfClass = new Map(legend.map((l, i) => [l.className, i]));
  const material = (color: string) => new MeshStandardMaterial({ color: new Color(color), side: DoubleSide, metalness: 0.1, roughness: 0.7 });
  const materials = [...legend.map((l) => material(l.color)), material(options.highlightColor ?? '#ff00ff')];
  const highlightIndex = materials.length - 1;

  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(geometry.positions, 3));
  g.setAttribute('normal', new BufferAttribute(geometry.normals, 3));
  g.setIndex(new BufferAttribute(geometry.index, 1));
  const baseMaterial = (faceIndex: number) => materialOfClass.get(classOf(faceIndex)) ?? materialOfClass.get('unrecognized') ?? 0;
  for (const group of geometry.groups) g.addGroup(group.start, group.count, baseMaterial(group.faceIndex));
  g.computeBoundingSphere();
  const mesh = new Mesh(g, materials);

  // Triangle → face lookup from the groups (a group covers whole triangles of one face).
  const triangleFace = new Int32Array(geometry.index.length / 3).fill(-1);
  for (const group of geometry.groups) triangleFace.fill(group.faceIndex, group.start / 3, (group.start + group.count) / 3);

  const features: readonly RecognizedFeature[] = recognition?.features ?? [];
  const featuresOfFace = new Map<number, number[]>();
  features.forEach((feature, i) => {
    for (const f of feature.faces) featuresOfFace.set(f, [...(featuresOfFace.get(f) ?? []), i]);
  });

  const highlightFaces = (faceIndices: Iterable<number>) => {
    const lit = new Set(faceIndices);
    g.groups.forEach((group, i) => {
      const faceIndex = geometry.groups[i].faceIndex;
      group.materialIndex = lit.has(faceIndex) ? highlightIndex : baseMaterial(faceIndex);
    });
  };

  return {
    mesh,
    materials,
    legend,
    pickTriangle(triangle) {
      const faceIndex = triangleFace[triangle] ?? -1;
      if (faceIndex < 0) return null;
      const face = result.part?.faces[faceIndex];
      const recognized = byFace.get(faceIndex);
      const tier = (recognized as { tier?: number } | undefined)?.tier ?? recognition?.tier ?? null;
      return {
        faceIndex,
        stepId: face?.stepId ?? null,
        surfaceType: face?.surfaceType ?? null,
        className: classOf(faceIndex),
        probability: recognized?.probability ?? null,
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

