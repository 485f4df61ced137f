import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Color, Raycaster, Vector3 } from 'three';
import { createNodeAnalyzer, type NodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import type { AnalysisResult } from '../../src/result/index.js';
import type { Part } from '../../src/model/index.js';
import {
  createFeatureMesh,
  createOpenEdgeLines,
  createThreeGeometryData,
  DEFAULT_FEATURE_PALETTE,
  FAMILY_COLORS,
  featureFamilyOf,
  featureLegend,
  facesOfFinding,
  type ThreeGeometryData,
} from '../../src/three.js';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';
import { writeBinaryStl } from '../../src/formats/mesh/index.js';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'step', name);

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const c = new Color(hex);
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; // three's Color holds linear components
}

describe('the feature palette', () => {
  it('covers every AAGNet class, other_feature and unrecognized, with distinct colours', () => {
    const names = DEFAULT_FEATURE_PALETTE.map((p) => p.className);
    expect(names).toEqual([...AAGNET_CLASS_NAMES, 'other_feature', 'unrecognized']);
    expect(new Set(DEFAULT_FEATURE_PALETTE.map((p) => p.color)).size).toBe(names.length);
    for (const p of DEFAULT_FEATURE_PALETTE) expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives each family one Okabe–Ito hue; classes of a family differ in lightness', () => {
    expect(featureFamilyOf('through_hole')).toBe('hole');
    expect(featureFamilyOf('Oring')).toBe('hole');
    expect(featureFamilyOf('round')).toBe('edge');
    expect(featureFamilyOf('my_custom_class')).toBe('other');
    const holes = DEFAULT_FEATURE_PALETTE.filter((p) => p.family === 'hole');
    expect(holes[0].color).toBe(FAMILY_COLORS.hole);
    const lum = holes.map((h) => luminance(h.color));
    expect(new Set(lum.map((l) => l.toFixed(3))).size).toBe(holes.length);
  });

  it('builds a legend of the classes present, in palette order, with face counts', () => {
    const legend = featureLegend(['stock', 'through_hole', 'stock', 'chamfer', 'weird']);
    expect(legend.map((l) => [l.className, l.faces])).toEqual([
      ['chamfer', 1],
      ['through_hole', 1],
      ['stock', 2],
      ['weird', 1],
    ]);
    expect(legend[3].color).toBe(FAMILY_COLORS.other);
  });
});

describe('createFeatureMesh on a real analysis (plate-hole-pocket.step, OpenCascade tessellation, default tiers)', () => {
  let analyzer: NodeAnalyzer;
  let result: AnalysisResult;
  let part: Part;
  let data: ThreeGeometryData;
  beforeAll(async () => {
    analyzer = createNodeAnalyzer();
    const detailed = await analyzer.analyzeFileDetailed(fixture('plate-hole-pocket.step'));
    result = detailed.result;
    part = detailed.part!;
    data = createThreeGeometryData(part.mesh);
  }, 120_000);
  afterAll(async () => {
    await analyzer?.dispose();
  });

  it('has one group per B-Rep face, each with the material of the face class', () => {
    const view = createFeatureMesh(result, data);
    const faces = result.recognition!.faces;
    expect(faces.length).toBe(part.faces.length);
    const groupFaces = new Set(data.groups.map((g) => g.faceIndex));
    expect(groupFaces.size).toBe(part.faces.length);
    expect(view.mesh.geometry.groups).toHaveLength(part.faces.length);
    const seen = new Set<number>();
    view.mesh.geometry.groups.forEach((g) => {
      // Every triangle of a group lies on one face.
      const faceIndex = view.pickTriangle(g.start / 3)!.faceIndex;
      for (let t = g.start / 3; t < (g.start + g.count) / 3; t++) expect(view.pickTriangle(t)!.faceIndex).toBe(faceIndex);
      expect(seen.has(faceIndex)).toBe(false);
      seen.add(faceIndex);
      const className = faces.find((f) => f.faceIndex === faceIndex)!.className;
      const entry = view.legend[g.materialIndex!];
      expect(entry.className).toBe(className);
      expect(`#${view.materials[g.materialIndex!].color.getHexString()}`).toBe(entry.color);
    });
    expect(view.legend.reduce((s, l) => s + l.faces, 0)).toBe(part.faces.length);
    view.dispose();
  });

  it('picks the face under a ray and reports its class, probability and tier', () => {
    const view = createFeatureMesh(result, data);
    view.mesh.geometry.computeBoundingBox();
    const box = view.mesh.geometry.boundingBox!;
    const centre = box.getCenter(new Vector3());
    // Straight down onto the top face, away from the centre (the hole/pocket are in the middle).
    const origin = new Vector3(box.min.x + 0.05 * (box.max.x - box.min.x), box.min.y + 0.05 * (box.max.y - box.min.y), box.max.z + 10);
    const hit = new Raycaster(origin, new Vector3(0, 0, -1)).intersectObject(view.mesh)[0];
    expect(hit).toBeDefined();
    const picked = view.pickTriangle(hit.faceIndex!)!;
    expect(part.faces[picked.faceIndex].surfaceType).toBe('plane');
    expect(picked.stepId).toBe(part.faces[picked.faceIndex].stepId);
    const recognized = result.recognition!.faces.find((f) => f.faceIndex === picked.faceIndex)!;
    expect(picked.className).toBe(recognized.className);
    expect(picked.probability).toBe(recognized.probability);
    // the face's own tier (tiers are combined per face), not the tier that answered first
    expect(picked.tier).toBe(recognized.tier);
    expect(view.pickTriangle(-5)).toBeNull();
    expect(centre.z).toBeLessThan(origin.z);
    view.dispose();
  });

  it('highlights exactly the faces of one feature, and clears again', () => {
    const view = createFeatureMesh(result, data);
    const features = result.recognition!.features;
    expect(features.length).toBeGreaterThan(0);
    const target = features.findIndex((f) => f.faces.length > 0);
    view.highlightFeature(target);
    const highlight = view.materials.length - 1;
    const lit = new Set(features[target].faces);
    view.mesh.geometry.groups.forEach((g) => {
      expect(g.materialIndex === highlight).toBe(lit.has(view.pickTriangle(g.start / 3)!.faceIndex));
    });
    view.highlightFeature(null);
    expect(view.mesh.geometry.groups.some((g) => g.materialIndex === highlight)).toBe(false);
    view.dispose();
  });

  it('finds no open edges on the closed solid, and the removed triangles’ rim when some are cut out', () => {
    const closed = createOpenEdgeLines(data);
    expect(closed.openEdges).toBe(0);
    expect(closed.nonManifoldEdges).toBe(0);
    expect(closed.lines.geometry.getAttribute('position').count).toBe(0);
    closed.dispose();
    // Drop the triangles of the first face: its boundary becomes open.
    const first = data.groups[0];
    const index = new Uint32Array([...data.index.slice(0, first.start), ...data.index.slice(first.start + first.count)]);
    const open = createOpenEdgeLines({ ...data, index });
    expect(open.openEdges).toBeGreaterThan(3);
    expect(open.lines.geometry.getAttribute('position').count).toBe(open.openEdges * 2);
    open.dispose();
  });

  it('maps a finding’s entity ids to faces', () => {
    const f = part.faces[2];
    expect(facesOfFinding(result, { entityIds: [f.stepId!, 999_999] })).toEqual([2]);
    expect(facesOfFinding(result, {})).toEqual([]);
  });
});

describe('createFeatureMesh on mesh input (an STL of plate-hole-pocket written by cadlens: no B-Rep faces)', () => {
  it('colours the recognized mesh segments, one draw group each, with facet shading', async () => {
    const analyzer = createNodeAnalyzer();
    try {
      const { part: brep } = await analyzer.analyzeFileDetailed(fixture('plate-hole-pocket.step'));
      const { result, part } = await analyzer.analyzeDetailed(writeBinaryStl(brep!.mesh), { name: 'plate.stl' });
      expect(result.part!.faces).toHaveLength(0);
      const segments = result.recognition!.faces;
      expect(segments.some((f) => f.triangles && f.triangles.length > 0)).toBe(true);
      const data = createThreeGeometryData(part!.mesh);
      const view = createFeatureMesh(result, data);
      expect(view.materials.every((m) => m.flatShading)).toBe(true);
      const classOfTriangle = new Map<number, string>();
      for (const f of segments) for (const t of f.triangles ?? []) classOfTriangle.set(t, f.className);
      // Whatever order the mesh is drawn in, each picked triangle reports the class of the segment listing it.
      let checked = 0;
      for (const g of view.mesh.geometry.groups) {
        const picked = view.pickTriangle(g.start / 3);
        expect(picked).not.toBeNull();
        expect(view.legend[g.materialIndex!].className).toBe(picked!.className);
        checked++;
      }
      expect(checked).toBe(new Set([...classOfTriangle.keys()].map((t) => segments.findIndex((f) => f.triangles?.includes(t)))).size);
      expect(new Set(view.legend.map((l) => l.className))).toEqual(new Set(segments.map((f) => f.className)));
      view.dispose();
    } finally {
      await analyzer.dispose();
    }
  }, 120_000);
});
