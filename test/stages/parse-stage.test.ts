import { describe, expect, it } from 'vitest';
import { CadlensError } from '../../src/errors/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { defaultParseValidators, type ParseContext } from '../../src/stages/validate/parse/index.js';
import { runStage } from '../../src/stages/validate/validator.js';
import { cubePart } from './helpers.js';

const run = (ctx: ParseContext) => runStage('parse', defaultParseValidators, ctx);
const codes = (r: { findings: { code: string; severity: string }[] }) =>
  r.findings.map((f) => `${f.code}${f.severity === 'warning' ? '?' : f.severity === 'info' ? '!' : ''}`);
const step = (data: string) =>
  `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;

describe('parse stage', () => {
  it('a good Part passes with no findings', async () => {
    const r = await run({ format: 'step', part: cubePart() });
    expect(r).toMatchObject({ name: 'parse', passed: true, findings: [] });
  });
  it('a reader error becomes a finding with its code, line, column and entity', async () => {
    const err = new CadlensError('STEP_UNTERMINATED_STRING', 'string never closed', {
      location: { line: 12, column: 5, offset: 300 },
      entityId: 42,
    });
    const r = await run({ format: 'step', step: null, readError: err });
    expect(r.passed).toBe(false);
    expect(r.findings).toEqual([
      {
        code: 'STEP_UNTERMINATED_STRING',
        severity: 'error',
        message: 'STEP reader: string never closed',
        location: { line: 12, column: 5 },
        entityIds: [42],
      },
    ]);
  });
  it('a real read with a dangling reference: STEP_DANGLING_REFERENCE with the entity id', async () => {
    const file = readStep(step("#1=CARTESIAN_POINT('',(0.,0.,0.));\n#2=VERTEX_POINT('',#99);"));
    const r = await run({ format: 'step', step: file });
    expect(codes(r)).toEqual(['STEP_DANGLING_REFERENCE']);
    expect(r.findings[0].entityIds?.[0]).toBe(2);
    expect(r.findings[0].location).toMatchObject({ line: 9 });
  });
  it('a real read with a reference cycle: STEP_REFERENCE_CYCLE', async () => {
    const file = readStep(step("#1=ORIENTED_EDGE('',*,*,#1,.T.);"));
    const r = await run({ format: 'step', step: file });
    expect(codes(r)).toEqual(['STEP_REFERENCE_CYCLE']);
  });
  it('no solid or shell: PARSE_NO_SOLID_OR_SHELL', async () => {
    const part = cubePart();
    part.solids = [];
    part.shells = [];
    part.faces = [];
    part.mesh.indices = new Uint32Array(0);
    expect(codes(await run({ format: 'step', part }))).toEqual(['PARSE_NO_SOLID_OR_SHELL']);
  });
  it('a builder error carries its code', async () => {
    const r = await run({ format: 'step', part: null, buildError: new CadlensError('PART_NO_GEOMETRY', 'nothing to build') });
    expect(codes(r)).toEqual(['PART_NO_GEOMETRY']);
  });
  it('a tessellation failure carries its code; face mapping is then not judged', async () => {
    const r = await run({ format: 'step', part: cubePart(), tessellationError: new CadlensError('OCCT_TRAP', 'wasm trap') });
    expect(codes(r)).toEqual(['OCCT_TRAP']);
  });
  it('faces without triangles: PARSE_NO_TRIANGLES when none, PARSE_FACE_UNMAPPED per face otherwise', async () => {
    const empty = cubePart();
    empty.mesh.indices = new Uint32Array(0);
    expect(codes(await run({ format: 'step', part: empty }))).toEqual(['PARSE_NO_TRIANGLES']);
    const part = cubePart();
    part.faces[2].triangles = null;
    part.faces[2].mapping = { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null };
    part.faces[4].mapping = { status: 'unmapped', occtFaceIndex: -1, maxDeviationMm: null };
    part.faces[5].mapping = { status: 'geometric', occtFaceIndex: 5, maxDeviationMm: 0 };
    const r = await run({ format: 'step', part });
    expect(codes(r)).toEqual(['PARSE_FACE_UNMAPPED', 'PARSE_FACE_UNMAPPED', 'PARSE_FACES_MAPPED_GEOMETRICALLY!']);
    expect(r.findings[0]).toMatchObject({ entityIds: [3002], location: { faceIndex: 2 } });
    expect(r.findings[0].message).toContain('no triangles');
    expect(r.findings[1].message).toContain('could not be matched');
  });
  it('unsupported entities are grouped by type as warnings', async () => {
    const part = cubePart();
    part.unsupported = [
      { stepId: 7, entityType: 'RECTANGULAR_TRIMMED_SURFACE', context: 'face #3000 surface' },
      { stepId: 8, entityType: 'RECTANGULAR_TRIMMED_SURFACE', context: 'face #3001 surface' },
      { stepId: 9, entityType: 'DEGENERATE_PCURVE', context: 'edge #2000' },
    ];
    const r = await run({ format: 'step', part });
    expect(r.passed).toBe(true);
    expect(codes(r)).toEqual(['PARSE_UNSUPPORTED_ENTITY?', 'PARSE_UNSUPPORTED_ENTITY?']);
    expect(r.findings[0]).toMatchObject({ entityIds: [7, 8] });
    expect(r.findings[0].message).toBe('2 RECTANGULAR_TRIMMED_SURFACE entities not modelled (first met as face #3000 surface)');
  });
});
