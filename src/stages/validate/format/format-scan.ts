/**
 * A single-pass structural scan of an ISO 10303-21 byte stream for the format stage: section
 * keywords, header records with their string arguments, and encoding facts. It does not parse
 * entity parameters (that is the STEP reader's job) and allocates only for header records.
 *
 * Why a second pass beside the reader's (`src/formats/step/step-scan.ts`): the reader's scan stops at
 * the first problem with a typed error and indexes entities for decoding; this one never stops, counts
 * every kind of problem with its first offset, and tolerates bytes the reader rejects, so one stage
 * can report everything that is wrong with a broken file. One scanner with both modes would put a
 * mode check on every byte of the reader's hot loop. What both need byte-for-byte the same comes from
 * the reader's modules: where a comment ends (`stepCommentEnd`) and the line and column of an offset
 * (`locateInBytes`).
 * @internal
 */
import { stepCommentEnd } from '../../../formats/step/step-comments.js';

/** A top-level keyword statement (`HEADER;`, `DATA;`, `ENDSEC;` …) or header record. */
export interface ScanStatement {
  keyword: string;
  offset: number;
}

/** A HEADER-section record, e.g. `FILE_SCHEMA(('AUTOMOTIVE_DESIGN'))`. */
export interface ScanHeaderRecord extends ScanStatement {
  /** String literals in the record, in order (`''` decoded to `'`, other escapes left as written). */
  strings: string[];
}

/** @internal */
export interface StepScan {
  /** Byte offset after a UTF-8 BOM (3) or 0. */
  contentOffset: number;
  bom: boolean;
  /** Keyword statements outside DATA entity instances, in file order (`ISO-10303-21`, `HEADER`, …). */
  statements: ScanStatement[];
  headerRecords: ScanHeaderRecord[];
  /** Entity instances (`#n = …;`) seen per DATA section. */
  dataEntityCounts: number[];
  /**
   * Statements out of place (entity instances outside DATA, records outside HEADER) or left
   * unterminated at the end of the file; an entity instance is named by its `#id`.
   */
  strayStatements: ScanStatement[];
  unterminated: { kind: 'string' | 'comment'; offset: number } | null;
  unbalancedParens: { count: number; firstOffset: number };
  missingSemicolons: { count: number; firstOffset: number };
  lowercaseKeywords: { count: number; firstOffset: number };
  nonAscii: { count: number; firstOffset: number };
  invalidUtf8: { count: number; firstOffset: number };
  controlChars: { count: number; firstOffset: number };
  /** Non-blank content after `END-ISO-10303-21;`. */
  trailingContentOffset: number;
}

const LATIN1 = new TextDecoder('latin1');

function counter(): { count: number; firstOffset: number } {
  return { count: 0, firstOffset: -1 };
}
function bump(c: { count: number; firstOffset: number }, at: number): void {
  if (c.count++ === 0) c.firstOffset = at;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isIdent = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;

/** Length of the valid UTF-8 sequence at i (2–4), or 0 when invalid. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i];
  let n: number;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) n = 3;
  else if (c >= 0xf0 && c <= 0xf4) n = 4;
  else return 0;
  if (i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return n;
}

const PASS = 1;
const OPEN = 2;
const CLOSE = 3;
const QUOTE = 4;
/**
 * What a byte inside a statement (before its closing parenthesis) asks of the scan: {@link PASS} for blanks,
 * form feeds and printable ASCII other than quote, parentheses, slash and semicolon (they change no state and
 * count as no problem there), {@link OPEN} / {@link CLOSE} for parentheses, {@link QUOTE} for the quote that
 * starts a string, 0 for everything else.
 */
const IN_STATEMENT = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x20; c < 0x7f; c++) t[c] = PASS;
  for (const c of [0x09, 0x0a, 0x0c, 0x0d]) t[c] = PASS;
  for (const c of [0x2f, 0x3b]) t[c] = 0;
  t[0x27] = QUOTE;
  t[0x28] = OPEN;
  t[0x29] = CLOSE;
  return t;
})();

/** Bytes of a string literal that need no count: blanks and printable ASCII but the quote ({@link PASS}). */
const IN_STRING = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x20; c < 0x7f; c++) t[c] = PASS;
  for (const c of [0x09, 0x0a, 0x0d]) t[c] = PASS;
  t[0x27] = 0;
  return t;
})();

/** @internal Scan a STEP byte stream. Linear time; safe on any bytes. */
export function scanStep(b: Uint8Array): StepScan {
  const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  const scan: StepScan = {
    contentOffset: bom ? 3 : 0,
    bom,
    statements: [],
    headerRecords: [],
    dataEntityCounts: [],
    strayStatements: [],
    unterminated: null,
    unbalancedParens: counter(),
    missingSemicolons: counter(),
    lowercaseKeywords: counter(),
    nonAscii: counter(),
    invalidUtf8: counter(),
    controlChars: counter(),
    trailingContentOffset: -1,
  };
  type Section = 'none' | 'header' | 'data' | 'other' | 'ended';
  let section = 'none' as Section;
  let i = scan.contentOffset;
  const n = b.length;

  // Statement state.
  let stmtStart = -1; // offset of the statement's first token
  let stmtKeyword = '';
  let stmtIsEntity = false;
  // `#123` of an entity instance, so a finding can name it: its byte range, decoded only for a finding
  let stmtEntityEnd = -1;
  const entityName = (): string => (stmtEntityEnd > stmtStart + 1 ? String.fromCharCode(...b.subarray(stmtStart, Math.min(stmtEntityEnd, stmtStart + 24))) : '#?');
  let depth = 0;
  let closedOnce = false; // depth went back to 0 after being > 0
  let missingSemiReported = false;
  let strings: string[] | null = null;

  const endStatement = (at: number): void => {
    if (stmtStart < 0) return;
    if (depth !== 0) bump(scan.unbalancedParens, stmtStart);
    if (stmtIsEntity) {
      if (section === 'data') scan.dataEntityCounts[scan.dataEntityCounts.length - 1]++;
      else scan.strayStatements.push({ keyword: entityName(), offset: stmtStart });
    } else {
      const kw = stmtKeyword.toUpperCase();
      const isSectionKw =
        kw === 'ISO-10303-21' || kw === 'HEADER' || kw === 'DATA' || kw === 'ENDSEC' || kw === 'END-ISO-10303-21' ||
        kw === 'ANCHOR' || kw === 'REFERENCE' || kw === 'SIGNATURE';
      if (isSectionKw) {
        scan.statements.push({ keyword: kw, offset: stmtStart });
        if (kw === 'HEADER') section = 'header';
        else if (kw === 'DATA') {
          section = 'data';
          scan.dataEntityCounts.push(0);
        } else if (kw === 'ANCHOR' || kw === 'REFERENCE' || kw === 'SIGNATURE') section = 'other';
        else if (kw === 'ENDSEC') section = 'none';
        else if (kw === 'END-ISO-10303-21') section = 'ended';
      } else if (section === 'header') {
        scan.headerRecords.push({ keyword: kw, offset: stmtStart, strings: strings ?? [] });
      } else if (section !== 'other') {
        scan.strayStatements.push({ keyword: kw || '?', offset: stmtStart });
      }
    }
    void at;
    stmtStart = -1;
    stmtKeyword = '';
    stmtIsEntity = false;
    stmtEntityEnd = -1;
    depth = 0;
    closedOnce = false;
    missingSemiReported = false;
    strings = null;
  };

  while (i < n) {
    if (stmtStart >= 0 && !closedOnce) {
      // Inside a statement, before its closing parenthesis (most of a file's bytes): bytes that need none of
      // the steps below, and parentheses that neither open nor close the statement, are passed here in a
      // tight loop. Everything else (quotes, comments, ';', the closing ')', bytes outside printable ASCII)
      // is handled below, exactly as without this loop.
      let d = depth;
      let j = i;
      const plainStrings = section !== 'header'; // header strings are collected below
      for (; j < n; j++) {
        const k = IN_STATEMENT[b[j]];
        if (k === PASS) continue;
        if (k === OPEN) d++;
        else if (k === CLOSE && d > 1) d--;
        else if (k === QUOTE && plainStrings) {
          // A closed string of plain bytes with no '' inside: nothing to count (header strings are kept, below).
          let m = j + 1;
          while (m < n && IN_STRING[b[m]] === PASS) m++;
          if (m < n && b[m] === 0x27 && b[m + 1] !== 0x27) j = m;
          else break;
        } else break;
      }
      depth = d;
      i = j;
      if (i >= n) break;
    }
    const c = b[i];
    if (c >= 0x80) {
      bump(scan.nonAscii, i);
      if (stmtStart < 0 && section !== 'ended') stmtStart = i;
      const len = utf8Length(b, i);
      if (len === 0) {
        bump(scan.invalidUtf8, i);
        i++;
      } else i += len;
      continue;
    }
    if ((c < 0x20 && !isSpace(c) && c !== 0x0c) || c === 0x7f) bump(scan.controlChars, i);
    if (section === 'ended') {
      if (!isSpace(c) && scan.trailingContentOffset < 0) scan.trailingContentOffset = i;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    // Comment.
    if (c === 0x2f && b[i + 1] === 0x2a) {
      const end = stepCommentEnd(b, i);
      if (end < 0) {
        scan.unterminated = { kind: 'comment', offset: i };
        break;
      }
      i = end;
      continue;
    }
    if (closedOnce && c !== 0x3b && stmtIsEntity && !missingSemiReported) {
      // Something after the entity's closing parenthesis that is not ';'.
      bump(scan.missingSemicolons, i);
      missingSemiReported = true;
    }
    // String.
    if (c === 0x27) {
      const start = i;
      i++;
      for (;;) {
        while (i < n && b[i] !== 0x27) {
          const d = b[i];
          if (d >= 0x80) {
            bump(scan.nonAscii, i);
            const len = utf8Length(b, i);
            if (len === 0) bump(scan.invalidUtf8, i);
            else {
              i += len;
              continue;
            }
          } else if ((d < 0x20 && !isSpace(d)) || d === 0x7f) bump(scan.controlChars, i);
          i++;
        }
        if (i >= n) break;
        if (b[i + 1] === 0x27) {
          i += 2;
          continue;
        }
        break;
      }
      if (i >= n) {
        scan.unterminated = { kind: 'string', offset: start };
        break;
      }
      if (stmtStart < 0) stmtStart = start;
      if (section === 'header') {
        strings ??= [];
        strings.push(LATIN1.decode(b.subarray(start + 1, i)).replace(/''/g, "'"));
      }
      i++;
      continue;
    }
    if (c === 0x3b) {
      endStatement(i);
      i++;
      continue;
    }
    if (stmtStart < 0) {
      stmtStart = i;
      if (c === 0x23) {
        stmtIsEntity = true;
        // `#id = KEYWORD(` : check the keyword's case.
        let j = i + 1;
        while (j < n && b[j] >= 0x30 && b[j] <= 0x39) j++;
        stmtEntityEnd = j;
        while (j < n && isSpace(b[j])) j++;
        if (b[j] === 0x3d) {
          j++;
          while (j < n && isSpace(b[j])) j++;
          if (b[j] === 0x28) {
            j++;
            while (j < n && isSpace(b[j])) j++;
          }
          const k0 = j;
          while (j < n && isIdent(b[j])) {
            if (b[j] >= 0x61 && b[j] <= 0x7a) {
              bump(scan.lowercaseKeywords, k0);
              break;
            }
            j++;
          }
        }
      } else if (isIdent(c)) {
        let j = i;
        while (j < n && isIdent(b[j])) j++;
        stmtKeyword = String.fromCharCode(...b.subarray(i, Math.min(j, i + 64)));
        i = j;
        continue;
      }
    }
    if (c === 0x28) depth++;
    else if (c === 0x29) {
      depth--;
      if (depth === 0) closedOnce = true;
      if (depth < 0) {
        bump(scan.unbalancedParens, i);
        depth = 0;
      }
    }
    i++;
  }
  if (!scan.unterminated && stmtStart >= 0 && section !== 'ended') {
    // A final statement without ';' (truncated file): count it as stray.
    scan.strayStatements.push({ keyword: stmtIsEntity ? entityName() : stmtKeyword.toUpperCase() || '?', offset: stmtStart });
  }
  return scan;
}
