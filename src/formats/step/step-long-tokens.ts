/**
 * OpenCascade's STEP lexer (a flex scanner built with REJECT, so its 16 KiB buffer cannot grow) fails
 * on any single token longer than 16,382 bytes: a string literal with its quotes, a run of blanks or
 * line breaks, the text of a comment, a number. occt-import-js 0.0.23 then reports
 * "input buffer overflow, can't enlarge buffer because scanner uses REJECT" and imports nothing, while
 * the file is valid ISO 10303-21 and cadlens's own reader reads it. Measured by bisection with
 * occt-import-js alone: a 16,380-character string passes, 16,381 fails; likewise 16,380 blanks,
 * a 16,382-character real, a `\X2\` string of 16,382 bytes.
 *
 * {@link shortenLongStepTokens} makes the copy handed to OpenCascade readable without changing what it
 * means for geometry: over-long string literals are cut to a plain prefix (no STEP string carries
 * geometry; a name of 16 KiB is never a keyword OpenCascade looks up), comments and blank runs shrink
 * to one blank, reals are rewritten as the shortest literal of the same double, integers and entity
 * ids lose their leading zeros. Entity ids, order and every other byte stay as they are, so nothing
 * that maps OpenCascade's output back to entities moves. cadlens's own reading keeps the originals.
 *
 * @internal
 */
import { CadlensError } from '../../errors/index.js';

/** Longest token OpenCascade's STEP lexer reads (bytes, measured with occt-import-js 0.0.23). */
export const OCCT_MAX_TOKEN_BYTES = 16_382;

/** Tokens longer than this are rewritten (a margin below {@link OCCT_MAX_TOKEN_BYTES}). */
const REWRITE_ABOVE_BYTES = 16_200;

/** Bytes of an over-long string literal's content kept (plain printable ASCII only). */
const KEEP_STRING_BYTES = 256;

/** One rewritten token. */
export interface StepTokenRewrite {
  kind: 'string' | 'comment' | 'blank' | 'real' | 'integer' | 'entity-id';
  /** Byte offset of the token in the input. */
  offset: number;
  /** Its length in the input, in bytes. */
  bytes: number;
  /** Its length in the copy. */
  newBytes: number;
}

/** What {@link shortenLongStepTokens} returns. */
export interface ShortenedStep {
  /** The input itself when nothing was too long, else a copy. */
  bytes: Uint8Array;
  rewrites: StepTokenRewrite[];
}

/** Options of {@link shortenLongStepTokens}. */
export interface ShortenOptions {
  /**
   * An upper bound on the length of any token of `bytes`, when the caller knows one: the STEP reader's
   * `longestUnsplitBytes()` for these very bytes. At or below the rewrite threshold the bytes are
   * returned as they are without a look.
   */
  longestUnsplitBytes?: number;
}

const enc = new TextEncoder();

/**
 * A copy of `bytes` in which no token is longer than OpenCascade's lexer accepts (see the module
 * notes). Returns the input itself, with no rewrites, when nothing is too long.
 *
 * @throws CadlensError `OCCT_IMPORT_FAILED` (permanent) when a token that cannot be shortened without
 *   changing the data (a binary literal, a keyword, an integer with that many significant digits) is
 *   longer than {@link OCCT_MAX_TOKEN_BYTES}; `details` give its offset and length.
 */
export function shortenLongStepTokens(bytes: Uint8Array, options: ShortenOptions = {}): ShortenedStep {
  // Nothing can be too long: skip the byte-by-byte pass (the common case, a pass as long as the reader's own).
  if (options.longestUnsplitBytes !== undefined && options.longestUnsplitBytes <= REWRITE_ABOVE_BYTES) return { bytes, rewrites: [] };
  const n = bytes.length;
  const rewrites: StepTokenRewrite[] = [];
  const pieces: Uint8Array[] = [];
  let copied = 0; // bytes[0, copied) are in pieces
  const replace = (kind: StepTokenRewrite['kind'], start: number, end: number, text: Uint8Array) => {
    pieces.push(bytes.subarray(copied, start), text);
    copied = end;
    rewrites.push({ kind, offset: start, bytes: end - start, newBytes: text.length });
  };
  const tooLong = (what: string, start: number, end: number): never => {
    throw new CadlensError(
      'OCCT_IMPORT_FAILED',
      `OpenCascade's STEP lexer cannot read a token longer than ${OCCT_MAX_TOKEN_BYTES} bytes: a ${end - start}-byte ${what} at byte ${start}`,
      { kind: 'permanent', stage: 'parse', details: { offset: start, tokenBytes: end - start, limit: OCCT_MAX_TOKEN_BYTES } },
    );
  };

  /** A long run of token bytes: a number or an entity id is rewritten, anything else refused. */
  const shortenWord = (start: number, end: number): void => {
    const text = ascii(bytes, start, end);
    const id = /^#(\d+)$/.exec(text);
    if (id) {
      const digits = stripZeros(id[1]);
      if (digits.length + 1 > OCCT_MAX_TOKEN_BYTES) tooLong('entity id', start, end);
      replace('entity-id', start, end, enc.encode(`#${digits}`));
      return;
    }
    const num = /^([+-]?)(\d+)(\.\d*(?:[eE][+-]?\d+)?)?$/.exec(text);
    if (!num) return tooLong(text[0] === '"' ? 'binary literal' : 'keyword', start, end);
    if (num[3] !== undefined) {
      // the reader has already rejected malformed and overflowing reals: Number() gives the same double
      const value = Number(text);
      if (!Number.isFinite(value)) tooLong('number', start, end);
      replace('real', start, end, enc.encode(stepReal(value)));
      return;
    }
    const digits = num[1] + stripZeros(num[2]);
    if (digits.length > OCCT_MAX_TOKEN_BYTES) tooLong('integer', start, end);
    replace('integer', start, end, enc.encode(digits));
  };

  // One pass; outside strings and comments each byte costs one table lookup: only a run of blanks or of
  // token bytes longer than the threshold is looked at closely (rare), so 50 MB take well under a second.
  let i = 0;
  let runClass = DELIMITER;
  let runStart = 0;
  while (i < n) {
    const k = CLASS[bytes[i]];
    if (k === runClass) {
      if (k !== DELIMITER && i - runStart >= REWRITE_ABOVE_BYTES) {
        let end = i;
        while (end < n && CLASS[bytes[end]] === k) end++;
        if (k === BLANK) replace('blank', runStart, end, enc.encode('\n'));
        else shortenWord(runStart, end);
        i = end;
        runClass = DELIMITER;
        continue;
      }
      i++;
      continue;
    }
    if (k === QUOTE) {
      // string literal; '' is an escaped quote
      const start = i++;
      for (;;) {
        i = bytes.indexOf(0x27, i);
        if (i < 0) i = n;
        if (i + 1 < n && bytes[i + 1] === 0x27) i += 2;
        else break;
      }
      i = Math.min(n, i + 1);
      if (i - start > REWRITE_ABOVE_BYTES) replace('string', start, i, shortString(bytes, start + 1));
      runClass = DELIMITER;
      continue;
    }
    if (k === SLASH && bytes[i + 1] === 0x2a) {
      const start = i;
      i += 2;
      while (i < n && !(bytes[i] === 0x2a && bytes[i + 1] === 0x2f)) i++;
      i = Math.min(n, i + 2);
      if (i - start > REWRITE_ABOVE_BYTES) replace('comment', start, i, enc.encode(' '));
      runClass = DELIMITER;
      continue;
    }
    runClass = k === SLASH ? DELIMITER : k;
    runStart = i;
    i++;
  }
  if (rewrites.length === 0) return { bytes, rewrites };
  pieces.push(bytes.subarray(copied));
  const out = new Uint8Array(pieces.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.length;
  }
  return { bytes: out, rewrites };
}

const DELIMITER = 0;
const BLANK = 1;
const TOKEN = 2;
const QUOTE = 3;
const SLASH = 4;
/** Byte classes outside strings and comments: blanks, bytes that can continue a token, delimiters; quote and slash start strings and comments. */
const CLASS = (() => {
  const t = new Uint8Array(256);
  for (const c of ' \t\r\n') t[c.charCodeAt(0)] = BLANK;
  for (let c = 0x30; c <= 0x39; c++) t[c] = TOKEN;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = TOKEN;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = TOKEN;
  for (const c of '#._-+!"') t[c.charCodeAt(0)] = TOKEN;
  t[0x27] = QUOTE;
  t[0x2f] = SLASH;
  return t;
})();

function ascii(bytes: Uint8Array, a: number, e: number): string {
  let s = '';
  for (let k = a; k < e; k += 4096) s += String.fromCharCode.apply(null, bytes.subarray(k, Math.min(e, k + 4096)) as unknown as number[]);
  return s;
}

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** The string literal whose content starts at `from`, cut to its plain printable-ASCII prefix. */
function shortString(bytes: Uint8Array, from: number): Uint8Array {
  let e = from;
  // stop before a quote, a backslash (escape directives) or a non-ASCII byte: the prefix needs no decoding
  while (e - from < KEEP_STRING_BYTES && bytes[e] >= 0x20 && bytes[e] < 0x7f && bytes[e] !== 0x27 && bytes[e] !== 0x5c) e++;
  const out = new Uint8Array(e - from + 2);
  out[0] = 0x27;
  out.set(bytes.subarray(from, e), 1);
  out[out.length - 1] = 0x27;
  return out;
}

/** The shortest ISO 10303-21 REAL literal of `x` (always with a point; exponent as `E`). */
function stepReal(x: number): string {
  const s = String(x);
  const [mantissa, exponent] = s.split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.`;
  return exponent === undefined ? m : `${m}E${exponent}`;
}
