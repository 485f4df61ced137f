/**
 * The format scan passes the inside of a statement (up to its closing parenthesis) in a tight loop and hands
 * every byte that matters back to its general steps. These cases put each such byte inside an entity
 * instance — quotes with `''`, `;` and parentheses in strings, nested and unbalanced parentheses, control
 * characters, form feeds, non-ASCII text, a lower-case keyword, a missing `;` — and check what the scan
 * counts, with its first offset, as the format stage's findings rely on it.
 */
import { describe, expect, it } from 'vitest';
import { scanStep } from '../../src/stages/validate/format/format-scan.js';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string) => new TextEncoder().encode(s);
const file = (data: string) => `ISO-10303-21;
HEADER;
FILE_DESCRIPTION((''),'2;1');
FILE_NAME('a;(b','',(''),(''),'','','');
FILE_SCHEMA(('AUTOMOTIVE_DESIGN'));
ENDSEC;
DATA;
${data}
ENDSEC;
END-ISO-10303-21;
`;
const NONE = { count: 0, firstOffset: -1 };

describe('format scan inside statements', () => {
  it("strings holding ';', parentheses and '' and nested lists: nothing to report", () => {
    const text = file(`#1=CARTESIAN_POINT('',(0.,0.,0.));\n#2=NAME('a;b(c)''d)',(1,(2,(3,$,*))),.T.);\n#3=(A()B(1)C((2)));`);
    const scan = scanStep(latin1(text));
    expect(scan.dataEntityCounts).toEqual([3]);
    expect(scan.unbalancedParens).toEqual(NONE);
    expect(scan.missingSemicolons).toEqual(NONE);
    expect(scan.controlChars).toEqual(NONE);
    expect(scan.strayStatements).toEqual([]);
    expect(scan.headerRecords.map((r) => r.strings)).toEqual([['', '2;1'], ['a;(b', '', '', '', '', '', ''], ['AUTOMOTIVE_DESIGN']]);
  });

  it('an extra closing parenthesis: unbalanced at that parenthesis, and the bytes after the close are no semicolon', () => {
    const text = file('#1=X((1)));');
    const at = text.indexOf(')));') + 2;
    const scan = scanStep(latin1(text));
    expect(scan.unbalancedParens).toEqual({ count: 1, firstOffset: at });
    expect(scan.missingSemicolons).toEqual({ count: 1, firstOffset: at });
    expect(scan.dataEntityCounts).toEqual([1]);
  });

  it('a list left open: unbalanced, reported at the start of the statement', () => {
    const text = file("#1=POINT('',(1.,2.);\n#2=POINT('',(3.));");
    const scan = scanStep(latin1(text));
    expect(scan.unbalancedParens).toEqual({ count: 1, firstOffset: text.indexOf('#1=') });
    expect(scan.dataEntityCounts).toEqual([2]);
  });

  it('a missing semicolon joins two instances into one statement', () => {
    const text = file('#1=X(1) #2=Y(2);\n#3=Z(3);');
    const scan = scanStep(latin1(text));
    expect(scan.missingSemicolons).toEqual({ count: 1, firstOffset: text.indexOf('#2=') });
    expect(scan.dataEntityCounts).toEqual([2]);
  });

  it('a vertical tab inside an instance is a control character; a form feed there is not, inside a string it is', () => {
    const vt = file('#1=X(1,\u000b2);');
    expect(scanStep(latin1(vt)).controlChars).toEqual({ count: 1, firstOffset: vt.indexOf('\u000b') });
    expect(scanStep(latin1(file('#1=X(1,\u000c2);'))).controlChars).toEqual(NONE);
    const ffString = file("#1=X('a\u000cb');");
    expect(scanStep(latin1(ffString)).controlChars).toEqual({ count: 1, firstOffset: ffString.indexOf('\u000c') });
  });

  it('non-ASCII text in a DATA string: counted, valid UTF-8 or not', () => {
    const text = file("#1=PRODUCT('pièce','x');");
    const bytes = utf8(text);
    const at = bytes.indexOf(0xc3);
    const scan = scanStep(bytes);
    expect(scan.nonAscii).toEqual({ count: 1, firstOffset: at });
    expect(scan.invalidUtf8).toEqual(NONE);
    const broken = bytes.slice();
    broken[at + 1] = 0x41; // a lead byte without its continuation
    expect(scanStep(broken).invalidUtf8).toEqual({ count: 1, firstOffset: at });
  });

  it('a lower-case keyword after the id is counted at the keyword', () => {
    const text = file('#1=cartesian_point(\'\',(0.,0.,0.));');
    expect(scanStep(latin1(text)).lowercaseKeywords).toEqual({ count: 1, firstOffset: text.indexOf('cartesian') });
  });

  it('a string never closed inside an instance is unterminated at its quote', () => {
    const text = `${file('#1=X(1);').replace('END-ISO-10303-21;\n', '')}#2=Y('abc`;
    const scan = scanStep(latin1(text));
    expect(scan.unterminated).toEqual({ kind: 'string', offset: text.lastIndexOf("'abc") });
  });
});
