/**
 * A reference cycle outside every solid's geometry is a warning, not a failed parse (session 20). Open CASCADE's
 * 2008 STEP exporter wrote its density validation property as `REPRESENTATION('density',(#self),…)`; the CAx-IF
 * file dm1-oc-214 (shipped in occt-import-js's test files) has one, and cadlens refused the whole file while
 * OpenCascade reads it. A cycle the solids do reach stays an error. Also: an assembly whose parts are in other files
 * says which files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPartFromStep } from '../../src/brep/index.js';
import { readStep } from '../../src/formats/step/index.js';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { defaultParseValidators } from '../../src/stages/validate/parse/index.js';
import { runStage } from '../../src/stages/validate/validator.js';

const CUBE = readFileSync(fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url)), 'utf8');

/** The cube fixture with extra entities appended before its DATA section ends. */
function cubeWith(extra: string): Uint8Array {
  const at = CUBE.lastIndexOf('ENDSEC;');
  return new TextEncoder().encode(CUBE.slice(0, at) + extra + '\n' + CUBE.slice(at));
}

async function parseFindings(bytes: Uint8Array) {
  const step = readStep(bytes);
  const part = buildPartFromStep(step);
  return runStage('parse', defaultParseValidators, { format: 'step', step, part });
}

describe('reference cycles and the solids', () => {
  it('a self-listing property representation beside a good solid: warning PARSE_DETACHED_REFERENCE_CYCLE, not an error', async () => {
    const r = await parseFindings(cubeWith("#9001=REPRESENTATION('density',(#9001),#9002);\n#9002=REPRESENTATION_CONTEXT('','');"));
    // (the Part here has no tessellation, hence PARSE_NO_TRIANGLES; the whole analysis below passes)
    const cycles = r.findings.filter((f) => /CYCLE/.test(f.code));
    expect(cycles.map((f) => [f.code, f.severity])).toEqual([['PARSE_DETACHED_REFERENCE_CYCLE', 'warning']]);
    expect(cycles[0].entityIds?.[0]).toBe(9001);
    expect(cycles[0].message).toMatch(/refers to itself; no solid's geometry reaches it/);
  });

  it('a cycle without any built solid stays an error', async () => {
    const step = readStep(cubeWith("#9001=REPRESENTATION('density',(#9001),#9002);\n#9002=REPRESENTATION_CONTEXT('','');"));
    const r = await runStage('parse', defaultParseValidators, { format: 'step', step, part: null, buildError: new Error('x') });
    expect(r.findings.find((f) => f.code === 'STEP_REFERENCE_CYCLE')?.severity).toBe('error');
  });
});

const DM1_OC = fileURLToPath(new URL('../../node_modules/occt-import-js/test/testfiles/cax-if/dm1-oc-214.stp', import.meta.url));

describe.skipIf(!existsSync(DM1_OC))('CAx-IF dm1-oc-214 (Open CASCADE 2008; occt-import-js test file), whole analysis', () => {
  const analyzer = createNodeAnalyzer();
  afterAll(() => analyzer.dispose());
  it('parses with the warning and is recognized solid by solid', async () => {
    const result = await analyzer.analyzeFile(DM1_OC);
    const parse = result.stages.find((s) => s.name === 'parse')!;
    expect(parse.passed).toBe(true);
    expect(parse.findings.map((f) => f.code)).toContain('PARSE_DETACHED_REFERENCE_CYCLE');
    expect(result.recognition?.faces.length).toBe(31);
    expect(new Set(result.recognition?.faces.map((f) => f.solid))).toEqual(new Set([0, 1, 2]));
  }, 120_000);
});

const FOOT = fileURLToPath(new URL('../../node_modules/occt-import-js/test/testfiles/cax-if/s1-c5-214/FOOT.stp', import.meta.url));

describe('an assembly whose parts are in other files (session 20)', () => {
  it('PARSE_NO_SOLID_OR_SHELL names the files the assembly refers to', async () => {
    const step = readStep(
      new TextEncoder().encode(
        "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\nDATA;\n" +
          "#1=DOCUMENT_TYPE('geometry');\n#2=DOCUMENT_FILE('bracket.stp','','',#1,'',$);\n#3=DOCUMENT_FILE('bolt.stp','','',#1,'',$);\n#4=DOCUMENT_FILE('bracket.stp','','',#1,'',$);\n" +
          'ENDSEC;\nEND-ISO-10303-21;\n',
      ),
    );
    const r = await runStage('parse', defaultParseValidators, { format: 'step', step, part: buildPartFromStep(step) });
    const f = r.findings.find((x) => x.code === 'PARSE_NO_SOLID_OR_SHELL')!;
    expect(f.severity).toBe('error');
    expect(f.message).toBe('no solid or shell in the file: it references 2 other file(s) for its geometry (bracket.stp, bolt.stp); analyse those files');
    expect(f.entityIds).toEqual([2, 3]);
  });

  it.skipIf(!existsSync(FOOT))('CAx-IF s1-c5-214 FOOT.stp (CATIA V5 assembly of two part files), whole analysis', async () => {
    const analyzer = createNodeAnalyzer();
    try {
      const result = await analyzer.analyzeFile(FOOT);
      const f = result.stages.find((s) => s.name === 'parse')!.findings.find((x) => x.code === 'PARSE_NO_SOLID_OR_SHELL');
      expect(f?.message).toMatch(/references 2 other file\(s\) for its geometry \(FOOT_FRONT_000\.stp, FOOT_BACK_000\.stp\)/);
    } finally {
      await analyzer.dispose();
    }
  }, 120_000);
});
