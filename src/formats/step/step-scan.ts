import type { StepReadLimits } from './step-types.js';
import { createStepError, type StepReaderErrorCode } from './step-errors.js';
import type { StepWarning, StepWarningCode } from './step-warnings.js';
import { StepIdTable } from './step-id-table.js';
import { stepCommentEnd } from './step-comments.js';

/*
 * First pass over an exchange structure: one scan over the bytes that checks the section structure
 * and indexes every entity instance (id, byte range, interned keyword) without building any
 * parameter values. Everything that can be decided from structure alone is decided here:
 * unterminated strings/comments, parentheses, the `;` after each instance, sections, duplicate
 * ids, ids beyond 2^53 and all read limits. Parameter syntax is checked later, when an entity is
 * decoded (see step-params.ts).
 */

const QUOTE = 0x27;
const LPAREN = 0x28;
const RPAREN = 0x29;
const SLASH = 0x2f;
const STAR = 0x2a;
const SEMI = 0x3b;
const HASH = 0x23;
const EQUALS = 0x3d;

/** Byte classes for the instance-body scan: 0 = nothing to do. */
const BODY_CLASS = new Uint8Array(256);
BODY_CLASS[QUOTE] = 1;
BODY_CLASS[LPAREN] = 2;
BODY_CLASS[RPAREN] = 3;
BODY_CLASS[SLASH] = 4;
BODY_CLASS[SEMI] = 5;

/** @internal */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b;
}

/** Keyword characters: letters, digits, `_`, and `!` for user-defined keywords. @internal */
export function isKeywordChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x21;
}

function isKeywordStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x21;
}

function upper(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}

/** Result of the first pass. @internal */
export interface StepIndex {
  count: number;
  /** Entity id per instance (file order). */
  ids: Float64Array;
  /** Offset of the `#` that starts each instance. */
  starts: Uint32Array;
  /** Offset of the keyword (simple) or the `(` (complex instance) after `=`. */
  bodies: Uint32Array;
  /** Offset of the `;` that ends each instance. */
  ends: Uint32Array;
  /** Interned keyword index per instance; -1 for a complex instance. */
  keywordIds: Int32Array;
  /** Interned keywords, upper case. */
  keywords: string[];
  /** Keyword indexes of each complex instance's records, by instance index. */
  complexParts: Map<number, number[]>;
  /** Instance index of an entity id, or -1. */
  indexOf(id: number): number;
  /** Header records: `[keywordStart, semicolon]` offsets. */
  headerRecords: Array<[number, number]>;
  /** `DATA(...)` parameter list offsets (the `(`), one per parameterised DATA section, else -1. */
  dataSections: number[];
  warnings: StepWarning[];
  /** Offset where content starts (after a UTF-8 BOM). */
  contentStart: number;
}

/**
 * Open-addressing table that interns keywords straight from the bytes (case-insensitively)
 * so no string is created per instance.
 */
class KeywordTable {
  readonly names: string[] = [];
  private readonly lowerFlags: number[] = [];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;

  constructor(private readonly bytes: Uint8Array) {}

  /** Whether the last {@link intern} call saw a lower-case letter. */
  lastHadLower = false;

  /** (first byte, length) → keyword id of the last keyword seen with them: skips hashing in the common case. */
  private readonly recent = new Int32Array(1024).fill(-1);

  intern(start: number, end: number): number {
    const b = this.bytes;
    const len0 = end - start;
    const r = (Math.imul(b[start], 31) + len0) & 1023;
    const guess = this.recent[r];
    if (guess >= 0 && this.lengths[guess] === len0) {
      const s = this.starts[guess];
      let j = 0;
      while (j < len0 && b[s + j] === b[start + j]) j++;
      if (j === len0) {
        this.lastHadLower = this.lowerFlags[guess] === 1;
        return guess;
      }
    }
    const k = this.internSlow(start, end);
    this.recent[r] = k;
    return k;
  }

  private internSlow(start: number, end: number): number {
    const b = this.bytes;
    let h = 0x811c9dc5 | 0;
    let lower = false;
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c > 0x60) lower = true;
      h = Math.imul(h ^ upper(c), 0x01000193);
    }
    this.lastHadLower = lower;
    const len = end - start;
    let slot = h & this.mask;
    for (;;) {
      const k = this.slots[slot];
      if (k < 0) break;
      if (this.lengths[k] === len) {
        const s = this.starts[k];
        let same = true;
        for (let j = 0; j < len; j++) {
          if (upper(b[s + j]) !== upper(b[start + j])) {
            same = false;
            break;
          }
        }
        if (same) return k;
      }
      slot = (slot + 1) & this.mask;
    }
    const k = this.names.length;
    this.lowerFlags.push(lower ? 1 : 0);
    let name = '';
    for (let i = start; i < end; i++) name += String.fromCharCode(upper(b[i]));
    this.names.push(name);
    this.starts.push(start);
    this.lengths.push(len);
    this.slots[slot] = k;
    if (this.names.length * 2 > this.mask) this.grow();
    return k;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const b = this.bytes;
    for (let k = 0; k < this.names.length; k++) {
      let h = 0x811c9dc5 | 0;
      const s = this.starts[k];
      const e = s + this.lengths[k];
      for (let i = s; i < e; i++) h = Math.imul(h ^ upper(b[i]), 0x01000193);
      let slot = h & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = k;
    }
  }
}

/** No schema keyword comes near this; longer ones are hostile or garbage. */
const MAX_KEYWORD_BYTES = 4096;

/** Scanner state and the first pass. @internal */
export class StepScanner {
  private readonly b: Uint8Array;
  private readonly n: number;
  private readonly limits: StepReadLimits;
  private readonly kw: KeywordTable;

  private count = 0;
  private cap: number;
  private ids: Float64Array;
  private starts: Uint32Array;
  private bodies: Uint32Array;
  private ends: Uint32Array;
  private keywordIds: Int32Array;
  private readonly idTable = new StepIdTable();
  private complexParts = new Map<number, number[]>();
  private readonly warnings: StepWarning[] = [];
  private readonly warningIndex = new Map<StepWarningCode, StepWarning>();
  private currentEntity: number | undefined;

  constructor(bytes: Uint8Array, limits: StepReadLimits) {
    this.b = bytes;
    this.n = bytes.length;
    this.limits = limits;
    this.kw = new KeywordTable(bytes);
    this.cap = Math.max(256, Math.min(limits.maxEntities + 1, Math.ceil(bytes.length / 64)));
    this.ids = new Float64Array(this.cap);
    this.starts = new Uint32Array(this.cap);
    this.bodies = new Uint32Array(this.cap);
    this.ends = new Uint32Array(this.cap);
    this.keywordIds = new Int32Array(this.cap);
  }

  private fail(code: StepReaderErrorCode, message: string, offset: number, details?: Record<string, unknown>): never {
    throw createStepError(code, message, {
      offset,
      bytes: this.b,
      stage: 'format',
      ...(this.currentEntity !== undefined ? { entityId: this.currentEntity } : {}),
      ...(details ? { details } : {}),
    });
  }

  private warn(code: StepWarningCode, message: string, offset: number): void {
    const w = this.warningIndex.get(code);
    if (w) {
      w.count++;
      return;
    }
    const nw: StepWarning = { code, message, offset, count: 1 };
    this.warningIndex.set(code, nw);
    this.warnings.push(nw);
  }

  /** Skip whitespace and comments; returns the offset of the next token (or n). */
  private skip(i: number): number {
    const b = this.b;
    const n = this.n;
    for (;;) {
      while (i < n && isSpace(b[i])) i++;
      if (i + 1 < n && b[i] === SLASH && b[i + 1] === STAR) i = this.skipComment(i);
      else return i;
    }
  }

  /** `i` at `/*`; returns the offset after the closing `*\/`. */
  private skipComment(i: number): number {
    const end = stepCommentEnd(this.b, i);
    if (end < 0) this.fail('STEP_UNTERMINATED_COMMENT', 'Comment "/*" is never closed', i);
    return end;
  }

  /** Case-insensitive match of an ASCII word at `i` that is not followed by a keyword char. */
  private matchWord(i: number, word: string): boolean {
    const b = this.b;
    if (i + word.length > this.n) return false;
    for (let j = 0; j < word.length; j++) if (upper(b[i + j]) !== word.charCodeAt(j)) return false;
    const after = b[i + word.length];
    return after === undefined || !(isKeywordChar(after) || after === 0x2d);
  }

  private noteCase(i: number, word: string, what: string): void {
    const b = this.b;
    for (let j = 0; j < word.length; j++) {
      const c = b[i + j];
      if (c >= 0x61 && c <= 0x7a) {
        this.warn('LOWERCASE_KEYWORD', `Lower-case ${what} (Part 21 requires upper case); read case-insensitively`, i);
        return;
      }
    }
  }

  private expectSemicolon(i: number, after: string): number {
    i = this.skip(i);
    if (i >= this.n) this.fail('STEP_UNEXPECTED_EOF', `Input ends where ";" was expected after ${after}`, i);
    if (this.b[i] !== SEMI) this.fail('STEP_UNEXPECTED_TOKEN', `Expected ";" after ${after}, found ${this.describe(i)}`, i);
    return i + 1;
  }

  /** A short, log-safe description of the token at `i`. */
  describe(i: number): string {
    const b = this.b;
    if (i >= this.n) return 'end of input';
    let j = i;
    while (j < this.n && j - i < 24 && b[j] >= 0x21 && b[j] < 0x7f) j++;
    if (j === i) return `byte 0x${b[i].toString(16).padStart(2, '0')}`;
    let s = '';
    for (let k = i; k < j; k++) s += String.fromCharCode(b[k]);
    return JSON.stringify(s);
  }

  /** Run the first pass. */
  scan(): StepIndex {
    const b = this.b;
    const n = this.n;
    let i = 0;
    if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      i = 3;
      this.warn('BYTE_ORDER_MARK', 'UTF-8 byte order mark before ISO-10303-21 (skipped)', 0);
    }
    const contentStart = i;

    // ISO-10303-21;
    i = this.skip(i);
    if (!this.matchWord(i, 'ISO-10303-21')) {
      this.fail('STEP_BAD_MAGIC', `Not an ISO 10303-21 exchange structure: expected "ISO-10303-21;", found ${this.describe(i)}`, i);
    }
    this.noteCase(i, 'ISO', 'file keyword');
    i = this.expectSemicolon(i + 12, '"ISO-10303-21"');

    // HEADER; ... ENDSEC;
    i = this.skip(i);
    if (i >= n) this.fail('STEP_HEADER_MISSING', 'Input ends after "ISO-10303-21;": no HEADER section', i);
    if (!this.matchWord(i, 'HEADER')) this.fail('STEP_HEADER_MISSING', `Expected "HEADER;", found ${this.describe(i)}`, i);
    this.noteCase(i, 'HEADER', 'section keyword');
    i = this.expectSemicolon(i + 6, '"HEADER"');
    const headerRecords: Array<[number, number]> = [];
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_ENDSEC_MISSING', 'Input ends inside the HEADER section (no ENDSEC)', i);
      if (this.matchWord(i, 'ENDSEC')) {
        i = this.expectSemicolon(i + 6, '"ENDSEC"');
        break;
      }
      if (this.matchWord(i, 'DATA') || this.matchWord(i, 'END-ISO-10303-21')) {
        this.fail('STEP_ENDSEC_MISSING', 'HEADER section is not closed by "ENDSEC;"', i);
      }
      if (b[i] === SEMI) {
        this.warn('EMPTY_STATEMENT', 'Stray ";" without a statement (ignored)', i);
        i++;
        continue;
      }
      if (!isKeywordStart(b[i])) this.fail('STEP_UNEXPECTED_TOKEN', `Expected a header entity, found ${this.describe(i)}`, i);
      const kwStart = i;
      i = this.keywordEnd(i);
      i = this.skip(i);
      if (b[i] !== LPAREN) this.fail('STEP_UNEXPECTED_TOKEN', `Expected "(" after a header keyword, found ${this.describe(i)}`, i);
      i = this.scanBody(i);
      const semi = this.expectSemicolon(i, 'a header entity') - 1;
      if (headerRecords.length >= this.limits.maxEntities) {
        this.fail('STEP_LIMIT_ENTITIES', `More than ${this.limits.maxEntities} header entities (limit maxEntities)`, kwStart, {
          limit: this.limits.maxEntities,
        });
      }
      headerRecords.push([kwStart, semi]);
      i = semi + 1;
    }

    // Sections until END-ISO-10303-21;
    const dataSections: number[] = [];
    for (;;) {
      i = this.skip(i);
      if (i >= n) {
        if (dataSections.length === 0) this.fail('STEP_DATA_MISSING', 'Input ends without a DATA section', i);
        this.fail('STEP_MISSING_END', 'Input ends without "END-ISO-10303-21;"', i);
      }
      if (this.matchWord(i, 'DATA')) {
        this.noteCase(i, 'DATA', 'section keyword');
        i = this.skip(i + 4);
        if (b[i] === LPAREN) {
          dataSections.push(i);
          i = this.scanBody(i);
        } else dataSections.push(-1);
        i = this.expectSemicolon(i, '"DATA"');
        i = this.scanData(i);
        continue;
      }
      if (this.matchWord(i, 'END-ISO-10303-21')) {
        if (dataSections.length === 0) this.fail('STEP_DATA_MISSING', 'No DATA section before "END-ISO-10303-21;"', i);
        i = this.expectSemicolon(i + 16, '"END-ISO-10303-21"');
        const rest = this.skip(i);
        if (rest < n) {
          let allNul = true;
          for (let k = rest; k < n; k++) if (b[k] !== 0 && b[k] !== 0x1a) { allNul = false; break; }
          if (!allNul) this.warn('TRAILING_CONTENT', 'Content after "END-ISO-10303-21;" (ignored)', rest);
        }
        break;
      }
      if (this.matchWord(i, 'ANCHOR') || this.matchWord(i, 'REFERENCE') || this.matchWord(i, 'SIGNATURE')) {
        // Part 21 edition 3 sections: not needed for geometry; skipped structurally.
        this.warn('SECTION_SKIPPED', 'ANCHOR/REFERENCE/SIGNATURE section skipped', i);
        i = this.skipSection(i);
        continue;
      }
      if (b[i] === HASH) this.fail('STEP_UNEXPECTED_TOKEN', 'Entity instance outside a DATA section', i);
      this.fail('STEP_UNEXPECTED_TOKEN', `Expected "DATA;" or "END-ISO-10303-21;", found ${this.describe(i)}`, i);
    }

    const count = this.count;
    const idTable = this.idTable;
    return {
      count,
      ids: this.ids,
      starts: this.starts,
      bodies: this.bodies,
      ends: this.ends,
      keywordIds: this.keywordIds,
      keywords: this.kw.names,
      complexParts: this.complexParts,
      indexOf(id: number): number {
        return idTable.get(id);
      },
      headerRecords,
      dataSections,
      warnings: this.warnings,
      contentStart,
    };
  }

  private keywordEnd(i: number): number {
    const b = this.b;
    const n = this.n;
    const start = i;
    while (i < n && isKeywordChar(b[i])) i++;
    if (i - start > MAX_KEYWORD_BYTES) {
      this.fail('STEP_UNEXPECTED_TOKEN', `Keyword of ${i - start} bytes (longer than ${MAX_KEYWORD_BYTES})`, start);
    }
    return i;
  }

  /** Skip an edition-3 section up to and including its `ENDSEC;`. */
  private skipSection(i: number): number {
    const b = this.b;
    const n = this.n;
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_ENDSEC_MISSING', 'Input ends inside a section (no ENDSEC)', i);
      if (this.matchWord(i, 'ENDSEC')) return this.expectSemicolon(i + 6, '"ENDSEC"');
      const c = b[i];
      if (c === QUOTE) i = this.skipString(i);
      else if (c === LPAREN) i = this.scanBody(i);
      else i++;
    }
  }

  /** Index the instances of one DATA section; returns the offset after its `ENDSEC;`. */
  private scanData(i: number): number {
    const b = this.b;
    const n = this.n;
    const maxEntities = this.limits.maxEntities;
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_ENDSEC_MISSING', 'Input ends inside a DATA section (no ENDSEC)', i);
      const c = b[i];
      if (c !== HASH) {
        if (c === SEMI) {
          this.warn('EMPTY_STATEMENT', 'Stray ";" without a statement (ignored)', i);
          i++;
          continue;
        }
        if (this.matchWord(i, 'ENDSEC')) return this.expectSemicolon(i + 6, '"ENDSEC"');
        if (this.matchWord(i, 'END-ISO-10303-21') || this.matchWord(i, 'DATA')) {
          this.fail('STEP_ENDSEC_MISSING', 'DATA section is not closed by "ENDSEC;"', i);
        }
        this.fail('STEP_UNEXPECTED_TOKEN', `Expected an entity instance "#id = ..." or "ENDSEC;", found ${this.describe(i)}`, i);
      }
      const start = i;
      this.currentEntity = undefined;
      // #id
      i++;
      let id = 0;
      let digits = 0;
      while (i < n) {
        const d = b[i] - 0x30;
        if (d < 0 || d > 9) break;
        id = id * 10 + d;
        digits++;
        i++;
      }
      if (digits === 0) {
        if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside an entity instance', i);
        this.fail('STEP_UNEXPECTED_TOKEN', `Expected digits after "#", found ${this.describe(i)}`, i);
      }
      if (id > Number.MAX_SAFE_INTEGER || digits > 16) {
        this.fail('STEP_BAD_ENTITY_ID', `Entity id #${this.textOf(start + 1, i)} is larger than 2^53-1 and cannot be represented exactly`, start, {
          maxId: Number.MAX_SAFE_INTEGER,
        });
      }
      this.currentEntity = id;
      i = this.skip(i);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside an entity instance', i);
      if (b[i] !== EQUALS) this.fail('STEP_UNEXPECTED_TOKEN', `Expected "=" after #${id}, found ${this.describe(i)}`, i);
      i = this.skip(i + 1);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside an entity instance', i);
      const body = i;
      let kwId: number;
      if (b[i] === LPAREN) {
        kwId = -1;
        i = this.scanComplex(i);
      } else {
        if (!isKeywordStart(b[i])) this.fail('STEP_UNEXPECTED_TOKEN', `Expected an entity keyword or "(" after "#${id} =", found ${this.describe(i)}`, i);
        const kEnd = this.keywordEnd(i);
        kwId = this.kw.intern(i, kEnd);
        if (this.kw.lastHadLower) this.lowerKeyword(i);
        i = this.skip(kEnd);
        if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside an entity instance', i);
        if (b[i] !== LPAREN) this.fail('STEP_UNEXPECTED_TOKEN', `Expected "(" after the entity keyword, found ${this.describe(i)}`, i);
        i = this.scanBody(i);
      }
      // ;
      i = this.skip(i);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', `Input ends where ";" was expected after #${id}`, i);
      if (b[i] !== SEMI) {
        if (b[i] === RPAREN) this.fail('STEP_UNBALANCED_PARENS', `Extra ")" after the parameter list of #${id}`, i);
        this.fail('STEP_UNEXPECTED_TOKEN', `Expected ";" after the entity instance #${id}, found ${this.describe(i)}`, i);
      }
      // record
      const idx = this.count;
      if (idx >= maxEntities) {
        this.fail('STEP_LIMIT_ENTITIES', `More than ${maxEntities} entity instances (limit maxEntities)`, start, { limit: maxEntities });
      }
      if (this.indexOfScan(id) >= 0) {
        const first = this.starts[this.indexOfScan(id)];
        this.fail('STEP_DUPLICATE_ID', `Entity id #${id} is defined twice`, start, { firstOffset: first });
      }
      if (idx === this.cap) this.growArrays();
      this.ids[idx] = id;
      this.starts[idx] = start;
      this.bodies[idx] = body;
      this.ends[idx] = i;
      this.keywordIds[idx] = kwId;
      if (kwId < 0) this.complexParts.set(idx, this.pendingParts);
      this.setIndex(id, idx);
      this.count = idx + 1;
      this.currentEntity = undefined;
      i++;
    }
  }

  private pendingParts: number[] = [];

  private lowerKeyword(i: number): void {
    this.warn('LOWERCASE_KEYWORD', 'Lower-case entity keyword (Part 21 requires upper case); read case-insensitively', i);
  }

  private indexOfScan(id: number): number {
    return this.idTable.get(id);
  }

  private setIndex(id: number, idx: number): void {
    this.idTable.set(id, idx);
  }

  private growArrays(): void {
    const cap = Math.min(this.cap * 2, this.limits.maxEntities + 1);
    const grow = <T extends Float64Array | Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(a);
      return next;
    };
    this.ids = grow(this.ids, (k) => new Float64Array(k));
    this.starts = grow(this.starts, (k) => new Uint32Array(k));
    this.bodies = grow(this.bodies, (k) => new Uint32Array(k));
    this.ends = grow(this.ends, (k) => new Uint32Array(k));
    this.keywordIds = grow(this.keywordIds, (k) => new Int32Array(k));
    this.cap = cap;
  }

  private textOf(a: number, e: number): string {
    let s = '';
    for (let k = a; k < e && k - a < 40; k++) s += String.fromCharCode(this.b[k]);
    return s;
  }

  /** `i` at a `'`; returns the offset after the closing quote. Enforces maxStringLength. */
  skipString(i: number): number {
    const b = this.b;
    const n = this.n;
    const start = i;
    i++;
    for (;;) {
      if (i >= n) this.fail('STEP_UNTERMINATED_STRING', 'String literal is never closed', start);
      const c = b[i++];
      if (c === QUOTE) {
        if (i < n && b[i] === QUOTE) {
          i++;
          continue;
        }
        break;
      }
      if (c < 0x20 || c >= 0x7f) this.oddStringByte(c, i - 1, start);
    }
    const len = i - start - 2;
    if (len > this.limits.maxStringLength) {
      this.fail('STEP_LIMIT_STRING', `String literal of ${len} bytes exceeds the limit of ${this.limits.maxStringLength} (maxStringLength)`, start, {
        limit: this.limits.maxStringLength,
        length: len,
      });
    }
    return i;
  }

  private oddStringByte(c: number, at: number, stringStart: number): void {
    if (c >= 0x80) {
      this.warn('NON_ASCII_TEXT', 'Bytes >= 0x80 inside string literals (Part 21 text is 7-bit; decoded as UTF-8 where valid, else ISO 8859-1)', at);
      return;
    }
    if (c === 0x0a || c === 0x0d) {
      // A line break inside a string is tolerated, unless the next line starts a new instance:
      // then the string was almost certainly never closed.
      const b = this.b;
      const n = this.n;
      let j = at + 1;
      while (j < n && (b[j] === 0x20 || b[j] === 0x09 || b[j] === 0x0a || b[j] === 0x0d)) j++;
      if (j < n && b[j] === HASH) {
        let k = j + 1;
        while (k < n && b[k] >= 0x30 && b[k] <= 0x39) k++;
        if (k > j + 1) {
          while (k < n && (b[k] === 0x20 || b[k] === 0x09)) k++;
          if (b[k] === EQUALS) {
            this.fail('STEP_UNTERMINATED_STRING', 'String literal is not closed before the next entity instance', stringStart, {
              nextInstanceOffset: j,
            });
          }
        }
      }
      this.warn('LINE_BREAK_IN_STRING', 'Line break inside a string literal (kept as written)', at);
      return;
    }
    if (c !== 0x09) this.warn('CONTROL_CHARACTER', 'Control characters inside string literals (kept as written)', at);
  }

  /**
   * `i` at the `(` that opens a parameter list; returns the offset after the matching `)`.
   * Skips strings and comments, enforces maxDepth and rejects `;` inside parentheses.
   */
  private scanBody(i: number, baseDepth = 0): number {
    const b = this.b;
    const n = this.n;
    const maxDepth = this.limits.maxDepth;
    const open = i;
    let depth = baseDepth + 1;
    if (depth > maxDepth) this.depthFail(i);
    i++;
    while (i < n) {
      const cls = BODY_CLASS[b[i]];
      if (cls === 0) {
        i++;
        continue;
      }
      switch (cls) {
        case 1:
          i = this.skipString(i);
          break;
        case 2:
          if (++depth > maxDepth) this.depthFail(i);
          i++;
          break;
        case 3:
          i++;
          if (--depth === baseDepth) return i;
          break;
        case 4:
          if (i + 1 < n && b[i + 1] === STAR) i = this.skipComment(i);
          else i++;
          break;
        default:
          this.fail('STEP_UNBALANCED_PARENS', `";" inside an open parameter list (${depth - baseDepth} unclosed "(")`, i, { openedAt: open });
      }
    }
    this.fail('STEP_UNEXPECTED_EOF', `Input ends inside a parameter list (${depth - baseDepth} unclosed "(")`, n);
  }

  private depthFail(i: number): never {
    this.fail('STEP_LIMIT_DEPTH', `Parentheses nested deeper than ${this.limits.maxDepth} (maxDepth)`, i, { limit: this.limits.maxDepth });
  }

  /** A complex instance `( A(...) B(...) )`; records the part keywords. */
  private scanComplex(i: number): number {
    const b = this.b;
    const n = this.n;
    const parts: number[] = [];
    if (this.limits.maxDepth < 2) this.depthFail(i);
    i++;
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside a complex entity instance', i);
      const c = b[i];
      if (c === RPAREN) {
        i++;
        break;
      }
      if (!isKeywordStart(c)) {
        if (c === SEMI) this.fail('STEP_UNBALANCED_PARENS', '";" inside an open complex entity instance', i);
        this.fail('STEP_UNEXPECTED_TOKEN', `Expected a record keyword in a complex instance, found ${this.describe(i)}`, i);
      }
      const kEnd = this.keywordEnd(i);
      parts.push(this.kw.intern(i, kEnd));
      if (this.kw.lastHadLower) this.lowerKeyword(i);
      i = this.skip(kEnd);
      if (b[i] !== LPAREN) this.fail('STEP_UNEXPECTED_TOKEN', `Expected "(" after a record keyword, found ${this.describe(i)}`, i);
      i = this.scanBody(i, 1); // one level deeper than a simple instance
    }
    if (parts.length === 0) this.fail('STEP_BAD_PARAMETER', 'Complex entity instance without records', i - 1);
    this.pendingParts = parts;
    return i;
  }
}
