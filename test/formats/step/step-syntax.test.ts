import { describe, it, expect } from 'vitest';
import { readStep, normalizeStepBytes, asBoolean, isRef, STEP_DERIVED, DEFAULT_STEP_LIMITS, type StepValue } from '../../../src/formats/step/index.js';

/** Wrap DATA lines into a minimal, valid exchange structure. */
function step(data: string, header = ''): string {
  return [
    'ISO-10303-21;',
    'HEADER;',
    "FILE_DESCRIPTION(('test file'),'2;1');",
    "FILE_NAME('part.stp','2026-11-28T10:00:00',('Ann','Bob'),('ACME'),'pre 1.0','CAD X','none');",
    "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));",
    header,
    'ENDSEC;',
    'DATA;',
    data,
    'ENDSEC;',
    'END-ISO-10303-21;',
    '',
  ].join('\n');
}

function args(data: string, id = 1): readonly StepValue[] {
  return readStep(step(data)).get(id)!.args;
}

describe('readStep: header', () => {
  it('decodes FILE_DESCRIPTION, FILE_NAME and FILE_SCHEMA', () => {
    const f = readStep(step("#1=CARTESIAN_POINT('',(0.,0.,0.));"));
    expect(f.header).toEqual({
      description: ['test file'],
      implementationLevel: '2;1',
      fileName: 'part.stp',
      timeStamp: '2026-11-28T10:00:00',
      author: ['Ann', 'Bob'],
      organization: ['ACME'],
      preprocessorVersion: 'pre 1.0',
      originatingSystem: 'CAD X',
      authorization: 'none',
      schemas: ['AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'],
      records: expect.any(Array),
    });
    expect(f.header.records.map((r) => r.type)).toEqual(['FILE_DESCRIPTION', 'FILE_NAME', 'FILE_SCHEMA']);
    expect(f.entityCount).toBe(1);
    expect(f.dataSectionCount).toBe(1);
    expect(f.hadBom).toBe(false);
    expect(f.warnings).toEqual([]);
  });

  it('keeps extra header records such as FILE_POPULATION', () => {
    const f = readStep(step('#1=A();', "FILE_POPULATION('AP214','$',$);"));
    expect(f.header.records[3]).toEqual({ type: 'FILE_POPULATION', args: ['AP214', '$', null] });
  });
});

describe('readStep: parameter values', () => {
  it('decodes integers and reals exactly like Number()', () => {
    const reals = ['1.', '-1.5E-3', '0.', '-0.', '+2.5', '1.E5', '12.75e2', '0.6250000000000000000', '-1.500000000000000200', '39.37007874015748100', '1.0000000000000002', '123456789012345678901234567890.', '1.7976931348623157E308', '4.9E-324', '2.2250738585072014E-308', '0.1', '0.30000000000000004'];
    const a = args(`#1=NUMBERS((${reals.join(',')}),(0,-7,+42,9007199254740993));`);
    expect(a[0]).toEqual(reals.map((r) => Number(r)));
    expect(Object.is((a[0] as number[])[3], -0)).toBe(true);
    expect(a[1]).toEqual([0, -7, 42, 9007199254740992]);
  });

  it('decodes $, *, references, enumerations, binaries, typed values and nested lists', () => {
    const a = args('#1=MIX($,*,#12,.T.,.F.,.U.,.MILLI.,"0FF",LENGTH_MEASURE(2.),((1,2),(3,(4,()))),MEASURE(POSITIVE_LENGTH_MEASURE(0.5)),#9007199254740991);');
    expect(a[0]).toBeNull();
    expect(a[1]).toBe(STEP_DERIVED);
    expect(a[2]).toEqual({ kind: 'ref', id: 12 });
    expect(isRef(a[2])).toBe(true);
    expect(a.slice(3, 7)).toEqual([
      { kind: 'enum', name: 'T' },
      { kind: 'enum', name: 'F' },
      { kind: 'enum', name: 'U' },
      { kind: 'enum', name: 'MILLI' },
    ]);
    expect([asBoolean(a[3]), asBoolean(a[4]), asBoolean(a[5])]).toEqual([true, false, null]);
    expect(a[7]).toEqual({ kind: 'binary', hex: '0FF' });
    expect(a[8]).toEqual({ kind: 'typed', type: 'LENGTH_MEASURE', value: 2 });
    expect(a[9]).toEqual([[1, 2], [3, [4, []]]]);
    expect(a[10]).toEqual({ kind: 'typed', type: 'MEASURE', value: { kind: 'typed', type: 'POSITIVE_LENGTH_MEASURE', value: 0.5 } });
    expect(a[11]).toEqual({ kind: 'ref', id: Number.MAX_SAFE_INTEGER });
  });

  it('decodes an empty parameter list', () => {
    expect(args('#1=EMPTY();')).toEqual([]);
  });

  it('reads complex instances with their records in file order', () => {
    const f = readStep(step('#5=(A()B(1.)C((1,2)));\n#6=( LENGTH_UNIT ( ) NAMED_UNIT ( * ) SI_UNIT ( .MILLI. , .METRE. ) );'));
    expect(f.get(5)).toEqual({
      id: 5,
      type: 'A B C',
      args: [],
      parts: [
        { type: 'A', args: [] },
        { type: 'B', args: [1] },
        { type: 'C', args: [[1, 2]] },
      ],
      offset: expect.any(Number),
    });
    expect(f.get(6)!.parts!.map((p) => p.type)).toEqual(['LENGTH_UNIT', 'NAMED_UNIT', 'SI_UNIT']);
    expect(f.get(6)!.parts![2].args).toEqual([
      { kind: 'enum', name: 'MILLI' },
      { kind: 'enum', name: 'METRE' },
    ]);
    expect(f.idsOfType('SI_UNIT')).toEqual([6]);
    expect(f.idsOfType('B')).toEqual([5]);
    expect(f.typeOf(6)).toBe('LENGTH_UNIT NAMED_UNIT SI_UNIT');
  });
});

describe('readStep: strings', () => {
  const cases: Array<[string, string, string]> = [
    ['plain', "'abc'", 'abc'],
    ['empty', "''", ''],
    ['doubled quote', "'it''s'", "it's"],
    ['only a quote', "''''", "'"],
    ['backslash', "'a\\\\b'", 'a\\b'],
    ['\\X\\ Latin-1', "'\\X\\E4\\X\\DF'", 'äß'],
    ['\\X2\\ UTF-16', "'\\X2\\00E400F6\\X0\\x'", 'äöx'],
    ['\\X2\\ surrogate pair', "'\\X2\\D83DDE00\\X0\\'", '😀'],
    ['\\X4\\ code point', "'\\X4\\0001F600\\X0\\'", '😀'],
    ['\\X2\\ CJK', "'\\X2\\65E5672C\\X0\\'", '日本'],
    ['\\S\\ Latin-1', "'\\S\\d'", 'ä'],
    ['\\P\\ code page switch to ISO 8859-5 (Cyrillic)', "'\\PE\\\\S\\0\\S\\P\\PA\\\\S\\0'", 'Аа°'],
    ['\\P\\ ISO 8859-7 (Greek)', "'\\PG\\\\S\\a'", 'α'],
    ['\\S\\ with a quote', "'\\S\\''x'", '§x'],
    ['mixed', "'x\\X2\\00E9\\X0\\y\\X\\E9z''\\\\'", "xéyéz'\\"],
    ['parentheses and semicolons inside', "'a(b);c)'", 'a(b);c)'],
    ['comment markers inside', "'/* not a comment */'", '/* not a comment */'],
  ];
  for (const [name, literal, expected] of cases) {
    it(`decodes ${name}`, () => {
      expect(args(`#1=S(${literal});`)[0]).toBe(expected);
    });
  }

  it('keeps a backslash that starts no directive (raw Windows path) and warns', () => {
    const f = readStep(step("#1=S('C:\\Users\\Projects\\part.stp');"));
    expect(f.get(1)!.args[0]).toBe('C:\\Users\\Projects\\part.stp');
    expect(f.warnings).toMatchObject([{ code: 'UNKNOWN_ESCAPE', count: 3 }]);
  });

  it('decodes raw UTF-8 bytes and falls back to ISO 8859-1 with a warning', () => {
    const enc = new TextEncoder();
    const head = enc.encode(step("#1=S('Grüße');\n#2=S('__');"));
    // replace "__" with the Latin-1 bytes E4 F6
    let k = head.length - 1;
    while (!(head[k] === 0x5f && head[k + 1] === 0x5f)) k--;
    head[k] = 0xe4;
    head[k + 1] = 0xf6;
    const f = readStep(head);
    expect(f.get(1)!.args[0]).toBe('Grüße');
    expect(f.get(2)!.args[0]).toBe('äö');
    expect(f.warnings.map((w) => w.code).sort()).toEqual(['LATIN1_FALLBACK', 'NON_ASCII_TEXT']);
  });
});

describe('readStep: layout', () => {
  it('accepts comments and whitespace anywhere between tokens', () => {
    const text = step("/* c0 */ #1 /* c1 */ = /* c2 */ A /* c3 */ ( /* c4 */ 1. /* c5 */ , \n\t 'x' /* c6 */ , ( #2 /* ) */ ) ) /* c7 */ ;\n#2\n=\nB\n(\n)\n;");
    const f = readStep(text);
    expect(f.get(1)!.args).toEqual([1, 'x', [{ kind: 'ref', id: 2 }]]);
    expect(f.get(2)!.type).toBe('B');
  });

  it('reads several DATA sections, DATA with parameters, and forward references', () => {
    const text = [
      'ISO-10303-21;',
      'HEADER;',
      "FILE_DESCRIPTION((''),'2;1');FILE_NAME('','',(''),(''),'','','');FILE_SCHEMA(('CONFIG_CONTROL_DESIGN'));",
      'ENDSEC;',
      'DATA;',
      '#1=A(#20);',
      'ENDSEC;',
      "DATA('second',('AP242'));",
      '#20=B(#1);',
      'ENDSEC;',
      'END-ISO-10303-21;',
    ].join('\n');
    const f = readStep(text);
    expect(f.dataSectionCount).toBe(2);
    expect(f.entityCount).toBe(2);
    expect([...f.ids()]).toEqual([1, 20]);
    expect(f.require(1).args[0]).toEqual({ kind: 'ref', id: 20 });
    expect(f.get(20)!.type).toBe('B');
    expect(f.has(3)).toBe(false);
    expect(f.get(3)).toBeUndefined();
  });

  it('accepts a UTF-8 BOM and records it', () => {
    const f = readStep('\uFEFF' + step('#1=A();'));
    expect(f.hadBom).toBe(true);
    expect(f.warnings.map((w) => w.code)).toEqual(['BYTE_ORDER_MARK']);
    expect(f.get(1)!.type).toBe('A');
  });

  it('accepts lower-case keywords and flags them', () => {
    const f = readStep(step("#1=cartesian_point('',(1.,2.,3.));\n#2=(length_unit()named_unit(*)si_unit(.milli.,.metre.));"));
    expect(f.get(1)!.type).toBe('CARTESIAN_POINT');
    expect(f.get(2)!.type).toBe('LENGTH_UNIT NAMED_UNIT SI_UNIT');
    expect(f.get(2)!.parts![2].args[0]).toEqual({ kind: 'enum', name: 'MILLI' });
    expect(f.idsOfType('cartesian_point')).toEqual([1]);
    expect(f.warnings[0]).toMatchObject({ code: 'LOWERCASE_KEYWORD', count: 4 });
  });

  it('reports locations as 1-based line/column and byte offset', () => {
    const f = readStep(step('#1=A();\n  #2=B();'));
    const e = f.get(2)!;
    expect(f.locate(e.offset)).toEqual({ line: 10, column: 3 });
  });

  it('exposes the default limits', () => {
    expect(DEFAULT_STEP_LIMITS).toEqual({ maxEntities: 10_000_000, maxDepth: 64, maxStringLength: 1_048_576, maxBytes: 1_073_741_824 });
  });

  it('caches decoded entities', () => {
    const f = readStep(step('#1=A(1);'));
    expect(f.get(1)).toBe(f.get(1));
  });
});

describe('readStep: index-level API (no decoding)', () => {
  const text = step("#10=A('x');\n#2=(B()C(1));\n#7=A(#10);");
  it('typeOf, sourceRange, ids, idsOfType', () => {
    const f = readStep(text);
    expect([...f.ids()]).toEqual([10, 2, 7]);
    expect(f.typeOf(10)).toBe('A');
    expect(f.typeOf(2)).toBe('B C');
    expect(f.typeOf(3)).toBeUndefined();
    expect(f.idsOfType('A')).toEqual([10, 7]);
    expect(f.idsOfType('C')).toEqual([2]);
    expect(f.idsOfType('NOPE')).toEqual([]);
    const r = f.sourceRange(7)!;
    expect(text.slice(r.start, r.end)).toBe('#7=A(#10);');
    expect(f.byteLength).toBe(text.length);
  });
  it('decodes ids far apart (sparse id table)', () => {
    const f = readStep(step('#1=A(#900000001);\n#900000001=B(#4503599627370496);\n#4503599627370496=C();'));
    expect(f.get(900000001)!.type).toBe('B');
    expect(f.require(4503599627370496).type).toBe('C');
    expect(f.entityCount).toBe(3);
  });
  it('string input locations are UTF-8 byte offsets', () => {
    const f = readStep(step("#1=A('\u00e4\u00e4');\n#2=B(1,,2);"));
    const e = (() => {
      try {
        f.get(2);
      } catch (err) {
        return err as { location: { line: number; column: number } };
      }
      throw new Error('no error');
    })();
    expect(e.location).toMatchObject({ line: 10, column: 8 });
    expect(f.get(1)!.args[0]).toBe('\u00e4\u00e4');
  });
  it('keeps edition-3 sections out of the entity index, with a warning', () => {
    const t = step('#1=A();').replace('DATA;', "ANCHOR;\n<x>=#1;\nENDSEC;\nDATA;");
    const f = readStep(t);
    expect(f.entityCount).toBe(1);
    expect(f.warnings.map((w) => w.code)).toEqual(['SECTION_SKIPPED']);
  });
});

describe('normalizeStepBytes', () => {
  it('upper-cases keywords and enums but not strings or comments, and drops a BOM', () => {
    const enc = new TextEncoder();
    const src = enc.encode("\uFEFF#1=cartesian_point('keep ''me'' lower',(1.e3,2.)) /* keep me */ ;#2=a(.milli.);");
    expect(new TextDecoder().decode(normalizeStepBytes(src))).toBe("#1=CARTESIAN_POINT('keep ''me'' lower',(1.E3,2.)) /* keep me */ ;#2=A(.MILLI.);");
  });
});

describe('readStep: input kinds', () => {
  const text = step("#1=A('x');");
  it('accepts a string, a Uint8Array, a subarray view and an ArrayBuffer', () => {
    const bytes = new TextEncoder().encode(`xx${text}`);
    for (const input of [text, bytes.subarray(2), bytes.slice(2).buffer as unknown as Uint8Array]) {
      expect(readStep(input).get(1)!.args).toEqual(['x']);
    }
  });
  it('rejects other inputs with INTAKE_UNSUPPORTED_INPUT', () => {
    expect(() => readStep(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'INTAKE_UNSUPPORTED_INPUT' }));
  });
});
