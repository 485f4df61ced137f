/**
 * Deviations from ISO 10303-21 that the reader tolerates. Each is recorded once per file with a
 * count and the offset of its first occurrence:
 * - `BYTE_ORDER_MARK`: a UTF-8 BOM precedes `ISO-10303-21;` (skipped; see `StepReadResult.hadBom`).
 * - `LOWERCASE_KEYWORD`: keywords in lower case (read case-insensitively, reported upper case).
 * - `NON_ASCII_TEXT`: bytes ≥ 0x80 inside string literals (Part 21 text is 7-bit; such strings are
 *   decoded as UTF-8 when that is valid, else as ISO 8859-1).
 * - `LATIN1_FALLBACK`: a string with bytes ≥ 0x80 was not valid UTF-8 and was decoded as ISO 8859-1.
 * - `CONTROL_CHARACTER`: control bytes inside string literals (kept as written).
 * - `LINE_BREAK_IN_STRING`: a line break inside a string literal (kept as written).
 * - `UNKNOWN_ESCAPE`: a backslash that starts no Part 21 directive (e.g. a raw Windows path) was
 *   kept as a literal backslash (Part 21 writes it `\\`).
 * - `CODE_PAGE_UNAVAILABLE`: a `\P?\` code page this runtime's TextDecoder lacks (ISO 8859-1 used).
 * - `SECTION_SKIPPED`: an edition-3 ANCHOR/REFERENCE/SIGNATURE section (not decoded).
 * - `TRAILING_CONTENT`: bytes after `END-ISO-10303-21;` (ignored).
 * - `EMPTY_STATEMENT`: a stray `;` where a header entity or instance was expected (ignored).
 */
export type StepWarningCode =
  | 'BYTE_ORDER_MARK'
  | 'LOWERCASE_KEYWORD'
  | 'NON_ASCII_TEXT'
  | 'LATIN1_FALLBACK'
  | 'CONTROL_CHARACTER'
  | 'LINE_BREAK_IN_STRING'
  | 'CODE_PAGE_UNAVAILABLE'
  | 'UNKNOWN_ESCAPE'
  | 'SECTION_SKIPPED'
  | 'TRAILING_CONTENT'
  | 'EMPTY_STATEMENT';

/** A tolerated deviation, recorded once per code per file. */
export interface StepWarning {
  readonly code: StepWarningCode;
  readonly message: string;
  /** Byte offset of the first occurrence. */
  readonly offset: number;
  /** How many times it was seen (first pass: per occurrence; decode-time codes: per decoded string). */
  count: number;
}
