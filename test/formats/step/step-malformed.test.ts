import { describe, it, expect } from 'vitest';
import { gzipSync } from 'node:zlib';
import { isCadlensError, type CadlensError } from '../../../src/errors/index.js';
import { readStep, checkStepReferences, type StepReadLimits, type StepValue } from '../../../src/formats/step/index.js';

const HEAD = "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_NAME('','',(''),(''),'','','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\n";
/** A valid file whose DATA section holds `data` (DATA starts on line 8). */
const file = (data: string) => `${HEAD}DATA;\n${data}\nENDSEC;\nEND-ISO-10303-21;\n`;

function caught(fn: () => unknown): CadlensError {
  try {
    fn();
  } catch (e) {
    if (!isCadlensError(e)) throw new Error(`expected a CadlensError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected an error, got none');
}

interface Expect {
  line?: number;
  column?: number;
  entityId?: number;
  stage?: 'format' | 'parse';
}

function expectCode(fn: () => unknown, code: string, where: Expect = {}): CadlensError {
  const e = caught(fn);
  expect(e.code, e.message).toBe(code);
  expect(e.kind).toBe('permanent');
  if (where.line !== undefined) expect(e.location?.line, e.message).toBe(where.line);
  if (where.column !== undefined) expect(e.location?.column, e.message).toBe(where.column);
  if (where.entityId !== undefined) expect(e.entityId).toBe(where.entityId);
  if (where.stage !== undefined) expect(e.stage).toBe(where.stage);
  expect(() => JSON.stringify(e)).not.toThrow();
  return e;
}

const read = (text: string | Uint8Array, limits?: Partial<StepReadLimits>) => () => readStep(text, limits);
const decode = (data: string, id = 1) => () => readStep(file(data)).get(id);

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), 61);
    return ((s ^ (s >>> 14)) >>> 0) / 4294967296;
  };
}

describe('malformed input: not STEP text', () => {
  it('01 empty input → INTAKE_EMPTY', () => expectCode(read(new Uint8Array(0)), 'INTAKE_EMPTY'));
  it('02 whitespace only → INTAKE_EMPTY', () => expectCode(read(' \n\t\r\n'), 'INTAKE_EMPTY'));
  it('03 binary garbage (seed 7) → STEP_BAD_MAGIC', () => {
    const rnd = seeded(7);
    const bytes = new Uint8Array(65536).map(() => Math.floor(rnd() * 256));
    bytes.set([0x89, 0x50, 0x4e, 0x47]); // a PNG signature in front
    expectCode(read(bytes), 'STEP_BAD_MAGIC', { line: 1, column: 1, stage: 'format' });
  });
  it('04 UTF-16LE with BOM → STEP_INVALID_ENCODING', () => {
    const text = file('#1=A();');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let k = 0; k < text.length; k++) bytes[2 + 2 * k] = text.charCodeAt(k);
    expectCode(read(bytes), 'STEP_INVALID_ENCODING');
  });
  it('05 UTF-16BE without BOM → STEP_INVALID_ENCODING', () => {
    const text = file('#1=A();');
    const bytes = new Uint8Array(text.length * 2);
    for (let k = 0; k < text.length; k++) bytes[2 * k + 1] = text.charCodeAt(k);
    expectCode(read(bytes), 'STEP_INVALID_ENCODING');
  });
  it('06 gzip-compressed STEP → INTAKE_COMPRESSED (details.compression = gzip)', () => {
    const e = expectCode(read(new Uint8Array(gzipSync(file('#1=A();')))), 'INTAKE_COMPRESSED');
    expect(e.details).toEqual({ compression: 'gzip' });
  });
  it('07 zip archive → INTAKE_COMPRESSED', () => {
    expectCode(read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])), 'INTAKE_COMPRESSED');
  });
  it('08 ASCII STL → STEP_BAD_MAGIC', () => expectCode(read('solid cube\n facet normal 0 0 1\n'), 'STEP_BAD_MAGIC', { line: 1, column: 1 }));
  it('09 missing ISO-10303-21 line → STEP_BAD_MAGIC', () => expectCode(read(file('#1=A();').slice(14)), 'STEP_BAD_MAGIC', { line: 1 }));
  it('10 non-UTF-8 byte where a keyword belongs → STEP_UNEXPECTED_TOKEN', () => {
    const bytes = new TextEncoder().encode(file('#1=?A();'));
    bytes[bytes.indexOf(0x3f)] = 0xff;
    expectCode(read(bytes), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 4, entityId: 1 });
  });
  it('11 non-UTF-8 byte where a parameter belongs → STEP_BAD_PARAMETER on decode', () => {
    const bytes = new TextEncoder().encode(file('#1=A(1,?);'));
    bytes[bytes.indexOf(0x3f)] = 0xfe;
    const f = readStep(bytes);
    expectCode(() => f.get(1), 'STEP_BAD_PARAMETER', { line: 8, column: 8, entityId: 1, stage: 'parse' });
  });
});

describe('malformed input: truncation and sections', () => {
  it('12 truncated after ISO-10303-21; → STEP_HEADER_MISSING', () => expectCode(read('ISO-10303-21;\n'), 'STEP_HEADER_MISSING', { line: 2 }));
  it('13 truncated inside a header entity → STEP_UNEXPECTED_EOF', () => expectCode(read("ISO-10303-21;\nHEADER;\nFILE_NAME('a',"), 'STEP_UNEXPECTED_EOF'));
  it('14 truncated after DATA; → STEP_ENDSEC_MISSING', () => expectCode(read(`${HEAD}DATA;\n`), 'STEP_ENDSEC_MISSING', { line: 8 }));
  it('15 truncated inside an instance → STEP_UNEXPECTED_EOF with entity id', () =>
    expectCode(read(`${HEAD}DATA;\n#1=A(1.,(2.,`), 'STEP_UNEXPECTED_EOF', { entityId: 1 }));
  it('16 truncated inside a string → STEP_UNTERMINATED_STRING at the opening quote', () =>
    expectCode(read(`${HEAD}DATA;\n#1=A('abc`), 'STEP_UNTERMINATED_STRING', { line: 8, column: 6, entityId: 1 }));
  it('17 truncated before ";" → STEP_UNEXPECTED_EOF', () => expectCode(read(`${HEAD}DATA;\n#1=A()`), 'STEP_UNEXPECTED_EOF'));
  it('18 truncated after ENDSEC → STEP_MISSING_END', () => expectCode(read(`${HEAD}DATA;\n#1=A();\nENDSEC;\n`), 'STEP_MISSING_END'));
  it('19 every prefix of a valid file fails with a typed structural error', () => {
    const text = file("#1=A('x''y',(1.,2.),#2);\n/* c */#2=(B()C(.T.));");
    const allowed = new Set([
      'INTAKE_EMPTY',
      'STEP_BAD_MAGIC',
      'STEP_HEADER_MISSING',
      'STEP_UNEXPECTED_EOF',
      'STEP_UNEXPECTED_TOKEN',
      'STEP_ENDSEC_MISSING',
      'STEP_DATA_MISSING',
      'STEP_MISSING_END',
      'STEP_UNTERMINATED_STRING',
      'STEP_UNTERMINATED_COMMENT',
    ]);
    const seen = new Set<string>();
    for (let len = 0; len < text.trimEnd().length; len++) {
      const e = caught(read(text.slice(0, len)));
      expect(allowed.has(e.code), `prefix ${len}: ${e.code} ${e.message}`).toBe(true);
      seen.add(e.code);
    }
    expect(readStep(text).entityCount).toBe(2);
    expect(seen.size).toBeGreaterThanOrEqual(8);
  });
  it('20 missing HEADER section → STEP_HEADER_MISSING', () =>
    expectCode(read('ISO-10303-21;\nDATA;\n#1=A();\nENDSEC;\nEND-ISO-10303-21;\n'), 'STEP_HEADER_MISSING', { line: 2, column: 1 }));
  it('21 HEADER without ENDSEC → STEP_ENDSEC_MISSING', () =>
    expectCode(read("ISO-10303-21;\nHEADER;\nFILE_NAME('');\nDATA;\n#1=A();\nENDSEC;\nEND-ISO-10303-21;\n"), 'STEP_ENDSEC_MISSING', { line: 4 }));
  it('22 DATA without ENDSEC → STEP_ENDSEC_MISSING at END-ISO-10303-21', () =>
    expectCode(read(`${HEAD}DATA;\n#1=A();\nEND-ISO-10303-21;\n`), 'STEP_ENDSEC_MISSING', { line: 9, column: 1 }));
  it('23 no DATA section → STEP_DATA_MISSING', () => expectCode(read(`${HEAD}END-ISO-10303-21;\n`), 'STEP_DATA_MISSING', { line: 7 }));
  it('24 no END-ISO-10303-21 → STEP_MISSING_END', () => expectCode(read(`${HEAD}DATA;\n#1=A();\nENDSEC;\n`), 'STEP_MISSING_END'));
  it('25 instance outside DATA → STEP_UNEXPECTED_TOKEN', () =>
    expectCode(read(`${HEAD}#1=A();\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n`), 'STEP_UNEXPECTED_TOKEN', { line: 7, column: 1 }));
});

describe('malformed input: instance structure', () => {
  it('26 unbalanced parentheses: ";" inside an open list → STEP_UNBALANCED_PARENS', () =>
    expectCode(read(file('#1=A((1,2);\n#2=B();')), 'STEP_UNBALANCED_PARENS', { line: 8, column: 11, entityId: 1 }));
  it('27 unbalanced parentheses: extra ")" → STEP_UNBALANCED_PARENS', () =>
    expectCode(read(file('#1=A(1));')), 'STEP_UNBALANCED_PARENS', { line: 8, column: 8, entityId: 1 }));
  it('28 unterminated string running into the next instance → STEP_UNTERMINATED_STRING at its quote', () =>
    expectCode(read(file("#1=A('never closed\n#2=B('x');\n#3=C('y');")), 'STEP_UNTERMINATED_STRING', { line: 8, column: 6, entityId: 1 }));
  it('29 unterminated comment → STEP_UNTERMINATED_COMMENT at "/*"', () =>
    expectCode(read(file('/* never closed\n#1=A();')), 'STEP_UNTERMINATED_COMMENT', { line: 8, column: 1 }));
  it('30 missing ";" between instances → STEP_UNEXPECTED_TOKEN at the next "#"', () =>
    expectCode(read(file('#1=A(1.)\n#2=B();')), 'STEP_UNEXPECTED_TOKEN', { line: 9, column: 1, entityId: 1 }));
  it('31 missing "=" → STEP_UNEXPECTED_TOKEN', () => expectCode(read(file('#1 A();')), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 4 }));
  it('32 "#" without digits → STEP_UNEXPECTED_TOKEN', () => expectCode(read(file('#=A();')), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 2 }));
  it('33 complex instance with a stray token → STEP_UNEXPECTED_TOKEN', () =>
    expectCode(read(file('#1=(A()5);')), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 8, entityId: 1 }));
  it('33b complex record without "(" → STEP_UNEXPECTED_TOKEN', () =>
    expectCode(read(file('#1=(A()B);')), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 9, entityId: 1 }));
  it('33c a 5000-byte keyword → STEP_UNEXPECTED_TOKEN (keywords are capped at 4096 bytes)', () =>
    expectCode(read(file(`#1=${'A'.repeat(5000)}();`)), 'STEP_UNEXPECTED_TOKEN', { line: 8, column: 4, entityId: 1 }));
  it('34 duplicate #id → STEP_DUPLICATE_ID at the second definition', () => {
    const e = expectCode(read(file('#1=A();\n#2=B();\n#1=C();')), 'STEP_DUPLICATE_ID', { line: 10, column: 1, entityId: 1 });
    expect(e.details).toHaveProperty('firstOffset');
  });
  it('35 id beyond 2^53-1 (9.2e18) → STEP_BAD_ENTITY_ID', () =>
    expectCode(read(file('#9223372036854770001=A();')), 'STEP_BAD_ENTITY_ID', { line: 8, column: 1 }));
  it('36 17-digit id just above 2^53 → STEP_BAD_ENTITY_ID (no silent collision with 2^53)', () =>
    expectCode(read(file('#9007199254740992=A();\n#9007199254740993=B();')), 'STEP_BAD_ENTITY_ID', { line: 8 }));
});

describe('malformed input: parameters (lazy, stage parse)', () => {
  const bad: Array<[string, string, string, number]> = [
    ['37 empty parameter between commas', '#1=A(1,,2);', 'STEP_BAD_PARAMETER', 8],
    ['38 two values without a comma', '#1=A(1 2);', 'STEP_BAD_PARAMETER', 8],
    ['39 unknown character', '#1=A(@);', 'STEP_BAD_PARAMETER', 6],
    ['40 typed parameter with two values', '#1=A(LENGTH_MEASURE(1.,2.));', 'STEP_BAD_PARAMETER', 6],
    ['41 unterminated enumeration', '#1=A(.T);', 'STEP_BAD_PARAMETER', 6],
    ['42 non-hex binary', '#1=A("0FZ");', 'STEP_BAD_PARAMETER', 9],
    ['43 real without a leading digit (".5")', '#1=A(.5);', 'STEP_BAD_NUMBER', 6],
    ['44 overflowing coordinate 1.0E+999', "#1=CARTESIAN_POINT('',(1.0E+999,0.,0.));", 'STEP_BAD_NUMBER', 24],
    ['45 exponent without digits', '#1=A(1.E);', 'STEP_BAD_NUMBER', 6],
    ['46 bare sign', '#1=A(-);', 'STEP_BAD_NUMBER', 6],
    ['47 \\X2\\ with an odd number of hex digits', "#1=A('\\X2\\00E\\X0\\');", 'STEP_BAD_ESCAPE', 6],
    ['48 \\X2\\ without \\X0\\', "#1=A('\\X2\\00E4');", 'STEP_BAD_ESCAPE', 6],
    ['49 \\X4\\ beyond U+10FFFF', "#1=A('\\X4\\00110000\\X0\\');", 'STEP_BAD_ESCAPE', 6],
    ['50 \\X\\ without hex digits', "#1=A('\\X\\G1');", 'STEP_BAD_ESCAPE', 6],
    ['51 \\S\\ followed by a control character', "#1=A('\\S\\\t');", 'STEP_BAD_ESCAPE', 6],
    ['52 a real with two decimal points', '#1=A(1.5.3);', 'STEP_BAD_PARAMETER', 9],
  ];
  for (const [name, data, code, column] of bad) {
    it(`${name} → ${code} when decoded; the file itself reads`, () => {
      const f = readStep(file(data));
      expect(f.entityCount).toBe(1);
      expectCode(() => f.get(1), code, { line: 8, column, entityId: 1, stage: 'parse' });
      // decoding again fails the same way (failures are not cached as values)
      expect(caught(() => f.get(1)).code).toBe(code);
    });
  }
});

describe('malformed input: limits', () => {
  it('53 more entities than maxEntities → STEP_LIMIT_ENTITIES', () =>
    expectCode(read(file('#1=A();#2=A();#3=A();#4=A();'), { maxEntities: 3 }), 'STEP_LIMIT_ENTITIES', { entityId: 4 }));
  it('53b more header entities than maxEntities → STEP_LIMIT_ENTITIES', () =>
    expectCode(read(file('#1=A();'), { maxEntities: 2 }), 'STEP_LIMIT_ENTITIES', { line: 5 }));
  it('54 nesting deeper than maxDepth → STEP_LIMIT_DEPTH', () => {
    expect(readStep(file('#1=A(((1)));'), { maxDepth: 3 }).get(1)!.args).toEqual([[[1]]]);
    expectCode(read(file('#1=A((((1))));'), { maxDepth: 3 }), 'STEP_LIMIT_DEPTH', { line: 8, column: 8, entityId: 1 });
  });
  it('55 string longer than maxStringLength → STEP_LIMIT_STRING', () => {
    expect(readStep(file(`#1=A('${'x'.repeat(100)}');`), { maxStringLength: 100 }).get(1)!.args[0]).toHaveLength(100);
    expectCode(read(file(`#1=A('${'x'.repeat(101)}');`), { maxStringLength: 100 }), 'STEP_LIMIT_STRING', { line: 8, column: 6 });
  });
  it('56 input larger than maxBytes → STEP_LIMIT_SIZE (bytes and string input)', () => {
    const text = file('#1=A();');
    expectCode(read(new TextEncoder().encode(text), { maxBytes: 50 }), 'STEP_LIMIT_SIZE');
    expectCode(read(text, { maxBytes: 50 }), 'STEP_LIMIT_SIZE');
  });
  it('57 100 000 nested parentheses → STEP_LIMIT_DEPTH by default, no stack overflow', () => {
    const deep = `#1=A(${'('.repeat(100_000)}1${')'.repeat(100_000)});`;
    expectCode(read(file(deep)), 'STEP_LIMIT_DEPTH', { entityId: 1 });
  });
  it('58 100 000 nested parentheses with maxDepth raised → decodes iteratively', () => {
    const deep = `#1=A(${'('.repeat(100_000)}1${')'.repeat(100_000)});`;
    const f = readStep(file(deep), { maxDepth: 200_000 });
    let v: StepValue = f.get(1)!.args[0];
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect([depth, v]).toEqual([100_000, 1]);
  });
});

describe('malformed input: references', () => {
  it('59 dangling reference: require throws STEP_DANGLING_REFERENCE; the check reports it', () => {
    const f = readStep(file('#1=A(#2,#99);\n#2=B();'));
    expect(f.get(1)!.args).toEqual([
      { kind: 'ref', id: 2 },
      { kind: 'ref', id: 99 },
    ]);
    expectCode(() => f.require(99, 1), 'STEP_DANGLING_REFERENCE', { line: 8, column: 1, entityId: 1 });
    const report = checkStepReferences(f);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      {
        code: 'STEP_DANGLING_REFERENCE',
        message: '#1 (A) refers to #99, which is not defined',
        entityId: 1,
        location: { line: 8, column: 1, offset: f.get(1)!.offset },
        ids: [99],
      },
    ]);
  });
  it('60 reference beyond 2^53-1 (SolidWorks null reference) → dangling, flagged outOfRange', () => {
    const f = readStep(file('#1=PERSON_AND_ORGANIZATION(#18446744073709551615,#2);\n#2=B();'));
    const report = checkStepReferences(f);
    expect(report.danglingCount).toBe(1);
    expect(report.outOfRangeCount).toBe(1);
    expect(report.findings[0]).toMatchObject({ code: 'STEP_DANGLING_REFERENCE', entityId: 1, outOfRange: true });
  });
  it('61 self-reference (ORIENTED_EDGE whose edge is itself) → STEP_REFERENCE_CYCLE', () => {
    const f = readStep(file("#1=ORIENTED_EDGE('',*,*,#1,.T.);"));
    const report = checkStepReferences(f);
    expect(report.cycleCount).toBe(1);
    expect(report.findings).toMatchObject([{ code: 'STEP_REFERENCE_CYCLE', entityId: 1, ids: [1, 1] }]);
  });
  it('62 three-entity cycle through a typed value and a list → STEP_REFERENCE_CYCLE with the path', () => {
    const f = readStep(file('#1=A((#2));\n#2=B(T(#3));\n#3=(C(#1)D());\n#4=E(#1);'));
    const report = checkStepReferences(f);
    expect(report.cycleCount).toBe(1);
    expect(report.findings[0]).toMatchObject({ code: 'STEP_REFERENCE_CYCLE', entityId: 1, ids: [1, 2, 3, 1] });
  });
  it('63 a diamond (shared sub-entity) is not a cycle', () => {
    const f = readStep(file('#1=A(#2,#3);\n#2=B(#4);\n#3=C(#4);\n#4=D();'));
    expect(checkStepReferences(f)).toMatchObject({ ok: true, cycleCount: 0, danglingCount: 0, complete: true, entitiesChecked: 4, referencesChecked: 4 });
  });
  it('64 decode errors are findings, not exceptions', () => {
    const f = readStep(file("#1=A(.5);\n#2=B('\\X2\\0\\X0\\');\n#3=C(#1);"));
    const report = checkStepReferences(f);
    expect(report.decodeErrorCount).toBe(2);
    expect(report.findings.map((x) => [x.code, x.entityId])).toEqual([
      ['STEP_BAD_NUMBER', 1],
      ['STEP_BAD_ESCAPE', 2],
    ]);
  });
  it('65 findings are capped by maxFindings and the report says it is incomplete', () => {
    const data = Array.from({ length: 50 }, (_, k) => `#${k + 1}=A(#${1000 + k});`).join('\n');
    const report = checkStepReferences(readStep(file(data)), { maxFindings: 10 });
    expect(report.findings).toHaveLength(10);
    expect(report.complete).toBe(false);
    expect(report.ok).toBe(false);
  });
});

describe('malformed input: never anything but a CadlensError (seeded mutation fuzz)', () => {
  const base = file(
    [
      "#1=CARTESIAN_POINT('p',(0.,1.5,-2.E-3));",
      "#2=DIRECTION('d',(0.,0.,1.));",
      "#3=AXIS2_PLACEMENT_3D('',#1,#2,$);",
      "#4=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));",
      "#5=PRODUCT('\\X2\\00E4\\X0\\','it''s',\"0FF\",LENGTH_MEASURE(2.));",
      '/* comment */ #6=ORIENTED_EDGE(\'\',*,*,#3,.T.);',
    ].join('\n'),
  );
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 300 random byte edits`, () => {
      const rnd = seeded(seed);
      const src = new TextEncoder().encode(base);
      const alphabet = new TextEncoder().encode("#=();,'\"./*\\$*ABCX0129-+E \n\xff");
      for (let round = 0; round < 300; round++) {
        const bytes = src.slice();
        const edits = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < edits; k++) bytes[Math.floor(rnd() * bytes.length)] = alphabet[Math.floor(rnd() * alphabet.length)];
        try {
          const f = readStep(bytes);
          for (const id of f.ids()) {
            try {
              f.get(id);
            } catch (e) {
              expect(isCadlensError(e), String(e)).toBe(true);
            }
          }
          checkStepReferences(f);
        } catch (e) {
          expect(isCadlensError(e), String(e)).toBe(true);
        }
      }
    });
  }
});
