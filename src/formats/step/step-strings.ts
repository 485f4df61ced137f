/*
 * Decoding of ISO 10303-21 string literals to Unicode:
 *   ''              → '
 *   \\              → \
 *   \S\c            → the character c + 0x80 of the current ISO 8859 code page (default part 1)
 *   \P?\            → select ISO 8859 part ? (A = 1 … I = 9) for following \S\ directives
 *   \X\hh           → the ISO 8859-1 character hh
 *   \X2\hhhh…\X0\   → UTF-16 code units, 4 hex digits each
 *   \X4\hhhhhhhh…\X0\ → Unicode code points, 8 hex digits each
 * A malformed directive (bad hex, odd digit count, missing \X0\, \S\ without a printable
 * character, code point beyond U+10FFFF) is STEP_BAD_ESCAPE. A backslash that starts no directive
 * (a raw Windows path such as C:\Users, common in FILE_NAME) is kept with an UNKNOWN_ESCAPE warning.
 */

/** Callbacks the decoder uses to report problems. @internal */
export interface StringDecodeHooks {
  fail(code: 'STEP_BAD_ESCAPE', message: string, details?: Record<string, unknown>): never;
  warn(code: 'LATIN1_FALLBACK' | 'CODE_PAGE_UNAVAILABLE' | 'UNKNOWN_ESCAPE', message: string): void;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** ISO 8859-1 decoding of a byte range (code unit = byte). @internal */
export function latin1(bytes: Uint8Array, a: number, e: number): string {
  let s = '';
  for (let k = a; k < e; k += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(k, Math.min(e, k + 4096)) as unknown as number[]);
  }
  return s;
}

/**
 * The raw characters of a string literal whose bytes include values ≥ 0x80: UTF-8 when the
 * bytes are valid UTF-8, else ISO 8859-1 (with a `LATIN1_FALLBACK` warning). @internal
 */
export function decodeHighBytes(bytes: Uint8Array, a: number, e: number, hooks: StringDecodeHooks): string {
  try {
    return utf8Fatal.decode(bytes.subarray(a, e));
  } catch {
    hooks.warn('LATIN1_FALLBACK', 'String literal with bytes that are not valid UTF-8 decoded as ISO 8859-1');
    return latin1(bytes, a, e);
  }
}

const codePages = new Map<number, string | null>();

/** Characters 0xA0–0xFF of ISO 8859 part `part` (2–9), or null when this runtime lacks it. */
function codePage(part: number): string | null {
  let table = codePages.get(part);
  if (table !== undefined) return table;
  try {
    const high = new Uint8Array(96);
    for (let k = 0; k < 96; k++) high[k] = 0xa0 + k;
    // WHATWG maps the iso-8859-9 label to windows-1254, identical to ISO 8859-9 in 0xA0–0xFF.
    table = new TextDecoder(`iso-8859-${part}`).decode(high);
    if (table.length !== 96) table = null;
  } catch {
    table = null;
  }
  codePages.set(part, table);
  return table;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function readHex(s: string, at: number, digits: number): number {
  let v = 0;
  for (let k = 0; k < digits; k++) {
    const h = hexValue(s.charCodeAt(at + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * Resolve the `''` and backslash directives of a literal's raw characters (quotes excluded).
 * @internal
 */
export function unescapeStepString(raw: string, hooks: StringDecodeHooks): string {
  const s = raw.indexOf("''") >= 0 ? raw.replaceAll("''", "'") : raw;
  let bs = s.indexOf('\\');
  if (bs < 0) return s;
  let out = '';
  let k = 0;
  let page = 1;
  while (bs >= 0) {
    out += s.slice(k, bs);
    const d = s.charCodeAt(bs + 1);
    if (d === 0x5c) {
      // "\\"
      out += '\\';
      k = bs + 2;
    } else if (d === 0x53 && s.charCodeAt(bs + 2) === 0x5c) {
      // \S\c
      const c = s.charCodeAt(bs + 3);
      if (!(c >= 0x20 && c <= 0x7e)) hooks.fail('STEP_BAD_ESCAPE', '"\\S\\" must be followed by a printable character', { index: bs });
      if (page === 1) out += String.fromCharCode(c + 0x80);
      else {
        const table = codePage(page);
        if (table === null) {
          hooks.warn('CODE_PAGE_UNAVAILABLE', `ISO 8859-${page} is not available in this runtime; ISO 8859-1 used`);
          out += String.fromCharCode(c + 0x80);
        } else out += table[c + 0x80 - 0xa0];
      }
      k = bs + 4;
    } else if (d === 0x50 && s.charCodeAt(bs + 3) === 0x5c) {
      // \P?\
      const p = s.charCodeAt(bs + 2);
      if (!(p >= 0x41 && p <= 0x49)) hooks.fail('STEP_BAD_ESCAPE', '"\\P?\\" code page must be A…I', { index: bs });
      page = p - 0x40;
      k = bs + 4;
    } else if (d === 0x58) {
      const e = s.charCodeAt(bs + 2);
      if (e === 0x5c) {
        // \X\hh
        const v = readHex(s, bs + 3, 2);
        if (v < 0) hooks.fail('STEP_BAD_ESCAPE', '"\\X\\" must be followed by two hex digits', { index: bs });
        out += String.fromCharCode(v);
        k = bs + 5;
      } else if ((e === 0x32 || e === 0x34) && s.charCodeAt(bs + 3) === 0x5c) {
        // \X2\ or \X4\ … \X0\
        const width = e === 0x32 ? 4 : 8;
        const close = s.indexOf('\\X0\\', bs + 4);
        if (close < 0) hooks.fail('STEP_BAD_ESCAPE', `"\\X${width === 4 ? 2 : 4}\\" is not closed by "\\X0\\"`, { index: bs });
        const len = close - (bs + 4);
        if (len % width !== 0) {
          hooks.fail('STEP_BAD_ESCAPE', `"\\X${width === 4 ? 2 : 4}\\" needs groups of ${width} hex digits, found ${len}`, { index: bs });
        }
        for (let at = bs + 4; at < close; at += width) {
          const v = readHex(s, at, width);
          if (v < 0) hooks.fail('STEP_BAD_ESCAPE', `Non-hex digit inside "\\X${width === 4 ? 2 : 4}\\"`, { index: at });
          if (width === 4) out += String.fromCharCode(v);
          else {
            if (v > 0x10ffff) hooks.fail('STEP_BAD_ESCAPE', `Code point 0x${v.toString(16)} beyond U+10FFFF in "\\X4\\"`, { index: at });
            out += String.fromCodePoint(v);
          }
        }
        k = close + 4;
      } else {
        hooks.warn('UNKNOWN_ESCAPE', 'Backslash not starting a Part 21 directive kept as written (e.g. a Windows path)');
        out += '\\';
        k = bs + 1;
      }
    } else {
      // Not a directive (Part 21 wants "\\\\"), e.g. a raw Windows path "C:\\Users": keep it.
      hooks.warn('UNKNOWN_ESCAPE', 'Backslash not starting a Part 21 directive kept as written (e.g. a Windows path)');
      out += '\\';
      k = bs + 1;
    }
    bs = s.indexOf('\\', k);
  }
  return out + s.slice(k);
}
