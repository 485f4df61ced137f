import { describe, expect, it } from 'vitest';
import { classifyStepSchema, createFormatContext, defaultFormatValidators } from '../../src/stages/validate/format/index.js';
import { runStage } from '../../src/stages/validate/validator.js';

const enc = (s: string) => new TextEncoder().encode(s);
const GOOD = `ISO-10303-21;
HEADER;
FILE_DESCRIPTION(('cube'),'2;1');
FILE_NAME('cube.step','2026-01-01T00:00:00',('a'),('b'),'pp','sys','');
FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));
ENDSEC;
DATA;
#1=CARTESIAN_POINT('it''s',(0.,0.,0.));
#2=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));
ENDSEC;
END-ISO-10303-21;
`;

async function run(text: string | Uint8Array) {
  return runStage('format', defaultFormatValidators, createFormatContext(typeof text === 'string' ? enc(text) : text));
}
const problems = (r: { findings: { code: string; severity: string }[] }) =>
  r.findings.filter((f) => f.severity !== 'info').map((f) => f.code);

describe('format stage', () => {
  it('a well-formed AP214 file passes with the schema reported', async () => {
    const r = await run(GOOD);
    expect(r.passed).toBe(true);
    expect(r.findings).toEqual([{ code: 'FORMAT_SCHEMA', severity: 'info', message: 'schema: AP214' }]);
  });
  const cases: [string, (s: string) => string, string[], boolean][] = [
    ['missing magic', (s) => s.replace('ISO-10303-21;\n', ''), ['FORMAT_MISSING_MAGIC'], false],
    ['missing END-ISO', (s) => s.replace('END-ISO-10303-21;\n', ''), ['FORMAT_MISSING_END'], false],
    ['missing HEADER', (s) => s.replace(/HEADER;[\s\S]*?ENDSEC;\n/, ''), ['FORMAT_HEADER_MISSING'], false],
    ['missing DATA section', (s) => s.replace(/DATA;[\s\S]*?ENDSEC;\n/, ''), ['FORMAT_DATA_MISSING'], false],
    ['DATA without ENDSEC', (s) => s.replace(/ENDSEC;\nEND-ISO/, 'END-ISO'), ['FORMAT_ENDSEC_MISSING'], false],
    ['missing FILE_NAME', (s) => s.replace(/FILE_NAME.*\n/, ''), ['FORMAT_HEADER_ENTITY_MISSING'], false],
    ['missing FILE_SCHEMA', (s) => s.replace(/FILE_SCHEMA.*\n/, ''), ['FORMAT_HEADER_ENTITY_MISSING'], false],
    ['header records out of order', (s) => s.replace(/(FILE_DESCRIPTION.*\n)(FILE_NAME.*\n)/, '$2$1'), ['FORMAT_HEADER_ORDER'], true],
    ['unknown schema', (s) => s.replace('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }', 'MY_SCHEMA'), ['FORMAT_SCHEMA_UNKNOWN'], true],
    ['empty schema', (s) => s.replace("('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }')", "('')"), ['FORMAT_SCHEMA_EMPTY'], true],
    ['IFC schema', (s) => s.replace('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }', 'IFC4'), ['FORMAT_SCHEMA_NOT_CAD'], false],
    ['unterminated string', (s) => s.replace("'it''s'", "'it''s"), ['FORMAT_UNTERMINATED_STRING', 'FORMAT_MISSING_END'], false],
    ['unterminated comment', (s) => s.replace('#1=', '/* oops\n#1='), ['FORMAT_UNTERMINATED_COMMENT', 'FORMAT_MISSING_END'], false],
    ['missing semicolon', (s) => s.replace('0.));\n#2', '0.))\n#2'), ['FORMAT_MISSING_SEMICOLON'], false],
    ['unbalanced parentheses', (s) => s.replace('(0.,0.,0.)', '(0.,0.,0.'), ['FORMAT_UNBALANCED_PARENS'], false],
    ['lower-case keyword', (s) => s.replace('#1=CARTESIAN_POINT', '#1=cartesian_point'), ['FORMAT_LOWERCASE_KEYWORD'], false],
    ['entity inside HEADER', (s) => s.replace('ENDSEC;\nDATA;', '#9=FOO();\nENDSEC;\nDATA;'), ['FORMAT_STRAY_STATEMENT'], false],
    ['entity after the last ENDSEC', (s) => s.replace('ENDSEC;\nEND-ISO', 'ENDSEC;\n#9=FOO();\nEND-ISO'), ['FORMAT_STRAY_STATEMENT'], false],
    ['empty DATA', (s) => s.replace(/DATA;[\s\S]*?ENDSEC;/, 'DATA;\nENDSEC;'), ['FORMAT_DATA_EMPTY'], true],
    ['trailing content', (s) => `${s}garbage`, ['FORMAT_TRAILING_CONTENT'], true],
    ['non-ASCII UTF-8 in a string', (s) => s.replace("'cube'", "'Würfel'"), ['FORMAT_NON_ASCII'], true],
    ['control character', (s) => s.replace("'cube'", "'cu\u0001be'"), ['FORMAT_CONTROL_CHARACTERS'], true],
  ];
  for (const [name, edit, expected, passed] of cases) {
    it(`${name}: ${expected.join(', ') || 'header record'}`, async () => {
      const r = await run(edit(GOOD));
      expect(problems(r)).toEqual(expected);
      expect(r.passed).toBe(passed);
    });
  }
  it('a stray or unterminated entity instance is named by its #id in the message', async () => {
    const inHeader = await run(GOOD.replace('ENDSEC;\nDATA;', '#9=FOO();\nENDSEC;\nDATA;'));
    expect(inHeader.findings.find((f) => f.code === 'FORMAT_STRAY_STATEMENT')?.message).toBe(
      '1 statement(s) outside their section or unterminated (first: #9)',
    );
    const truncated = await run(GOOD.slice(0, GOOD.indexOf('#2=') + 20));
    const stray = truncated.findings.find((f) => f.code === 'FORMAT_STRAY_STATEMENT')!;
    expect(stray.message).toMatch(/\(first: #2\)$/);
    expect(stray.location).toEqual({ line: 9, column: 1 });
  });
  it('Latin-1 bytes: non-ASCII and invalid UTF-8 warnings with a line/column', async () => {
    const b = enc(GOOD.replace("'cube'", "'cube?'"));
    b[b.indexOf(0x3f)] = 0xe4; // 'ä' in ISO 8859-1
    const r = await run(b);
    expect(problems(r)).toEqual(['FORMAT_NON_ASCII', 'FORMAT_INVALID_UTF8']);
    expect(r.findings.find((f) => f.code === 'FORMAT_INVALID_UTF8')?.location).toEqual({ line: 3, column: 24 });
  });
  it('UTF-8 BOM: warning, still compliant otherwise', async () => {
    const r = await run(new Uint8Array([0xef, 0xbb, 0xbf, ...enc(GOOD)]));
    expect(problems(r)).toEqual(['FORMAT_BOM']);
    expect(r.passed).toBe(true);
  });
  it('several DATA sections and an edition-3 DATA with parameters are fine', async () => {
    const r = await run(GOOD.replace('ENDSEC;\nEND-ISO', "ENDSEC;\nDATA('second',('AUTOMOTIVE_DESIGN'));\n#10=FOO();\nENDSEC;\nEND-ISO"));
    expect(problems(r)).toEqual([]);
  });
  it('non-STEP formats: only FORMAT_NOT_APPLICABLE (info)', async () => {
    const r = await runStage('format', defaultFormatValidators, createFormatContext(enc('IGES'), { format: 'iges' }));
    expect(r).toMatchObject({ passed: true });
    expect(r.findings.map((f) => f.code)).toEqual(['FORMAT_NOT_APPLICABLE']);
  });
  it('classifies schema names', () => {
    expect(classifyStepSchema('CONFIG_CONTROL_DESIGN')).toBe('AP203');
    expect(classifyStepSchema('AP203_CONFIGURATION_CONTROLLED_3D_DESIGN_OF_MECHANICAL_PARTS_AND_ASSEMBLIES_MIM_LF { 1 0 10303 403 1 1 4 }')).toBe('AP203e2');
    expect(classifyStepSchema('automotive_design_cc2')).toBe('AP214');
    expect(classifyStepSchema('AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF { 1 0 10303 442 1 1 4 }')).toBe('AP242');
    expect(classifyStepSchema('IFC2X3')).toBe('IFC');
    expect(classifyStepSchema('XYZ')).toBe('unknown');
  });
});
