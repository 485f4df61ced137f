import { defineRecognizer } from '../recognizer.js';
import type { RecognitionOutput, RecognizedFeature, Recognizer, RecognizeContext } from '../recognizer.js';
import type { Part, Vec3 } from '../../../model/index.js';
import { CadlensError } from '../../../errors/index.js';
import { measureTriangleRange, signedVolume } from '../../../geometry/mesh-measures.js';
import { checkClosed, weldVertices } from '../../../geometry/weld.js';
import { createSeededRandom } from '../../../geometry/seeded-random.js';
import { sampleMeshSurface, subsamplePoints } from './point-sampling.js';
import { boxInFrame, normalize, pcaOrientedBox } from './pca-obb.js';
import { cross3, vec3 } from '../../../geometry/vec3.js';
import type { OrientedBox } from './pca-obb.js';
import { estimateNormals } from './normal-estimation.js';
import { detectShapes } from './ransac-shapes.js';
import type { DetectedCylinder, DetectedPlane } from './ransac-shapes.js';
import { voxelEstimate } from './voxel-estimate.js';

/** Nominal confidence of Tier 3. */
export const TIER3_NOMINAL_CONFIDENCE = 0.6;

/** Options of {@link createPointCloudRecognizer}. */
export interface PointCloudRecognizerOptions {
  /** RNG seed: the same input and seed give the same answer. @defaultValue 1 */
  seed?: number;
  /** Points sampled from a triangle mesh. @defaultValue 20_000 */
  sampleCount?: number;
  /** Point clouds larger than this are subsampled (seeded). @defaultValue 50_000 */
  maxPoints?: number;
  /** RANSAC distance threshold (mm). @defaultValue 0.005 × the bounding-box diagonal */
  toleranceMm?: number;
  /** Largest normal deviation of an inlier (degrees). @defaultValue 20 */
  normalToleranceDeg?: number;
  /** @defaultValue 20 */
  maxPlanes?: number;
  /** @defaultValue 12 */
  maxCylinders?: number;
  /** Smallest shape, as a fraction of the points. @defaultValue 0.004 */
  minInlierFraction?: number;
}

/** Stock (raw material) dimensions: the oriented box's extents, longest first. */
export interface StockDimensions {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  /** How the box was oriented: principal axes, or the normals of the two largest orthogonal planes. */
  method: 'pca' | 'planes';
}

/** What Tier 3 puts in `RecognitionOutput.details`. */
export interface PointCloudDetails {
  source: 'mesh-samples' | 'points';
  pointCount: number;
  seed: number;
  toleranceMm: number;
  orientedBox: OrientedBox;
  stock: StockDimensions;
  planes: DetectedPlane[];
  cylinders: DetectedCylinder[];
  /** Same order as the `hole_candidate` features. */
  holeCandidates: Array<{ diameterMm: number; lengthMm: number; axisDirection: Vec3; axisPoint: Vec3; concave: boolean | null }>;
  /** Fraction of points explained by the detected shapes. */
  explainedFraction: number;
  surfaceAreaMm2: number;
  volumeMm3: number | null;
  /** `mesh` when computed exactly from the triangles; `voxel` for the rough point-based estimate. */
  areaMethod: 'mesh' | 'voxel';
  volumeMethod: 'mesh' | 'voxel' | 'none';
}

/**
 * Tier 3 (nominal confidence 0.60): point-cloud analysis for PLY/XYZ points or points sampled from a
 * mesh. PCA oriented bounding box (re-oriented to the dominant planes when that box is smaller),
 * stock dimensions, seeded RANSAC planes and cylinders — cylinders covering ≥ 270° become
 * `hole_candidate` features (concave ones when normals are oriented; also convex-unknown ones for
 * unoriented scans, at lower confidence) — and rough area/volume.
 *
 * Measured confidence: 0.60 × (0.5 + 0.5 × explained fraction of points).
 * Declines (`out_of_domain`) parts with fewer than 20 points.
 *
 * @throws CadlensError `ABORTED` when the context's signal aborts.
 * @example
 * ```ts
 * const tier3 = createPointCloudRecognizer({ seed: 7 });
 * const out = await tier3.recognize(part, ctx);
 * out.features.filter((f) => f.type === 'hole_candidate').map((f) => f.parameters.diameterMm);
 * ```
 */
export function createPointCloudRecognizer(options: PointCloudRecognizerOptions = {}): Recognizer {
  return defineRecognizer({
    id: 'point-cloud',
    tier: 3,
    nominalConfidence: TIER3_NOMINAL_CONFIDENCE,
    canRecognize(part: Readonly<Part>) {
      if (part.mesh.positions.length < 60) return { ok: false, reason: 'out_of_domain', detail: 'fewer than 20 points' };
      return { ok: true };
    },
    async recognize(part: Readonly<Part>, ctx: RecognizeContext): Promise<RecognitionOutput> {
      return analyzePointCloud(part, options, ctx.signal);
    },
  });
}

/** @internal */
export function analyzePointCloud(part: Readonly<Part>, options: PointCloudRecognizerOptions, signal?: AbortSignal): RecognitionOutput {
  const seed = options.seed ?? 1;
  const random = createSeededRandom(seed);
  const mesh = part.mesh;
  const hasTriangles = mesh.indices.length >= 3;
  let positions: Float64Array;
  let normals: Float64Array;
  let oriented: boolean;
  if (hasTriangles) {
    const s = sampleMeshSurface(mesh, options.sampleCount ?? 20_000, random);
    positions = s.positions;
    normals = s.normals;
    oriented = true;
  } else {
    const s = subsamplePoints(mesh.positions, mesh.normals, options.maxPoints ?? 50_000, random);
    positions = s.positions;
    oriented = s.normals !== null;
    normals = s.normals ?? new Float64Array(0);
  }
  const n = positions.length / 3;
  const pca = pcaOrientedBox(positions);
  const diag = Math.hypot(...pca.sizeMm) || 1;
  const eps = options.toleranceMm ?? 0.005 * diag;
  if (!oriented) {
    // spacing ≈ sqrt(area / n); the box surface bounds the area
    const [a, b, c] = pca.sizeMm;
    const spacing = Math.sqrt((2 * (a * b + b * c + a * c)) / n);
    normals = estimateNormals(positions, Math.max(3 * spacing, 2 * eps));
  } else {
    for (let i = 0; i < normals.length; i += 3) {
      const l = Math.hypot(normals[i], normals[i + 1], normals[i + 2]);
      if (l > 0) { normals[i] /= l; normals[i + 1] /= l; normals[i + 2] /= l; }
    }
  }
  if (signal?.aborted) throw new CadlensError('ABORTED', 'point-cloud recognition aborted', { stage: 'recognize', cause: signal.reason });
  const { planes, cylinders, explained } = detectShapes(positions, normals, {
    random,
    epsMm: eps,
    cosNormal: Math.cos(((options.normalToleranceDeg ?? 20) * Math.PI) / 180),
    minInliers: Math.max(20, Math.ceil((options.minInlierFraction ?? 0.004) * n)),
    maxPlanes: options.maxPlanes ?? 20,
    maxCylinders: options.maxCylinders ?? 12,
    planeHypotheses: 150,
    cylinderHypotheses: 400,
    maxRadiusMm: 0.5 * diag,
    orientedNormals: oriented,
    signal,
  });
  if (signal?.aborted) throw new CadlensError('ABORTED', 'point-cloud recognition aborted', { stage: 'recognize', cause: signal.reason });

  // a box aligned with the two largest mutually orthogonal planes, when it is tighter than PCA's
  let box = pca;
  let method: StockDimensions['method'] = 'pca';
  const sorted = planes.slice().sort((a, b) => b.inliers - a.inliers);
  if (sorted.length >= 2) {
    const a = sorted[0].normal;
    const other = sorted.slice(1).find((q) => Math.abs(q.normal[0] * a[0] + q.normal[1] * a[1] + q.normal[2] * a[2]) < 0.1);
    if (other) {
      const bRaw = other.normal;
      const d = bRaw[0] * a[0] + bRaw[1] * a[1] + bRaw[2] * a[2];
      const b = normalize([bRaw[0] - d * a[0], bRaw[1] - d * a[1], bRaw[2] - d * a[2]]);
      const planeBox = boxInFrame(positions, [a, b, cross3(vec3(), a, b)]);
      if (planeBox.volumeMm3 <= pca.volumeMm3 * 1.0001) {
        box = planeBox;
        method = 'planes';
      }
    }
  }

  // area / volume
  let area: number, volume: number | null;
  let areaMethod: PointCloudDetails['areaMethod'], volumeMethod: PointCloudDetails['volumeMethod'];
  if (hasTriangles) {
    area = measureTriangleRange(mesh.positions, mesh.indices, 0, mesh.indices.length / 3).areaMm2;
    const { remap } = weldVertices(mesh.positions, 1e-9 * diag);
    const closed = checkClosed(mesh.indices, remap).closed;
    volume = closed ? Math.abs(signedVolume(mesh.positions, mesh.indices)) : null;
    areaMethod = 'mesh';
    volumeMethod = closed ? 'mesh' : 'none';
  } else {
    // voxels must hold several points: 2.5 × the spacing the box's surface area bounds
    const [a, b, c] = box.sizeMm;
    const spacing = Math.sqrt((2 * (a * b + b * c + a * c)) / n);
    let h = Math.max(box.sizeMm[0] / 128, 2.5 * spacing, eps);
    let est = voxelEstimate(positions, normals, h);
    for (let k = 0; k < 3 && !est.closedShell; k++) est = voxelEstimate(positions, normals, (h *= 1.6));
    area = est.areaMm2;
    volume = est.closedShell ? est.volumeMm3 : null;
    areaMethod = 'voxel';
    volumeMethod = est.closedShell ? 'voxel' : 'none';
  }

  const holes = cylinders.filter((c) => c.coverageDeg >= 270 && c.concave !== false);
  const features: RecognizedFeature[] = holes.map((c) => ({
    type: 'hole_candidate',
    classId: -1,
    faces: [],
    bottomFaces: [],
    confidence: (c.concave === true ? 0.6 : 0.35) * Math.min(1, c.coverageDeg / 360),
    parameters: {
      diameterMm: c.diameterMm,
      radiusMm: c.radiusMm,
      lengthMm: c.lengthMm,
      inlierPoints: c.inliers,
      axisX: c.axisDirection[0],
      axisY: c.axisDirection[1],
      axisZ: c.axisDirection[2],
      originX: c.axisPoint[0],
      originY: c.axisPoint[1],
      originZ: c.axisPoint[2],
    },
  }));
  const explainedFraction = n > 0 ? explained / n : 0;
  const details: PointCloudDetails = {
    source: hasTriangles ? 'mesh-samples' : 'points',
    pointCount: n,
    seed,
    toleranceMm: eps,
    orientedBox: box,
    stock: { lengthMm: box.sizeMm[0], widthMm: box.sizeMm[1], heightMm: box.sizeMm[2], method },
    planes,
    cylinders,
    holeCandidates: holes.map((c) => ({ diameterMm: c.diameterMm, lengthMm: c.lengthMm, axisDirection: c.axisDirection, axisPoint: c.axisPoint, concave: c.concave })),
    explainedFraction,
    surfaceAreaMm2: area,
    volumeMm3: volume,
    areaMethod,
    volumeMethod,
  };
  return {
    faces: [],
    features,
    confidence: TIER3_NOMINAL_CONFIDENCE * (0.5 + 0.5 * explainedFraction),
    details: details as unknown as Record<string, unknown>,
  };
}
