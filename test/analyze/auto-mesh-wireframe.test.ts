import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { codes, countingTessellator, stage } from '../support/counting-tessellator.js';
import { createHeuristicRecognizer } from '../../src/stages/recognize/tier2-heuristics/index.js';

// NIST's test parts (and many PMI exports) carry GEOMETRIC_CURVE_SET / GEOMETRIC_SET items of curves and points
// next to their solids. The STEP reader does not model them (PARSE_UNSUPPORTED_ENTITY stays), but they have no
// triangles in OpenCascade's mesh either, so under mesh: 'auto' they are no reason to tessellate; a set that holds
// a surface still is. The same holds for presentation / PMI items (AP242's draughting callouts, annotation planes,
// camera models, style overrides: NIST's ap242 parts) and for supplemental construction geometry (a surface model
// listed only by a CONSTRUCTIVE_GEOMETRY_REPRESENTATION, which OpenCascade does not import). The files are the
// project's cube fixture with such items added.
const cube = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)), 'utf8');

/** The cube with `lines` (entity lines, ids from #900) added to its data section. */
function cubePlus(lines: string[]): string {
  return cube.replace('ENDSEC;\nEND-ISO-10303-21;', `${lines.join('\n')}\nENDSEC;\nEND-ISO-10303-21;`);
}

/** The cube with `itemLines` (ids from #900) added, #900 as an item of its shape representation. */
function cubeWith(itemLines: string[]): Uint8Array {
  const text = cubePlus(itemLines).replace("#128=ADVANCED_BREP_SHAPE_REPRESENTATION('cube',(#126,#127),#12);", "#128=ADVANCED_BREP_SHAPE_REPRESENTATION('cube',(#126,#127,#900),#12);");
  expect(text).toContain('#900=');
  return new TextEncoder().encode(text);
}

/**
 * AP242 presentation of PMI in a DRAUGHTING_MODEL (as NIST's ap242 files write it, a complex instance with
 * SHAPE_REPRESENTATION and TESSELLATED_SHAPE_REPRESENTATION): a camera model, an annotation plane holding a callout of an
 * annotation curve, and a colour override of the top face's style.
 */
const PMI = [
  "#910=PLANAR_BOX('',50.,50.,#16);",
  "#911=VIEW_VOLUME(.CENTRAL.,#13,100.,1.,.T.,1000.,.T.,.T.,#910);",
  "#912=CAMERA_MODEL_D3('view',#16,#911);",
  "#913=ANNOTATION_CURVE_OCCURRENCE('',(),#904);",
  "#914=DRAUGHTING_CALLOUT('dim',(#913));",
  "#915=ANNOTATION_PLANE('',(),#17,(#914));",
  "#916=STYLED_ITEM('',(),#76);",
  "#917=OVER_RIDING_STYLED_ITEM('',(),#76,#916);",
  "#918=(DRAUGHTING_MODEL()REPRESENTATION('pmi',(#912,#914,#915,#917),#12)SHAPE_REPRESENTATION()TESSELLATED_SHAPE_REPRESENTATION());",
];

/** A construction plane (one square face at z = 20) as a surface model in the cube's supplemental geometry. */
const SUPPLEMENTAL = [
  "#930=CARTESIAN_POINT('',(0.,0.,20.));",
  "#931=AXIS2_PLACEMENT_3D('',#930,#48,#26);",
  "#932=PLANE('',#931);",
  "#933=CARTESIAN_POINT('',(10.,0.,20.));",
  "#934=CARTESIAN_POINT('',(10.,10.,20.));",
  "#935=CARTESIAN_POINT('',(0.,10.,20.));",
  "#936=POLY_LOOP('',(#930,#933,#934,#935));",
  "#937=VERTEX_POINT('',#930);",
  "#938=VERTEX_POINT('',#933);",
  "#939=VERTEX_POINT('',#934);",
  "#940=VERTEX_POINT('',#935);",
  "#941=EDGE_CURVE('',#937,#938,#942,.T.);",
  "#942=LINE('',#930,#54);",
  "#943=EDGE_CURVE('',#938,#939,#944,.T.);",
  "#944=LINE('',#933,#59);",
  "#945=EDGE_CURVE('',#939,#940,#946,.T.);",
  "#946=LINE('',#934,#64);",
  "#947=EDGE_CURVE('',#940,#937,#948,.T.);",
  "#948=LINE('',#935,#67);",
  "#949=EDGE_LOOP('',(#950,#951,#952,#953));",
  "#950=ORIENTED_EDGE('',*,*,#941,.T.);",
  "#951=ORIENTED_EDGE('',*,*,#943,.T.);",
  "#952=ORIENTED_EDGE('',*,*,#945,.T.);",
  "#953=ORIENTED_EDGE('',*,*,#947,.T.);",
  "#954=FACE_OUTER_BOUND('',#949,.T.);",
  "#955=ADVANCED_FACE('passing plane',(#954),#932,.T.);",
  "#956=OPEN_SHELL('Passing Plane.1',(#955));",
  "#957=SHELL_BASED_SURFACE_MODEL('',(#956));",
  "#958=CONSTRUCTIVE_GEOMETRY_REPRESENTATION('supplemental geometry',(#957),#12);",
  "#959=CONSTRUCTIVE_GEOMETRY_REPRESENTATION_RELATIONSHIP('supplemental geometry','',#128,#958);",
];

const LINE = ["#901=CARTESIAN_POINT('',(0.,0.,20.));", "#902=DIRECTION('',(1.,0.,0.));", "#903=VECTOR('',#902,1.);", "#904=LINE('',#901,#903);"];

describe("mesh: 'auto' and wireframe sets, PMI and supplemental geometry next to the solid (real reader, real OpenCascade worker)", () => {
  const tessellator = countingTessellator();
  const auto = createNodeAnalyzer({ mesh: 'auto', tessellator, recognizers: [createHeuristicRecognizer()] });
  const always = createNodeAnalyzer({ mesh: 'always', tessellator, recognizers: [createHeuristicRecognizer()] });
  afterAll(async () => {
    await auto.dispose();
    await always.dispose();
  });

  it('a GEOMETRIC_CURVE_SET or a GEOMETRIC_SET of curves and points: reported, not tessellated', async () => {
    for (const set of ["#900=GEOMETRIC_CURVE_SET('pmi',(#904,#901));", "#900=GEOMETRIC_SET('pmi',(#904,#901));"]) {
      const before = tessellator.calls;
      const r = await auto.analyze(cubeWith([...LINE, set]), { name: 'cube-with-set.step' });
      expect(tessellator.calls).toBe(before);
      expect(codes(r, 'parse')).toContain('PARSE_UNSUPPORTED_ENTITY');
      expect(codes(r, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
      expect(r.part!.counts.faces).toBe(6);
    }
  });

  it('a GEOMETRIC_SET that holds a surface is tessellated (OpenCascade may mesh it)', async () => {
    const before = tessellator.calls;
    const plane = ["#905=AXIS2_PLACEMENT_3D('',#901,$,$);", "#906=PLANE('',#905);"];
    const r = await auto.analyze(cubeWith([...LINE, ...plane, "#900=GEOMETRIC_SET('loose',(#904,#906));"]), { name: 'cube-with-surface-set.step' });
    expect(tessellator.calls).toBe(before + 1);
    expect(stage(r, 'parse').findings.find((f) => f.code === 'PARSE_MESH_BUILT')?.message).toContain('did not understand 1 entity');
  });

  it('presentation / PMI items (callout, annotation plane, camera model, style override): reported as not shape, not tessellated', async () => {
    const before = tessellator.calls;
    const r = await auto.analyze(new TextEncoder().encode(cubePlus([...LINE, ...PMI])), { name: 'cube-with-pmi.step' });
    expect(tessellator.calls).toBe(before);
    const unsupported = stage(r, 'parse').findings.filter((f) => f.code === 'PARSE_UNSUPPORTED_ENTITY');
    expect(unsupported.map((f) => f.message.split(' ')[1]).sort()).toEqual(['ANNOTATION_PLANE', 'CAMERA_MODEL_D3', 'DRAUGHTING_CALLOUT', 'OVER_RIDING_STYLED_ITEM']);
    for (const f of unsupported) expect(f.message).toContain('presentation / PMI (ISO 10303-46), not part of the shape');
    expect(codes(r, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
    expect(r.part!.counts.faces).toBe(6);
  });

  it("supplemental geometry: reported as not shape, not tessellated; OpenCascade's mesh has no triangles for it either", async () => {
    const before = tessellator.calls;
    const text = cubePlus(SUPPLEMENTAL);
    const r = await auto.analyze(new TextEncoder().encode(text), { name: 'cube-with-supplemental.step' });
    expect(tessellator.calls).toBe(before);
    const finding = stage(r, 'parse').findings.find((f) => f.code === 'PARSE_UNSUPPORTED_ENTITY');
    expect(finding?.message).toBe('1 SHELL_BASED_SURFACE_MODEL entity not modelled (first met as supplemental geometry (CONSTRUCTIVE_GEOMETRY_REPRESENTATION #958), not part of the shape)');
    expect(codes(r, 'parse')).toContain('PARSE_MESH_NOT_BUILT');
    expect(r.part!.counts.faces).toBe(6);
    // OpenCascade imports the same six faces: the construction plane adds no triangle to its mesh.
    const meshed = await always.analyze(new TextEncoder().encode(text), { name: 'cube-with-supplemental.step' });
    const plain = await always.analyze(new TextEncoder().encode(cube), { name: 'cube.step' });
    expect(meshed.part!.counts.faces).toBe(6);
    expect(meshed.part!.counts.triangles).toBeGreaterThan(0);
    expect(meshed.part!.counts.triangles).toBe(plain.part!.counts.triangles);
  });
});
