import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/stages/intake/sniff-format.js';

const enc = (s: string) => new TextEncoder().encode(s);

function binaryStl(triangles: number, headerText = ''): Uint8Array {
  const b = new Uint8Array(84 + 50 * triangles);
  b.set(enc(headerText).subarray(0, 80));
  new DataView(b.buffer).setUint32(80, triangles, true);
  return b;
}

const igesLine = (text: string, section: string, seq: number) => `${text.padEnd(72)}${section}${String(seq).padStart(7)}`;

describe('sniffFormat', () => {
  it('STEP with leading whitespace and comment', () => {
    const r = sniffFormat(enc('\n  /* exported */ ISO-10303-21;\nHEADER;'));
    expect(r).toMatchObject({ format: 'step', kind: 'brep', bom: null, contentOffset: 0 });
  });
  it('STEP after a UTF-8 BOM', () => {
    const r = sniffFormat(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('ISO-10303-21;')]));
    expect(r).toMatchObject({ format: 'step', bom: 'utf-8', contentOffset: 3 });
  });
  it('IGES 80-column records', () => {
    const text = [igesLine('IGES file', 'S', 1), igesLine('1H,,1H;,', 'G', 1), igesLine('     110       1', 'D', 1), ''].join('\n');
    expect(sniffFormat(enc(text)).format).toBe('iges');
  });
  it('OpenCascade BREP', () => {
    expect(sniffFormat(enc('DBRep_DrawableShape\n\nCASCADE Topology V1, (c) Matra-Datavision\nLocations 0\n')).format).toBe('brep');
    expect(sniffFormat(enc('CASCADE Topology V3, (c) Open Cascade\n')).format).toBe('brep');
  });
  it('binary STL, also when its header starts with "solid"', () => {
    expect(sniffFormat(binaryStl(2))).toMatchObject({ format: 'stl', variant: 'binary', kind: 'mesh' });
    expect(sniffFormat(binaryStl(3, 'solid exported by X'))).toMatchObject({ format: 'stl', variant: 'binary' });
  });
  it('binary STL judged on the total size when only the head is given', () => {
    const full = binaryStl(2000);
    expect(sniffFormat(full.subarray(0, 4096), full.length).variant).toBe('binary');
  });
  it('ASCII STL', () => {
    const r = sniffFormat(enc('solid cube\n  facet normal 0 0 1\n    outer loop\n'));
    expect(r).toMatchObject({ format: 'stl', variant: 'ascii' });
  });
  it('OBJ', () => expect(sniffFormat(enc('# obj\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n')).format).toBe('obj'));
  it('PLY', () => expect(sniffFormat(enc('ply\nformat ascii 1.0\nelement vertex 3\n')).format).toBe('ply'));
  it('XYZ point list', () => {
    expect(sniffFormat(enc('0 0 0\n1.5 2 -3e-2\n4,5,6\n')).format).toBe('xyz');
    expect(sniffFormat(enc('0 0 0\n1.5 2 -3e-2\n4,5,6\n')).kind).toBe('points');
  });
  it('gzip, zip, bzip2, xz, zstd, 7z are reported as compression', () => {
    expect(sniffFormat(new Uint8Array([0x1f, 0x8b, 8, 0, 0])).compression).toBe('gzip');
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4, 0])).compression).toBe('zip');
    expect(sniffFormat(enc('BZh91AY&SY')).compression).toBe('bzip2');
    expect(sniffFormat(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0])).compression).toBe('xz');
    expect(sniffFormat(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0])).compression).toBe('zstd');
    expect(sniffFormat(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])).compression).toBe('7z');
  });
  it('UTF-16 with and without BOM is an unsupported encoding', () => {
    const s = 'ISO-10303-21;\nHEADER;\n';
    const le = new Uint8Array(2 + s.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) le[2 + 2 * i] = s.charCodeAt(i);
    expect(sniffFormat(le)).toMatchObject({ format: 'unknown', unsupportedEncoding: 'utf-16le', bom: 'utf-16le' });
    expect(sniffFormat(le.subarray(2))).toMatchObject({ format: 'unknown', unsupportedEncoding: 'utf-16le', bom: null });
    const be = new Uint8Array(2 + s.length * 2);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < s.length; i++) be[3 + 2 * i] = s.charCodeAt(i);
    expect(sniffFormat(be).unsupportedEncoding).toBe('utf-16be');
  });
  it('random binary and unknown text are unknown', () => {
    const b = new Uint8Array(1000);
    for (let i = 0; i < b.length; i++) b[i] = (i * 7919) % 256;
    expect(sniffFormat(b).format).toBe('unknown');
    expect(sniffFormat(enc('hello world\n')).format).toBe('unknown');
    expect(sniffFormat(new Uint8Array(0)).format).toBe('unknown');
  });
});
