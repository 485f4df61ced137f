/**
 * The hand-authored fixtures of test/fixtures/step (see generate.ts there for their geometry), built into
 * Parts; every expected number below is worked out by hand from that description.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { isCadlensError } from '../../src/errors/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { edgeParameterRange, elementaryParameters, evaluateSurface, transformPoint } from '../../src/geometry/index.js';
import type { Part, UnsupportedEntity, Vec3 } from '../../src/model/index.js';

const dir = fileURLToPath(new URL('../fixtures/step/', import.meta.url));
const text = (name: string) => readFileSync(`${dir}${name}.step`, 'utf8');
const build = (name: string) => buildPartFromStep(readStep(text(name)));
const fromText = (t: string) => buildPartFromStep(readStep(t));
const faceByName = (p: Part, name: string) => {
  const f = p.faces.find((x) => x.name === name);
  if (!f) throw new Error(`no face ${name}`);
  return f;
};
const arcBetween = (p: Part, a: string, b: string) => {
  const i = faceByName(p, a).index;
  const j = faceByName(p, b).index;
  return p.aag.arcs.find((x) => x.a === Math.min(i, j) && x.b === Math.max(i, j));
};
const counts = (p: Part) => {
  const c: Record<string, number> = {};
  for (const a of p.aag.arcs) c[a.convexity] = (c[a.convexity] ?? 0) + 1;
  return c;
};
const closeVec = (a: Vec3, b: Vec3, digits = 9) => b.forEach((x, k) => expect(a[k]).toBeCloseTo(x, digits));

/** For each edge used by two faces: +1 when the two coedges run in opposite directions (a valid closed shell). */
function coedgeDirections(p: Part): Map<number, boolean[]> {
  const m = new Map<number, boolean[]>();
  for (const f of p.faces) for (const b of f.bounds) for (const c of b.coedges) m.set(c.edge, [...(m.get(c.edge) ?? []), c.forward]);
  return m;
}

function expectErrorCode(fn: () => unknown, code: string, entityId?: number): void {
  try {
    fn();
  } catch (e) {
    expect(isCadlensError(e), String(e)).toBe(true);
    if (isCadlensError(e)) {
      expect(e.code).toBe(code);
      if (entityId !== undefined) expect(e.entityId).toBe(entityId);
    }
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('cube (10 mm)', () => {
  const p = build('cube');
  it('has 1 solid, 1 closed shell, 6 planar faces, 12 edges of 10 mm, 8 vertices', () => {
    expect(p.solids).toHaveLength(1);
    expect(p.solids[0].kind).toBe('manifold_solid_brep');
    expect(p.shells).toEqual([expect.objectContaining({ kind: 'closed', faces: [0, 1, 2, 3, 4, 5], solid: 0 })]);
    expect(p.faces.map((f) => f.name)).toEqual(['bottom', 'top', 'front', 'back', 'left', 'right']);
    expect(p.faces.every((f) => f.surfaceType === 'plane' && f.sameSense && !f.reversed && f.shell === 0)).toBe(true);
    expect(p.edges).toHaveLength(12);
    expect(p.vertices).toHaveLength(8);
    for (const e of p.edges) {
      expect(e.curve.type).toBe('line');
      expect(e.lengthMm).toBeCloseTo(10, 12);
      expect(e.faces).toHaveLength(2);
    }
    expect(p.summary).toMatchObject({ faceCount: 6, edgeCount: 12, vertexCount: 8, solidCount: 1, shellCount: 1, countsBySurfaceType: { plane: 6 }, volumeMm3: null, triangleCount: 0 });
    expect(p.summary.bbox).toEqual({ min: [0, 0, 0], max: [10, 10, 10] });
    expect(p.units).toEqual({ lengthUnit: 'millimetre', lengthToMm: 1, angleUnit: 'radian', angleToRad: 1 });
    expect(p.assembly).toBeNull();
    expect(p.unsupported).toEqual([]);
  });
  it('every face has its STEP id and the ADVANCED_FACE name; mesh fields are left for tessellation', () => {
    const t = text('cube');
    for (const f of p.faces) expect(t).toContain(`#${f.stepId}=ADVANCED_FACE('${f.name}',`);
    for (const f of p.faces) {
      expect(f.triangles).toBeNull();
      expect(f.mapping).toEqual({ status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null });
      expect(f.area).toBe(0);
    }
    expect(faceByName(p, 'top').bbox).toEqual({ min: [0, 0, 10], max: [10, 10, 10] });
    expect(p.mesh.indices.length).toBe(0);
  });
  it('plane frames follow AXIS2_PLACEMENT_3D (top: origin (0,0,10), Z +z, X +x)', () => {
    const top = faceByName(p, 'top').surface!;
    expect(top.type).toBe('plane');
    if (top.type === 'plane') {
      closeVec(top.frame.origin, [0, 0, 10]);
      closeVec(top.frame.z, [0, 0, 1]);
      closeVec(top.frame.x, [1, 0, 0]);
      closeVec(top.frame.y, [0, 1, 0]);
    }
  });
  it('each edge is used by its two faces in opposite directions', () => {
    for (const dirs of coedgeDirections(p).values()) expect(dirs.sort()).toEqual([false, true]);
  });
  it('AAG: 12 convex arcs of 90°, each 10 mm; every face has 4 neighbours; top and bottom are not adjacent', () => {
    expect(p.aag.faceCount).toBe(6);
    expect(p.aag.arcs).toHaveLength(12);
    for (const a of p.aag.arcs) {
      expect(a.convexity).toBe('convex');
      expect(a.dihedralDeg).toBeCloseTo(90, 9);
      expect(a.lengthMm).toBeCloseTo(10, 12);
      expect(a.edges).toHaveLength(1);
    }
    expect(p.aag.neighbours.map((n) => n.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(arcBetween(p, 'top', 'bottom')).toBeUndefined();
    expect(p.aag.nonManifoldEdges).toEqual([]);
  });
  it('the Part is JSON-serializable apart from the typed-array mesh', () => {
    const { mesh: _mesh, ...rest } = p;
    expect(JSON.parse(JSON.stringify(rest)).faces[0].stepId).toBe(p.faces[0].stepId);
  });
});

describe('AP242 header cube', () => {
  it('reads the AP242 schema and builds the same topology', () => {
    const file = readStep(text('cube-ap242'));
    expect(file.header.schemas[0]).toContain('AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF');
    const p = buildPartFromStep(file);
    expect([p.faces.length, p.edges.length, p.vertices.length, p.aag.arcs.length]).toEqual([6, 12, 8, 12]);
  });
});

describe('inch / degree units', () => {
  const p = build('cube-inch');
  it('a 1-inch cube becomes 25.4 mm', () => {
    expect(p.units.lengthUnit).toBe('inch');
    expect(p.units.lengthToMm).toBeCloseTo(25.4, 12);
    expect(p.units.angleUnit).toBe('degree');
    expect(p.units.angleToRad).toBeCloseTo(Math.PI / 180, 14);
    expect(p.summary.bbox.max).toEqual([25.4, 25.4, 25.4]);
    for (const e of p.edges) expect(e.lengthMm).toBeCloseTo(25.4, 12);
    const top = faceByName(p, 'top').surface!;
    if (top.type === 'plane') closeVec(top.frame.origin, [0, 0, 25.4]);
  });
  it('cone semi-angle written in degrees becomes radians', () => {
    const c = build('cone-frustum-deg');
    expect(c.units.angleUnit).toBe('degree');
    const cone = faceByName(c, 'cone').surface!;
    expect(cone.type).toBe('cone');
    if (cone.type !== 'cone') return;
    expect(cone.semiAngle).toBeCloseTo(Math.atan(0.5), 12);
    expect(cone.radius).toBe(5);
    // default-free frame: origin (0,0,10), axis -z, X = +x, Y = Z × X = (0,-1,0)
    closeVec(cone.frame.z, [0, 0, -1]);
    closeVec(cone.frame.y, [0, -1, 0]);
    // v = slant distance: at v = √125 the radius is 10 at z = 0
    closeVec(evaluateSurface(cone, 0, Math.sqrt(125)), [10, 0, 0]);
    closeVec(evaluateSurface(cone, Math.PI / 2, 0), [0, -5, 10]);
    const uv = elementaryParameters(cone, [0, 7.5, 5])!;
    expect(uv[0]).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(uv[1]).toBeCloseTo(Math.sqrt(125) / 2, 12);
  });
});

describe('cone frustum', () => {
  const p = build('cone-frustum-deg');
  it('3 faces, 2 closed circle edges + 1 seam; circle lengths 2πr; seam √125', () => {
    expect(p.faces.map((f) => f.surfaceType)).toEqual(['plane', 'plane', 'cone']);
    expect(p.edges).toHaveLength(3);
    expect(p.vertices).toHaveLength(2);
    const circles = p.edges.filter((e) => e.curve.type === 'circle');
    expect(circles.map((e) => e.start === e.end)).toEqual([true, true]);
    expect(circles.map((e) => e.lengthMm).sort((a, b) => a - b)).toEqual([expect.closeTo(10 * Math.PI, 9), expect.closeTo(20 * Math.PI, 9)]);
    const seam = p.edges.find((e) => e.curve.type === 'line')!;
    expect(seam.lengthMm).toBeCloseTo(Math.sqrt(125), 12);
    expect(seam.faces).toEqual([2, 2]);
  });
  it('rims are convex: top at 90° − 26.565° = 63.435°, bottom at 116.565°; the seam adds no arc', () => {
    expect(p.aag.arcs).toHaveLength(2);
    const alpha = (Math.atan(0.5) * 180) / Math.PI;
    expect(arcBetween(p, 'top', 'cone')).toMatchObject({ convexity: 'convex', dihedralDeg: expect.closeTo(90 - alpha, 6), lengthMm: expect.closeTo(10 * Math.PI, 9) });
    expect(arcBetween(p, 'bottom', 'cone')).toMatchObject({ convexity: 'convex', dihedralDeg: expect.closeTo(90 + alpha, 6), lengthMm: expect.closeTo(20 * Math.PI, 9) });
  });
});

describe('open shell', () => {
  const p = build('open-box');
  it('is a SHELL_BASED_SURFACE_MODEL with one open shell of 5 faces; the 4 rim edges have one face', () => {
    expect(p.solids[0].kind).toBe('shell_based_surface_model');
    expect(p.shells[0].kind).toBe('open');
    expect(p.faces).toHaveLength(5);
    expect(p.edges).toHaveLength(12);
    expect(p.edges.filter((e) => e.faces.length === 1)).toHaveLength(4);
    expect(p.aag.arcs).toHaveLength(8);
    expect(counts(p)).toEqual({ convex: 8 });
  });
});

describe('reversed faces', () => {
  it('a top face written inside out (same_sense .F., bound .F.) is reversed and its edges run with the neighbours', () => {
    const p = build('cube-reversed-face');
    const top = faceByName(p, 'top');
    expect(top.sameSense).toBe(false);
    expect(top.reversed).toBe(true);
    expect(top.bounds[0].orientation).toBe(false);
    const dirs = coedgeDirections(p);
    const topEdges = new Set(top.bounds[0].coedges.map((c) => c.edge));
    for (const [edge, d] of dirs) {
      if (topEdges.has(edge)) expect(d[0]).toBe(d[1]); // same direction: inconsistent orientation
      else expect(d[0]).not.toBe(d[1]);
    }
  });
  it('ORIENTED_FACE(.F.) flips the face and its loop the same way', () => {
    const p = build('cube-oriented-face');
    const top = p.faces[1];
    expect(top.name).toBe('top');
    expect(top.sameSense).toBe(true);
    expect(top.reversed).toBe(true);
    const plain = build('cube').faces[1];
    expect(top.bounds[0].coedges.map((c) => c.forward)).toEqual(plain.bounds[0].coedges.map((c) => !c.forward).reverse());
  });
  it('a valid reversed face (plane with the inward normal, same_sense .F.) keeps correct convexity', () => {
    const p = build('block-pocket');
    const wall = faceByName(p, 'wall x=30');
    expect(wall.reversed).toBe(true);
    if (wall.surface?.type === 'plane') closeVec(wall.surface.frame.z, [1, 0, 0]);
    expect(arcBetween(p, 'wall x=30', 'floor')?.convexity).toBe('concave');
    expect(arcBetween(p, 'wall x=30', 'top')?.convexity).toBe('convex');
  });
});

describe('block with a rectangular pocket', () => {
  const p = build('block-pocket');
  it('11 faces, 24 edges, 16 vertices; the top face has the pocket rim as inner bound', () => {
    expect(p.faces).toHaveLength(11);
    expect(p.edges).toHaveLength(24);
    expect(p.vertices).toHaveLength(16);
    const top = faceByName(p, 'top');
    expect(top.bounds.map((b) => [b.outer, b.coedges.length])).toEqual([[true, 4], [false, 4]]);
  });
  it('AAG: outer box edges and the rim convex, floor and wall corners concave (16 convex, 8 concave)', () => {
    expect(p.aag.arcs).toHaveLength(24);
    expect(counts(p)).toEqual({ convex: 16, concave: 8 });
    for (const w of ['wall x=10', 'wall x=30', 'wall y=10', 'wall y=20']) {
      expect(arcBetween(p, w, 'floor')?.convexity).toBe('concave');
      expect(arcBetween(p, w, 'top')?.convexity).toBe('convex');
    }
    expect(arcBetween(p, 'wall x=10', 'wall y=10')).toMatchObject({ convexity: 'concave', lengthMm: expect.closeTo(5, 12), dihedralDeg: expect.closeTo(90, 9) });
    expect(arcBetween(p, 'wall x=10', 'floor')?.lengthMm).toBeCloseTo(10, 12);
    expect(arcBetween(p, 'wall y=10', 'floor')?.lengthMm).toBeCloseTo(20, 12);
    expect(arcBetween(p, 'top', 'front')).toMatchObject({ convexity: 'convex', lengthMm: expect.closeTo(40, 12) });
    expect(p.aag.neighbours[faceByName(p, 'top').index]).toHaveLength(8);
    expect(p.aag.neighbours[faceByName(p, 'floor').index]).toHaveLength(4);
  });
});

describe('plate with a through hole', () => {
  const p = build('plate-hole');
  const hole = faceByName(p, 'hole');
  it('the hole is a reversed cylinder r=5 on the axis (20,15,z), u=0 at +x', () => {
    expect(hole.surfaceType).toBe('cylinder');
    expect(hole.reversed).toBe(true);
    const s = hole.surface!;
    if (s.type !== 'cylinder') throw new Error('not a cylinder');
    expect(s.radius).toBe(5);
    closeVec(s.frame.origin, [20, 15, 0]);
    closeVec(s.frame.x, [1, 0, 0]);
    closeVec(evaluateSurface(s, 0, 0), [25, 15, 0]);
    const uv = elementaryParameters(s, [15, 15, 5])!;
    expect(uv[0]).toBeCloseTo(Math.PI, 12);
    expect(uv[1]).toBeCloseTo(5, 12);
  });
  it('7 faces, 15 edges (2 full circles of length 10π, one seam used twice by the hole), 10 vertices', () => {
    expect(p.faces).toHaveLength(7);
    expect(p.edges).toHaveLength(15);
    expect(p.vertices).toHaveLength(10);
    const circles = p.edges.filter((e) => e.curve.type === 'circle');
    expect(circles).toHaveLength(2);
    for (const c of circles) {
      expect(c.start).toBe(c.end);
      expect(c.lengthMm).toBeCloseTo(10 * Math.PI, 12);
      const [t0, t1] = edgeParameterRange(c.curve, p.vertices[c.start].point, p.vertices[c.end].point, c.sameSense, true);
      expect(t1 - t0).toBeCloseTo(2 * Math.PI, 12);
    }
    const seam = p.edges.find((e) => e.faces.length === 2 && e.faces[0] === hole.index && e.faces[1] === hole.index);
    expect(seam?.lengthMm).toBeCloseTo(10, 12);
    expect(faceByName(p, 'top').bounds).toHaveLength(2);
  });
  it('AAG: 14 convex arcs; the hole rims are convex at 90° and 10π long; no arc for the seam', () => {
    expect(p.aag.arcs).toHaveLength(14);
    expect(counts(p)).toEqual({ convex: 14 });
    for (const f of ['top', 'bottom']) expect(arcBetween(p, f, 'hole')).toMatchObject({ convexity: 'convex', dihedralDeg: expect.closeTo(90, 9), lengthMm: expect.closeTo(10 * Math.PI, 12) });
    expect(p.aag.neighbours[hole.index]).toHaveLength(2);
  });
  it('face bbox includes the circle extremes sampled along the edges', () => {
    const top = faceByName(p, 'top');
    expect(top.bbox).toEqual({ min: [0, 0, 10], max: [40, 30, 10] });
    expect(hole.bbox.min[0]).toBeCloseTo(15, 9);
    expect(hole.bbox.max[1]).toBeCloseTo(20, 9);
  });
});

describe('block with a fillet', () => {
  const p = build('fillet-block');
  it('7 faces, 15 edges, 10 vertices (V − E + F = 2); the fillet is a cylinder r=3 on the axis (x,3,7)', () => {
    expect([p.faces.length, p.edges.length, p.vertices.length]).toEqual([7, 15, 10]);
    const f = faceByName(p, 'fillet');
    expect(f.surfaceType).toBe('cylinder');
    expect(f.reversed).toBe(false);
    if (f.surface?.type === 'cylinder') {
      closeVec(f.surface.frame.z, [1, 0, 0]);
      closeVec(evaluateSurface(f.surface, 0, 0), [0, 3, 10]);
      closeVec(evaluateSurface(f.surface, Math.PI / 2, 30), [30, 0, 7]);
    }
    const arcs = p.edges.filter((e) => e.curve.type === 'circle');
    expect(arcs.map((e) => e.lengthMm)).toEqual([expect.closeTo(1.5 * Math.PI, 12), expect.closeTo(1.5 * Math.PI, 12)]);
  });
  it('AAG: the fillet meets top and front smoothly (0°), the side faces convexly (90°); 13 convex, 2 smooth', () => {
    expect(p.aag.arcs).toHaveLength(15);
    expect(counts(p)).toEqual({ convex: 13, smooth: 2 });
    expect(arcBetween(p, 'fillet', 'top')).toMatchObject({ convexity: 'smooth', dihedralDeg: expect.closeTo(0, 6), lengthMm: expect.closeTo(30, 12) });
    expect(arcBetween(p, 'fillet', 'front')).toMatchObject({ convexity: 'smooth', dihedralDeg: expect.closeTo(0, 6) });
    expect(arcBetween(p, 'fillet', 'left')).toMatchObject({ convexity: 'convex', dihedralDeg: expect.closeTo(90, 9), lengthMm: expect.closeTo(1.5 * Math.PI, 12) });
    expect(arcBetween(p, 'fillet', 'right')?.convexity).toBe('convex');
    expect(arcBetween(p, 'top', 'front')).toBeUndefined();
  });
});

describe('two-part assembly', () => {
  const p = build('assembly-two-parts');
  const a = p.assembly!;
  it('has products ASSY, CUBE, SLAB, two instances and root ASSY', () => {
    expect(a.products.map((x) => x.name)).toEqual(['ASSY', 'CUBE', 'SLAB']);
    const [assy, cube, slab] = a.products;
    expect(assy.solids).toEqual([]);
    expect(cube.solids).toEqual([0]);
    expect(slab.solids).toEqual([1]);
    expect(a.roots).toEqual([assy.stepId]);
    expect(a.instances.map((i) => [i.parent, i.child])).toEqual([[assy.stepId, cube.stepId], [assy.stepId, slab.stepId]]);
    expect(p.solids).toHaveLength(2);
    expect(p.faces).toHaveLength(12);
    expect(p.edges).toHaveLength(24);
    expect(counts(p)).toEqual({ convex: 24 });
  });
  it('instance transforms: the cube at (100,0,0) turned +90° about z, the slab at (0,0,10)', () => {
    const [cubeInst, slabInst] = a.instances;
    closeVec(transformPoint(cubeInst.transform, [0, 0, 0]), [100, 0, 0]);
    closeVec(transformPoint(cubeInst.transform, [1, 0, 0]), [100, 1, 0]);
    closeVec(transformPoint(cubeInst.transform, [0, 1, 0]), [99, 0, 0]);
    closeVec(transformPoint(slabInst.transform, [20, 10, 5]), [20, 10, 15]);
    expect(cubeInst.transform[15]).toBe(1);
  });
});

describe('malformed entities: one consistent error policy', () => {
  const cube = text('cube');
  const plate = text('plate-hole');
  const asm = text('assembly-two-parts');
  const idOf = (t: string, re: RegExp) => Number(re.exec(t)![1]);

  it('a dangling reference → STEP_DANGLING_REFERENCE', () => {
    const faceId = idOf(cube, /#(\d+)=ADVANCED_FACE\('top'/);
    const bad = cube.replace(new RegExp(`(#${faceId}=ADVANCED_FACE\\('top',\\(#\\d+\\),)#\\d+`), '$1#99999');
    expectErrorCode(() => fromText(bad), 'STEP_DANGLING_REFERENCE');
  });
  it('a wrong-typed parameter (radius as a string) → PART_BAD_ENTITY with the entity id', () => {
    const id = idOf(plate, /#(\d+)=CYLINDRICAL_SURFACE/);
    expectErrorCode(() => fromText(plate.replace(/(CYLINDRICAL_SURFACE\('',#\d+,)5\.\)/, "$1'five')")), 'PART_BAD_ENTITY', id);
  });
  it('a missing parameter (ADVANCED_FACE without same_sense) → PART_BAD_ENTITY', () => {
    const id = idOf(cube, /#(\d+)=ADVANCED_FACE\('top'/);
    const bad = cube.replace(new RegExp(`(#${id}=ADVANCED_FACE\\('top',\\(#\\d+\\),#\\d+),\\.T\\.\\)`), '$1)');
    expectErrorCode(() => fromText(bad), 'PART_BAD_ENTITY', id);
  });
  it('a negative radius → PART_BAD_ENTITY', () => {
    expectErrorCode(() => fromText(plate.replace(/(CYLINDRICAL_SURFACE\('',#\d+,)5\.\)/, '$1-5.)')), 'PART_BAD_ENTITY');
  });
  it('an OFFSET_SURFACE whose basis is itself → STEP_REFERENCE_CYCLE', () => {
    const planeId = idOf(cube, /#(\d+)=PLANE\(/);
    const bad = cube.replace(new RegExp(`#${planeId}=PLANE\\([^;]*;`), `#${planeId}=OFFSET_SURFACE('',#${planeId},1.,.F.);`);
    expectErrorCode(() => fromText(bad), 'STEP_REFERENCE_CYCLE', planeId);
  });
  it('a NAUO making a product its own child → STEP_REFERENCE_CYCLE', () => {
    const bad = asm.replace(/(NEXT_ASSEMBLY_USAGE_OCCURRENCE\('NAUO1','instance 1','',#(\d+),)#\d+/, '$1#$2');
    expectErrorCode(() => fromText(bad), 'STEP_REFERENCE_CYCLE');
  });
  it('a product that is its own grandchild → STEP_REFERENCE_CYCLE (no stack overflow)', () => {
    // make ASSY a child of CUBE: CUBE → ASSY → CUBE
    const m = /NEXT_ASSEMBLY_USAGE_OCCURRENCE\('NAUO1','instance 1','',#(\d+),#(\d+),\$\)/.exec(asm)!;
    const bad = asm.replace("NEXT_ASSEMBLY_USAGE_OCCURRENCE('NAUO2','instance 2','',", `NEXT_ASSEMBLY_USAGE_OCCURRENCE('NAUO2','instance 2','',#${m[2]},#${m[1]},$);\n#9990=NEXT_ASSEMBLY_USAGE_OCCURRENCE('x','x','',`);
    expectErrorCode(() => fromText(bad), 'STEP_REFERENCE_CYCLE');
  });
  it('a representation related to itself → STEP_REFERENCE_CYCLE', () => {
    const rep = idOf(asm, /#(\d+)=ADVANCED_BREP_SHAPE_REPRESENTATION\('CUBE'/);
    const bad = asm.replace('END-ISO', 'X').replace(/ENDSEC;\nX/, `#9991=SHAPE_REPRESENTATION_RELATIONSHIP('','',#${rep},#${rep});\nENDSEC;\nEND-ISO`);
    expectErrorCode(() => fromText(bad), 'STEP_REFERENCE_CYCLE', 9991);
  });
  it('a MAPPED_ITEM that maps its own representation → STEP_REFERENCE_CYCLE', () => {
    const rep = idOf(asm, /#(\d+)=ADVANCED_BREP_SHAPE_REPRESENTATION\('CUBE'/);
    const origin = idOf(asm, new RegExp(`#${rep}=ADVANCED_BREP_SHAPE_REPRESENTATION\\('CUBE',\\(#\\d+,#(\\d+)\\)`));
    let bad = asm.replace(new RegExp(`(#${rep}=ADVANCED_BREP_SHAPE_REPRESENTATION\\('CUBE',\\(#\\d+,#\\d+)\\)`), '$1,#9993)');
    bad = bad.replace('END-ISO', 'X').replace(/ENDSEC;\nX/, `#9992=REPRESENTATION_MAP(#${origin},#${rep});\n#9993=MAPPED_ITEM('',#9992,#${origin});\nENDSEC;\nEND-ISO`);
    expectErrorCode(() => fromText(bad), 'STEP_REFERENCE_CYCLE', rep);
  });
  it('an unknown surface type becomes `other`, is listed in part.unsupported and reported once', () => {
    const planeId = idOf(cube, /#(\d+)=PLANE\(/);
    const bad = cube.replace(new RegExp(`#${planeId}=PLANE\\(`), `#${planeId}=FANCY_SURFACE(`);
    const seen: UnsupportedEntity[] = [];
    const p = buildPartFromStep(readStep(bad), { onUnsupported: (u) => seen.push(u) });
    expect(p.faces[0].surfaceType).toBe('other');
    expect(p.faces[0].surface).toEqual({ type: 'other', entityType: 'FANCY_SURFACE' });
    expect(p.unsupported).toEqual([{ stepId: planeId, entityType: 'FANCY_SURFACE', context: 'surface' }]);
    expect(seen).toEqual(p.unsupported);
    expect(p.aag.arcs.filter((a) => a.convexity === 'unknown')).toHaveLength(4);
  });
  it('an aborted signal → ABORTED', () => {
    const ac = new AbortController();
    ac.abort();
    expectErrorCode(() => buildPartFromStep(readStep(cube), { signal: ac.signal }), 'ABORTED');
  });
});

describe('example part: plate with a through hole and a pocket', () => {
  const p = build('plate-hole-pocket');
  it('12 faces; 26 arcs: 18 convex (box, hole rims, pocket rim), 8 concave (floor and wall corners)', () => {
    expect(p.faces).toHaveLength(12);
    expect(p.summary.countsBySurfaceType).toEqual({ plane: 11, cylinder: 1 });
    expect(faceByName(p, 'top').bounds.map((b) => b.coedges.length)).toEqual([4, 1, 4]);
    expect(p.aag.arcs).toHaveLength(26);
    expect(counts(p)).toEqual({ convex: 18, concave: 8 });
    expect(arcBetween(p, 'hole', 'top')?.convexity).toBe('convex');
    expect(arcBetween(p, 'floor', 'wall y=30')?.convexity).toBe('concave');
  });
  it('examples/parts/plate-hole-pocket.step is the same file', () => {
    const example = readFileSync(fileURLToPath(new URL('../../examples/parts/plate-hole-pocket.step', import.meta.url)), 'utf8');
    expect(example).toBe(text('plate-hole-pocket'));
  });
});

describe('generated fixtures are up to date', () => {
  it('every fixture file parses and has a header naming it', () => {
    for (const name of ['cube', 'cube-ap242', 'cube-inch', 'open-box', 'cube-reversed-face', 'cube-oriented-face', 'block-pocket', 'plate-hole', 'plate-hole-pocket', 'fillet-block', 'cone-frustum-deg', 'curve-surface-forms', 'capsule-end', 'assembly-two-parts', 'profiled-plate-notch']) {
      const f = readStep(text(name));
      expect(f.header.fileName).toBe(`${name}.step`);
    }
  });
});

describe('curve and surface forms (rational complex B-splines, trimmed circle in degrees, polyline)', () => {
  const p = build('curve-surface-forms');
  const patch = faceByName(p, 'patch');
  const edgeOfType = (t: string) => p.edges.filter((e) => e.curve.type === t);
  it('the complex-form rational B-spline surface is an exact quarter cylinder R=10', () => {
    const s = patch.surface!;
    expect(s.type).toBe('bspline');
    if (s.type !== 'bspline') return;
    expect([s.uDegree, s.vDegree, s.rational]).toEqual([2, 1, true]);
    expect(s.weights![1][0]).toBeCloseTo(Math.SQRT1_2, 12);
    for (const u of [0, 0.25, 0.5, 0.75, 1]) {
      const q = evaluateSurface(s, u, 0.5);
      expect(Math.hypot(q[0], q[1])).toBeCloseTo(10, 12);
      expect(q[2]).toBeCloseTo(5, 12);
    }
  });
  it('edges: rational B-spline arc and trimmed circle of length 5π, lines of 10, polyline of 20', () => {
    expect(p.edges).toHaveLength(5);
    const [arc] = edgeOfType('bspline');
    expect(arc.curve.type === 'bspline' && arc.curve.rational).toBe(true);
    expect(arc.lengthMm).toBeCloseTo(5 * Math.PI, 9);
    const [trim] = edgeOfType('trimmed');
    expect(trim.curve.type === 'trimmed' && [trim.curve.trim1, trim.curve.trim2]).toEqual([0, expect.closeTo(Math.PI / 2, 12)]);
    expect(trim.lengthMm).toBeCloseTo(5 * Math.PI, 12);
    expect(edgeOfType('line').map((e) => e.lengthMm)).toEqual([10, 10]);
    const [poly] = edgeOfType('polyline');
    expect(poly.lengthMm).toBeCloseTo(20, 12);
  });
  it('one open shell; patch and disk meet convexly at 90° along the arc; the other edges are free', () => {
    expect(p.shells[0].kind).toBe('open');
    expect(p.aag.arcs).toEqual([expect.objectContaining({ convexity: 'convex', dihedralDeg: expect.closeTo(90, 6), lengthMm: expect.closeTo(5 * Math.PI, 9) })]);
    expect(p.edges.filter((e) => e.faces.length === 1)).toHaveLength(4);
  });
});

describe('capsule end (sphere)', () => {
  const p = build('capsule-end');
  it('the dome is a sphere R=5 centred (0,0,10); ElSLib parameters: v = latitude', () => {
    const s = faceByName(p, 'dome').surface!;
    expect(s.type).toBe('sphere');
    if (s.type !== 'sphere') return;
    closeVec(evaluateSurface(s, 0, 0), [5, 0, 10]);
    closeVec(evaluateSurface(s, Math.PI / 2, Math.PI / 4), [0, 5 * Math.SQRT1_2, 10 + 5 * Math.SQRT1_2]);
    expect(elementaryParameters(s, [0, 0, 15])![1]).toBeCloseTo(Math.PI / 2, 12);
    expect(elementaryParameters(s, [-5, 0, 10])).toEqual([expect.closeTo(Math.PI, 12), expect.closeTo(0, 12)]);
    expect(faceByName(p, 'dome').bounds).toHaveLength(1);
  });
  it('AAG: side–dome smooth (tangent), side–bottom convex; the seam adds no arc', () => {
    expect(p.aag.arcs).toHaveLength(2);
    expect(arcBetween(p, 'side', 'dome')).toMatchObject({ convexity: 'smooth', dihedralDeg: expect.closeTo(0, 6), lengthMm: expect.closeTo(10 * Math.PI, 9) });
    expect(arcBetween(p, 'side', 'bottom')).toMatchObject({ convexity: 'convex', dihedralDeg: expect.closeTo(90, 6) });
  });
});

describe('SUBEDGE', () => {
  it('an edge written as a SUBEDGE of an EDGE_CURVE takes its parent curve and its own vertices', () => {
    const cube = text('cube');
    // replace the first EDGE_CURVE used by a loop with a SUBEDGE of a new parent EDGE_CURVE
    const m = /#(\d+)=EDGE_CURVE\('',#(\d+),#(\d+),#(\d+),\.T\.\);/.exec(cube)!;
    const [line, id, v1, v2, curve] = m;
    const t = cube
      .replace(line, `#${id}=SUBEDGE('',#${v1},#${v2},#9995);`)
      .replace('END-ISO', 'X')
      .replace(/ENDSEC;\nX/, `#9995=EDGE_CURVE('',#${v1},#${v2},#${curve},.T.);\nENDSEC;\nEND-ISO`);
    const p = fromText(t);
    const e = p.edges.find((x) => x.stepId === Number(id))!;
    expect(e.curve.type).toBe('line');
    expect(e.lengthMm).toBeCloseTo(10, 12);
    expect(counts(p)).toEqual({ convex: 12 });
  });
  it('a SUBEDGE that is its own parent → STEP_REFERENCE_CYCLE', () => {
    const cube = text('cube');
    const m = /#(\d+)=EDGE_CURVE\('',#(\d+),#(\d+),#(\d+),\.T\.\);/.exec(cube)!;
    expectErrorCode(() => fromText(cube.replace(m[0], `#${m[1]}=SUBEDGE('',#${m[2]},#${m[3]},#${m[1]});`)), 'STEP_REFERENCE_CYCLE', Number(m[1]));
  });
});
