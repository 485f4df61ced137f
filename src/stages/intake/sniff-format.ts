import type { InputFormat } from '../../model/index.js';
import { stepCommentEnd } from '../../formats/step/step-comments.js';

/** What kind of data a format carries. */
export type InputKind = 'brep' | 'mesh' | 'points' | 'unknown';

/** Compression containers recognised by their magic bytes (cadlens reads none of them). */
export type Compression = 'gzip' | 'zip' | 'bzip2' | 'xz' | 'zstd' | '7z';

/** Byte-order marks recognised at the start of the input. */
export type ByteOrderMark = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** The result of {@link sniffFormat}. */
export interface SniffResult {
  /** The format the content looks like; `unknown` when compressed, re-encoded or unrecognised. */
  format: InputFormat;
  kind: InputKind;
  /** `ascii` or `binary` for STL (and binary BREP); otherwise undefined. */
  variant?: 'ascii' | 'binary';
  /** BOM found at offset 0, or null. */
  bom: ByteOrderMark | null;
  /** Compression container, or null. */
  compression: Compression | null;
  /** Text encoding cadlens cannot read (UTF-16/32, with or without BOM), or undefined. */
  unsupportedEncoding?: Exclude<ByteOrderMark, 'utf-8'>;
  /** Byte offset where the content starts (after a UTF-8 BOM). */
  contentOffset: number;
  /** Short human-readable reason for the decision. */
  reason: string;
}

/** Bytes of the input {@link sniffFormat} needs at most. @defaultValue 65536 */
export const SNIFF_HEAD_BYTES = 65536;

const KIND: Record<InputFormat, InputKind> = {
  step: 'brep',
  iges: 'brep',
  brep: 'brep',
  stl: 'mesh',
  obj: 'mesh',
  ply: 'mesh',
  xyz: 'points',
  unknown: 'unknown',
};

/** @internal The kind of data a format carries. */
export function formatKind(format: InputFormat): InputKind {
  return KIND[format];
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  const e = Math.min(end, b.length);
  for (let i = start; i < e; i += 8192) {
    s += String.fromCharCode(...b.subarray(i, Math.min(e, i + 8192)));
  }
  return s;
}

function detectCompression(b: Uint8Array): Compression | null {
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08]))
    return 'zip';
  if (startsWith(b, [0x42, 0x5a, 0x68]) && b.length > 3 && b[3] >= 0x31 && b[3] <= 0x39) return 'bzip2';
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  return null;
}

function detectBom(b: Uint8Array): ByteOrderMark | null {
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(b, [0xff, 0xfe, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(b, [0x00, 0x00, 0xfe, 0xff])) return 'utf-32be';
  if (startsWith(b, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(b, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

/** UTF-16 without a BOM: ASCII text with every other byte zero. */
function looksUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 512) & ~1;
  if (n < 16) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const half = n / 2;
  if (zeroOdd > half * 0.9 && zeroEven < half * 0.1) return 'utf-16le';
  if (zeroEven > half * 0.9 && zeroOdd < half * 0.1) return 'utf-16be';
  return null;
}

/** Skip whitespace and `/* … *\/` comments; returns the index of the first other byte. */
function skipSpaceAndComments(b: Uint8Array, i: number): number {
  for (;;) {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
    if (b[i] === 0x2f && b[i + 1] === 0x2a) {
      const end = stepCommentEnd(b, i);
      i = end < 0 ? b.length : end;
      continue;
    }
    return i;
  }
}

function isStep(b: Uint8Array, at: number): boolean {
  const i = skipSpaceAndComments(b, at);
  const s = latin1(b, i, i + 32).toUpperCase();
  return /^ISO-10303-21\s*;/.test(s);
}

/** IGES: fixed 80-column records, section letter S/G/D/P/T in column 73, sequence number in 74–80. */
function isIges(lines: string[]): boolean {
  const first = lines.slice(0, 5).filter((l) => l.length > 0);
  if (first.length === 0 || !'SGC'.includes(first[0][72] ?? '?')) return false;
  for (const l of first) {
    if (l.length !== 80 && l.trimEnd().length > 80) return false;
    if (l.length < 73 || !'SGDPTC'.includes(l[72])) return false;
    if (!/^[ 0-9]{1,7}$/.test(l.slice(73, 80))) return false;
  }
  return true;
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const XYZ_LINE = new RegExp(String.raw`^\s*${NUM}(?:[\s,;]+${NUM}){2,8}\s*$`);

function completeLines(text: string, truncated: boolean): string[] {
  const lines = text.split(/\r?\n/);
  if (truncated) lines.pop();
  return lines;
}

function isObj(lines: string[]): boolean {
  let vertices = 0;
  let meaningful = 0;
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    meaningful++;
    if (!/^(v|vn|vt|vp|f|l|p|o|g|s|mtllib|usemtl|cstype|deg|curv|surf|parm|end)(\s|$)/.test(l)) return false;
    if (/^v\s/.test(l)) vertices++;
  }
  return vertices > 0 && meaningful > 0;
}

function isXyz(lines: string[]): boolean {
  let n = 0;
  for (const raw of lines) {
    if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('//')) continue;
    if (!XYZ_LINE.test(raw)) return false;
    n++;
  }
  return n > 0;
}

/** Share of bytes that are not printable text (ASCII, tab, CR, LF, or ≥ 0x80). */
function binaryShare(b: Uint8Array): number {
  const n = Math.min(b.length, 4096);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) bad++;
  }
  return bad / n;
}

/**
 * Decide the format of an input from its content (never its name).
 *
 * Recognises STEP (`ISO-10303-21;` after an optional UTF-8 BOM, whitespace or comments), IGES
 * (80-column records, section letter in column 73), OpenCascade BREP (`DBRep_DrawableShape` /
 * `CASCADE Topology V1`), STL binary (84-byte header + 50 bytes per triangle matching the size) and
 * ASCII (`solid` … `facet`), OBJ (`v`/`f` lines), PLY (`ply` + `format`), XYZ point lists; and
 * reports compression containers (gzip, zip, bzip2, xz, zstd, 7z) and UTF-16/32 text, which cadlens
 * does not read.
 *
 * @param head - the first bytes of the input ({@link SNIFF_HEAD_BYTES} are enough), or all of it.
 * @param sizeBytes - total input size; needed for binary STL. @defaultValue `head.length`
 *
 * @example
 * ```ts
 * sniffFormat(new TextEncoder().encode('ISO-10303-21;\nHEADER;')).format; // 'step'
 * ```
 */
export function sniffFormat(head: Uint8Array, sizeBytes: number = head.length): SniffResult {
  const base = { bom: null, compression: null, contentOffset: 0 } as const;
  const result = (format: InputFormat, reason: string, extra: Partial<SniffResult> = {}): SniffResult => ({
    ...base,
    format,
    kind: KIND[format],
    reason,
    ...extra,
  });
  if (head.length === 0) return result('unknown', 'input is empty');

  const compression = detectCompression(head);
  if (compression) return result('unknown', `${compression}-compressed data`, { compression });

  const bom = detectBom(head);
  if (bom && bom !== 'utf-8')
    return result('unknown', `${bom.toUpperCase()} text (byte-order mark)`, { bom, unsupportedEncoding: bom });
  const bare16 = bom ? null : looksUtf16(head);
  if (bare16)
    return result('unknown', `${bare16.toUpperCase()} text without byte-order mark`, { unsupportedEncoding: bare16 });
  const at = bom === 'utf-8' ? 3 : 0;
  const extra: Partial<SniffResult> = { bom, contentOffset: at };

  if (isStep(head, at)) return result('step', 'starts with ISO-10303-21;', extra);

  // Binary STL: an 84-byte header and a triangle count matching the size exactly. Checked before
  // ASCII because some exporters start the binary header with the word "solid".
  if (sizeBytes >= 84 && head.length >= 84) {
    const count = (head[80] | (head[81] << 8) | (head[82] << 16)) + head[83] * 0x1000000;
    if (84 + 50 * count === sizeBytes) return result('stl', `binary STL with ${count} triangles`, { ...extra, variant: 'binary' });
  }

  const truncated = head.length < sizeBytes;
  const text = latin1(head, at, head.length);
  if (text.includes('DBRep_DrawableShape') || text.includes('CASCADE Topology V1') || text.includes('CASCADE Topology V'))
    return result('brep', 'OpenCascade BREP topology header', extra);
  const lines = completeLines(text, truncated);
  if (isIges(lines)) return result('iges', 'IGES 80-column records', extra);

  const trimmed = text.replace(/^\s+/, '');
  if (/^solid(\s|$)/i.test(trimmed) && /facet\s+normal|endsolid/i.test(trimmed))
    return result('stl', 'ASCII STL (solid … facet normal)', { ...extra, variant: 'ascii' });
  if (/^ply\r?\n\s*format\s/.test(trimmed)) return result('ply', 'PLY header', extra);

  if (binaryShare(head.subarray(at)) > 0.05) return result('unknown', 'binary data of no known format', extra);

  if (isObj(lines)) return result('obj', 'Wavefront OBJ (v/f lines)', extra);
  if (isXyz(lines)) return result('xyz', 'XYZ point list (numbers per line)', extra);
  return result('unknown', 'text of no known CAD or mesh format', extra);
}
