import type { Part, PartFace, PartMesh, Vec3 } from '../../model/index.js';
import { applyFaceMeasures, summarizePart, type VolumeGroup } from '../part-mesh-measures.js';
import type { Body, BodyRef } from './collect-bodies.js';
import { isMeasurable } from './face-checks.js';
import type { MatchContext, MatchState } from './match-context.js';
import { applyInverse } from './occt-face-geometry.js';

/**
 * Why a Part face stayed unmapped:
 * - `not-in-a-body`: the face belongs to no solid or shell (nothing to match a mesh against);
 * - `body-not-attached`: no occt mesh matched the face's body (no mesh with its face count whose faces verify
 *   in order, and none of similar size with at least 80 % of its faces on the body's surfaces, under any placement);
 * - `surface-not-measurable`: the body is attached, the face failed the order check, and its surface cannot be
 *   measured (`other`, or the distance is undefined), so it cannot be matched geometrically;
 * - `no-verified-occt-face`: the body is attached, but no remaining occt face of its mesh lies on the face's
 *   surface and shares a B-Rep vertex with it (OpenCascade's healing dropped or merged it, or the geometry differs).
 */
export type UnmappedFaceReason = 'not-in-a-body' | 'body-not-attached' | 'surface-not-measurable' | 'no-verified-occt-face';

/** @internal The face-level part of the attach report, as {@link assemblePart} fills it. */
export interface AssembledReport {
  order: number;
  geometric: number;
  unmapped: number;
  maxDeviationMm: number | null;
  unmatchedOcctFaces: number[];
  orientationMismatches: number[];
  unmappedFaces: { face: number; body: BodyRef | null; reason: UnmappedFaceReason }[];
}

/**
 * @internal Build the Part mesh in the bodies' own frames from the matching's decisions: each face's
 * triangles once, in face order, then the triangles of unmatched occt faces of attached meshes
 * (triangleFace -1); fill every face's `triangles`, `mapping` and measures, say why each unmapped face
 * is, and summarise (volume only when every closed solid is attached and fully mapped).
 */
export function assemblePart(ctx: MatchContext, state: MatchState, bodies: Body[], weldTol: number, report: AssembledReport): Part {
  const { part, flat } = ctx;
  const { assignments, bodyMapped, occtTaken } = state;
  const src = flat.mesh;
  const outPos: number[] = [];
  const outNor: number[] = [];
  const outIdx: number[] = [];
  const outFace: number[] = [];
  const hasNormals = src.normals.length === src.positions.length && src.normals.length > 0;
  const p: Vec3 = [0, 0, 0];
  const copyTriangles = (g: number, inv: number[], faceIndex: number, vmap: Map<number, number>) => {
    const of = flat.occtFaces[g];
    for (let t = of.first; t <= of.last; t++) {
      for (let k = 0; k < 3; k++) {
        const v = src.indices[3 * t + k];
        let nv = vmap.get(v);
        if (nv === undefined) {
          nv = outPos.length / 3;
          vmap.set(v, nv);
          applyInverse(inv, src.positions, v, p);
          outPos.push(p[0], p[1], p[2]);
          if (hasNormals) {
            const nx = src.normals[3 * v], ny = src.normals[3 * v + 1], nz = src.normals[3 * v + 2];
            outNor.push(inv[0] * nx + inv[4] * ny + inv[8] * nz, inv[1] * nx + inv[5] * ny + inv[9] * nz, inv[2] * nx + inv[6] * ny + inv[10] * nz);
          }
        }
        outIdx.push(nv);
      }
      outFace.push(faceIndex);
    }
  };

  const bodyOfFace = new Map<number, number>();
  bodies.forEach((b, bi) => {
    for (const pf of b.faces) if (!bodyOfFace.has(pf)) bodyOfFace.set(pf, bi);
  });
  const faces: PartFace[] = part.faces.map((f) => ({ ...f }));
  let maxDev: number | null = null;
  for (const face of faces) {
    const a = assignments.get(face.index);
    if (!a) {
      face.triangles = null;
      face.mapping = { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null };
      report.unmapped++;
      const bi = bodyOfFace.get(face.index);
      let reason: UnmappedFaceReason;
      if (bi === undefined) reason = 'not-in-a-body';
      else if (!bodyMapped[bi]) reason = 'body-not-attached';
      else if (!isMeasurable(face.surface)) reason = 'surface-not-measurable';
      else reason = 'no-verified-occt-face';
      report.unmappedFaces.push({ face: face.index, body: bi === undefined ? null : bodies[bi].ref, reason });
      continue;
    }
    const first = outFace.length;
    const vmap = new Map<number, number>();
    for (const g of a.occt) copyTriangles(g, a.inv, face.index, vmap);
    face.triangles = { first, count: outFace.length - first };
    face.mapping = { status: a.status, occtFaceIndex: a.occt[0], maxDeviationMm: a.dev };
    if (a.status === 'order') report.order++;
    else report.geometric++;
    if (a.dev !== null) maxDev = Math.max(maxDev ?? 0, a.dev);
  }
  for (const [m, inv] of state.meshInverse) {
    const r = flat.meshRanges[m];
    for (let k = 0; k < r.faceCount; k++) {
      const g = r.firstFace + k;
      if (occtTaken[g] || !ctx.nonEmpty(g)) continue;
      copyTriangles(g, inv, -1, new Map());
    }
  }
  for (let g = 0; g < flat.occtFaces.length; g++) if (!occtTaken[g] && ctx.nonEmpty(g)) report.unmatchedOcctFaces.push(g);
  report.maxDeviationMm = maxDev;
  report.orientationMismatches = [...state.orientationMismatches].sort((x, y) => x - y);

  const mesh: PartMesh = {
    positions: Float64Array.from(outPos),
    normals: Float32Array.from(outNor),
    indices: Uint32Array.from(outIdx),
    triangleFace: Int32Array.from(outFace),
  };
  for (const face of faces) applyFaceMeasures(face, mesh);

  // Volume: every solid body must be attached and closed.
  const volumeGroups: VolumeGroup[] = [];
  let volumeKnown = true;
  bodies.forEach((b, bi) => {
    if (b.ref.kind !== 'solid' || !b.closed) return;
    if (!bodyMapped[bi] || b.faces.some((pf) => !faces[pf]?.triangles)) volumeKnown = false;
    volumeGroups.push({ ranges: b.faces.map((pf) => faces[pf]?.triangles).filter((x): x is { first: number; count: number } => !!x && x.count > 0) });
  });
  const summary = summarizePart(
    { edgeCount: part.summary.edgeCount, vertexCount: part.summary.vertexCount, solidCount: part.summary.solidCount, shellCount: part.summary.shellCount },
    faces,
    mesh,
    volumeKnown ? volumeGroups : [],
    weldTol,
  );
  return { ...part, faces, mesh, summary };
}
