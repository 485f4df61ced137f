import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { readStep, checkStepReferences, type StepFile, type StepReadResult } from '../../../src/formats/step/index.js';
import { NO_SHARED_REASON, SHARED_DIR } from '../../support/shared-data.js';

/*
 * checkStepReferences on a file from readStep scans each entity's bytes for references (no values
 * decoded). On any other StepFile it decodes every entity. Both must give the same report.
 */

const wrap = (data: string) =>
  `ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('X'));\nENDSEC;\nDATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;

/** The same file seen through a plain StepFile object: the reference check takes its decoding path. */
function decodingView(f: StepReadResult): StepFile & { sourceRange(id: number): { start: number; end: number } | undefined } {
  return {
    header: f.header,
    entityCount: f.entityCount,
    dataSectionCount: f.dataSectionCount,
    get: (id) => f.get(id),
    require: (id, from) => f.require(id, from),
    has: (id) => f.has(id),
    ids: () => f.ids(),
    idsOfType: (t) => f.idsOfType(t),
    locate: (o) => f.locate(o),
    sourceRange: (id) => f.sourceRange(id),
  };
}

function bothWays(text: string | Uint8Array, options: Parameters<typeof checkStepReferences>[1] = {}) {
  const scanned = readStep(text);
  const decoded = readStep(text);
  const a = checkStepReferences(scanned, options);
  const b = checkStepReferences(decodingView(decoded), options);
  return { a, b, scanned, decoded };
}

const CASES: Record<string, string> = {
  clean: "#1=A('x',(#2,#3),.T.,$,*,1.5,-2.E-3);\n#2=B(LENGTH_MEASURE(2.),\"0FF\");\n#3=(C(#2)D((#1,#4)));\n#4=E(.MILLI.,'it''s');",
  dangling: '#1=A(#2,#99,(#98));\n#2=B(#18446744073709551615);',
  cycle: '#1=A((#2));\n#2=B(T(#3));\n#3=(C(#1)D());\n#4=E(#4);',
  badNumber: '#1=A(.5);\n#2=B(1.0E+999);\n#3=C(1E);\n#4=D(#1);',
  badEscape: "#1=A('\\X2\\0\\X0\\');\n#2=B('C:\\Users',#1);\n#3=C('\\X\\E9t\\X2\\00E9\\X0\\');",
  badTokens: "#1=A(1,,2);\n#2=B(1 2);\n#3=C(1,);\n#4=D(T(1,2));\n#5=E(T 1);\n#6=F(.A);\n#7=G(\"4F\");\n#8=H(\"0FG\");\n#9=I(#);\n#10=J(?);\n#11=K(..);",
  typedEmpty: '#1=A(T());\n#2=B(U((#1)));',
  overflowEdge: `#1=A(${'9'.repeat(299)}.,1.E+307,1.E+308,1.E+309,1.E-400,${'9'.repeat(310)}.);`,
  comments: "#1=A(/* #9 */ #2 /* ' */, 'a /* #8 */ b');\n#2=B();",
};

describe('reference check: byte scan (readStep files) agrees with decoding every entity', () => {
  for (const [name, data] of Object.entries(CASES)) {
    it(`${name}: identical report and warnings`, () => {
      const { a, b, scanned, decoded } = bothWays(wrap(data));
      expect(a).toEqual(b);
      expect(scanned.warnings).toEqual(decoded.warnings);
    });
  }
  it('the scan finds decode errors: bad number, overflow, exponent without digits, bad escape', () => {
    const { a } = bothWays(wrap(CASES.badNumber!));
    expect(a.findings.map((f) => [f.code, f.entityId])).toEqual([
      ['STEP_BAD_NUMBER', 1],
      ['STEP_BAD_NUMBER', 2],
      ['STEP_BAD_NUMBER', 3],
    ]);
    expect(bothWays(wrap(CASES.overflowEdge!)).a.findings.map((f) => f.code)).toEqual(['STEP_BAD_NUMBER']);
  });
  it('the scan finds every token error (one per entity)', () => {
    const { a } = bothWays(wrap(CASES.badTokens!));
    expect(a.decodeErrorCount).toBe(11);
    expect(new Set(a.findings.map((f) => f.code))).toEqual(new Set(['STEP_BAD_PARAMETER']));
  });
  it('references inside comments and strings are not references', () => {
    expect(bothWays(wrap(CASES.comments!)).a).toMatchObject({ ok: true, referencesChecked: 1 });
  });
  it('the scan does not decode (and cache) entities without escapes; warnings are counted once', () => {
    const f = readStep(wrap("#1=A('C:\\Users',#2);\n#2=B(1.5);"));
    checkStepReferences(f);
    checkStepReferences(f);
    f.get(1);
    expect(f.warnings.find((w) => w.code === 'UNKNOWN_ESCAPE')?.count).toBe(1);
    expect(f.get(2)!.args).toEqual([1.5]);
  });
  it('after decoding, the check reads the cached entities and agrees', () => {
    const text = wrap(CASES.cycle!);
    const f = readStep(text);
    const before = checkStepReferences(f);
    f.decodeAll();
    expect(checkStepReferences(f)).toEqual(before);
  });
  it('limits: maxFindings and maxReferences stop both paths at the same place', () => {
    const data = Array.from({ length: 60 }, (_, k) => `#${k + 1}=A(#${k + 2},#${1000 + k});`).join('\n');
    for (const options of [{ maxFindings: 7 }, { maxReferences: 25 }]) {
      const { a, b } = bothWays(wrap(data), options);
      expect(a.complete).toBe(false);
      expect(a).toEqual(b);
    }
  });

  const shared = SHARED_DIR;
  const parts = `${shared}/datasets/realworld/parts`;
  const malformed = `${shared}/datasets/realworld/malformed`;
  const haveShared = existsSync(parts);
  it.skipIf(!haveShared)(`realworld parts and malformed files: identical reports${haveShared ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
    const names = [...readdirSync(parts).map((f) => `${parts}/${f}`), ...readdirSync(malformed).map((f) => `${malformed}/${f}`)]
      .filter((f) => /\.(step|stp)$/i.test(f))
      .sort();
    let compared = 0;
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(name));
      try {
        readStep(bytes);
      } catch {
        continue; // structural errors: not a reference-check case
      }
      const { a, b, scanned, decoded } = bothWays(bytes);
      expect({ name, report: a }).toEqual({ name, report: b });
      expect({ name, warnings: scanned.warnings }).toEqual({ name, warnings: decoded.warnings });
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  }, 120_000);
});
