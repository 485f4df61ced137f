import { stepCommentEnd } from './step-comments.js';

/**
 * A copy of an exchange structure that strict readers (OpenCascade / occt-import-js) accept where
 * cadlens is lenient: the UTF-8 byte order mark is dropped and every lower-case ASCII letter
 * outside string literals and comments (keywords, enumerations, `e` exponents, hex digits) is
 * upper-cased. String literals and comments are copied unchanged. Returns `bytes` itself when
 * nothing needs changing.
 *
 * @example
 * ```ts
 * const file = readStep(bytes);
 * const forOcct = file.warnings.length ? normalizeStepBytes(bytes) : bytes;
 * ```
 */
export function normalizeStepBytes(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const start = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let out: Uint8Array | undefined;
  let i = start;
  while (i < n) {
    const c = bytes[i];
    if (c === 0x27) {
      // string literal ('' is an escaped quote)
      i++;
      while (i < n) {
        if (bytes[i] === 0x27) {
          if (bytes[i + 1] === 0x27) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      const end = stepCommentEnd(bytes, i);
      i = end < 0 ? n : end;
    } else {
      if (c >= 0x61 && c <= 0x7a) {
        out ??= bytes.slice(start);
        out[i - start] = c - 0x20;
      }
      i++;
    }
  }
  if (out) return out;
  return start === 0 ? bytes : bytes.subarray(start);
}
