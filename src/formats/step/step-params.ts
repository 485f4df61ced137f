import { STEP_DERIVED, type StepEnum, type StepRecord, type StepRef, type StepValue } from './step-types.js';
import { decodeHighBytes, latin1, unescapeStepString, type StringDecodeHooks } from './step-strings.js';
import type { StepReaderErrorCode } from './step-errors.js';
import type { StepWarningCode } from './step-warnings.js';
import { stepCommentEnd } from './step-comments.js';

/*
 * Second stage: decode the parameters of one record from the bytes, on demand. The first pass
 * has already checked that parentheses balance, strings and comments close and depth is bounded,
 * so this parser only checks token syntax. It is iterative (explicit stack), so a caller-raised
 * maxDepth cannot overflow the JS stack.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MANTISSA_MAX = 2 ** 53;

/** Problems found while decoding; the reader turns them into CadlensErrors with locations. @internal */
export class StepDecodeFailure {
  constructor(
    readonly code: StepReaderErrorCode,
    readonly message: string,
    readonly offset: number,
    readonly details?: Record<string, unknown>,
  ) {}
}

/** @internal */
export interface ParamDecoderHost {
  readonly bytes: Uint8Array;
  /** The whole input as a one-byte (ISO 8859-1 / windows-1252) string, for cheap substrings. */
  text(): string;
  warn(code: StepWarningCode, message: string, offset: number): void;
}

function isKeywordChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x21;
}

const ENUM_T: StepEnum = Object.freeze({ kind: 'enum', name: 'T' });
const ENUM_F: StepEnum = Object.freeze({ kind: 'enum', name: 'F' });
const ENUM_U: StepEnum = Object.freeze({ kind: 'enum', name: 'U' });

const MAX_DOUBLE_TEMPLATE = 256;
const doubleTemplates: number[][] = [];
/** A length-`k` array with unboxed-double elements, to copy with `slice()`. */
function doubleTemplate(k: number): number[] {
  let tmpl = doubleTemplates[k];
  if (tmpl === undefined) {
    tmpl = [0.5];
    for (let j = 1; j < k; j++) tmpl.push(0.5);
    doubleTemplates[k] = tmpl;
  }
  return tmpl;
}

/** Thrown inside the reference scan when the entity must be decoded for real. */
const NEEDS_DECODE = Symbol('needs decode');

/** Decodes parameter lists of one exchange structure. @internal */
export class StepParamDecoder {
  private readonly b: Uint8Array;
  private readonly n: number;
  private readonly enums = new Map<string, StepEnum>();
  private readonly names = new Map<string, string>();
  /** Offset just after the last decoded list/record. */
  pos = 0;
  // Reused frame stacks of the iterative list parser (list() is not re-entrant).
  private readonly frameStart: number[] = [];
  private readonly typedStack: (string | null)[] = [];
  private readonly typedAt: number[] = [];
  // Value scratch: a flat stack of the values of all open lists (numbers unboxed in `num`).
  private readonly gen: StepValue[] = new Array<StepValue>(1024).fill(null);
  private num = new Float64Array(1024);
  private isNum = new Uint8Array(1024);
  // Shared StepRef objects for ids below refCache.length.
  private refCache: (StepRef | undefined)[] = [];
  // Interned short strings: slot → string, with the source range it was read from.
  private readonly shortStrings: string[] = new Array<string>(4096).fill('');
  private readonly shortStart = new Int32Array(4096).fill(-1);

  constructor(private readonly host: ParamDecoderHost) {
    this.b = host.bytes;
    this.n = host.bytes.length;
  }

  private fail(code: StepReaderErrorCode, message: string, offset: number, details?: Record<string, unknown>): never {
    throw new StepDecodeFailure(code, message, offset, details);
  }

  private skip(i: number): number {
    const b = this.b;
    const n = this.n;
    for (;;) {
      let c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b) c = b[++i];
      if (c === 0x2f && b[i + 1] === 0x2a) {
        const end = stepCommentEnd(b, i);
        if (end < 0) this.fail('STEP_UNTERMINATED_COMMENT', 'Comment is never closed', n);
        i = end;
      } else return i;
    }
  }

  private describe(i: number): string {
    const b = this.b;
    if (i >= this.n) return 'end of input';
    const c = b[i];
    if (c >= 0x21 && c < 0x7f) return JSON.stringify(String.fromCharCode(c));
    return `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  /** Read a keyword at `i`; returns the interned upper-case name, `pos` after it. */
  keyword(i: number): string {
    const b = this.b;
    const start = i;
    let lower = false;
    while (i < this.n && isKeywordChar(b[i])) {
      if (b[i] > 0x60) lower = true;
      i++;
    }
    if (i === start) this.fail('STEP_BAD_PARAMETER', `Expected a keyword, found ${this.describe(i)}`, i);
    let name = this.host.text().substring(start, i);
    if (lower) name = name.toUpperCase();
    const known = this.names.get(name);
    this.pos = i;
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  /** Size the shared-reference cache for ids up to `maxId`. */
  setRefCacheSize(maxId: number): void {
    this.refCache = new Array<StepRef | undefined>(Math.max(0, Math.min(maxId + 1, 1 << 24)));
  }

  /** The parameters of a simple instance whose keyword (already known) starts or ends at `i`. */
  simpleArgs(i: number): StepValue[] {
    const b = this.b;
    while (isKeywordChar(b[i])) i++;
    return this.list(this.skip(i));
  }

  /**
   * Decode a simple instance body (`KEYWORD(...)`) or complex one (`(A(...)B(...))`) at `i`.
   * `knownType` (the interned keyword, from the first pass) saves re-reading a simple keyword.
   */
  record(i: number, knownType?: string): { type: string; args: StepValue[]; parts?: StepRecord[] } {
    const b = this.b;
    if (knownType !== undefined) return { type: knownType, args: this.simpleArgs(i) };
    if (b[i] === 0x28) {
      const parts: StepRecord[] = [];
      i = this.skip(i + 1);
      while (b[i] !== 0x29) {
        const type = this.keyword(i);
        i = this.skip(this.pos);
        if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after ${type}, found ${this.describe(i)}`, i);
        const args = this.list(i);
        parts.push({ type, args });
        i = this.skip(this.pos);
        if (i >= this.n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside a complex instance', i);
      }
      this.pos = i + 1;
      return { type: parts.map((p) => p.type).join(' '), args: [], parts };
    }
    const type = this.keyword(i);
    i = this.skip(this.pos);
    if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after ${type}, found ${this.describe(i)}`, i);
    return { type, args: this.list(i) };
  }

  /**
   * Decode a complex instance `(A(...)B(...))` at `i` whose record keywords the first pass already
   * interned (`partTypes`, in file order; it also checked the record structure). Same values as
   * {@link record} without re-reading the keywords.
   */
  complexRecords(i: number, partTypes: readonly string[]): StepRecord[] {
    const b = this.b;
    const parts: StepRecord[] = new Array<StepRecord>(partTypes.length);
    i = this.skip(i + 1);
    for (let p = 0; p < partTypes.length; p++) {
      while (isKeywordChar(b[i])) i++;
      i = this.skip(i);
      if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after ${partTypes[p]}, found ${this.describe(i)}`, i);
      parts[p] = { type: partTypes[p], args: this.list(i) };
      i = this.skip(this.pos);
    }
    this.pos = i + 1;
    return parts;
  }

  /** Grow the value scratch buffers. */
  private growScratch(): void {
    const size = this.num.length * 2;
    const num = new Float64Array(size);
    num.set(this.num);
    this.num = num;
    const isNum = new Uint8Array(size);
    isNum.set(this.isNum);
    this.isNum = isNum;
  }

  /**
   * An exact-size array of the scratch values `[s, s + k)`. Small lists use array literals so V8
   * allocates one right-sized backing store of the right element kind (unboxed doubles for
   * coordinate lists).
   */
  private take(s: number, k: number): StepValue[] {
    const g = this.gen;
    const f = this.num;
    const t = this.isNum;
    switch (k) {
      case 0:
        return [];
      case 1:
        return [t[s] ? f[s] : g[s]];
      case 2:
        if (t[s] & t[s + 1]) return [f[s], f[s + 1]];
        return [t[s] ? f[s] : g[s], t[s + 1] ? f[s + 1] : g[s + 1]];
      case 3:
        if (t[s] & t[s + 1] & t[s + 2]) return [f[s], f[s + 1], f[s + 2]];
        return [t[s] ? f[s] : g[s], t[s + 1] ? f[s + 1] : g[s + 1], t[s + 2] ? f[s + 2] : g[s + 2]];
      case 4:
        return [t[s] ? f[s] : g[s], t[s + 1] ? f[s + 1] : g[s + 1], t[s + 2] ? f[s + 2] : g[s + 2], t[s + 3] ? f[s + 3] : g[s + 3]];
      default: {
        let allNum = 1;
        for (let j = 0; j < k; j++) allNum &= t[s + j];
        if (allNum === 1 && k <= MAX_DOUBLE_TEMPLATE) {
          // Copy of an unboxed-double template: one right-sized double backing store, no
          // elements-kind transition (a fresh `new Array(k)` starts as SMI and would be reallocated).
          const a = doubleTemplate(k).slice();
          for (let j = 0; j < k; j++) a[j] = f[s + j];
          return a;
        }
        const a = new Array<StepValue>(k);
        if (allNum === 0) {
          // Tagged values first: the array becomes generic in place, before any double is stored.
          for (let j = 0; j < k; j++) if (!t[s + j]) a[j] = g[s + j];
          for (let j = 0; j < k; j++) if (t[s + j]) a[j] = f[s + j];
        } else for (let j = 0; j < k; j++) a[j] = f[s + j];
        return a;
      }
    }
  }

  /** Decode the parameter list whose `(` is at `i`. Sets `pos` after the matching `)`. */
  list(i: number): StepValue[] {
    const b = this.b;
    const n = this.n;
    const typedStack = this.typedStack;
    const typedAt = this.typedAt;
    const frameStart = this.frameStart;
    const gen = this.gen;
    let sp = 0;
    let vt = 0; // scratch top
    let start = 0; // scratch start of the current list
    let curTyped: string | null = null;
    let curTypedAt = 0;
    i++;
    let expectValue = true; // after "(" or ","
    let justOpened = true;
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside a parameter list', i);
      const c = b[i];
      if (!expectValue) {
        if (c === 0x2c) {
          expectValue = true;
          justOpened = false;
          i++;
          continue;
        }
        if (c !== 0x29) this.fail('STEP_BAD_PARAMETER', `Expected "," or ")" between parameters, found ${this.describe(i)}`, i);
      }
      if (vt >= this.num.length) this.growScratch();
      if (c === 0x29) {
        if (expectValue && !justOpened) this.fail('STEP_BAD_PARAMETER', 'Missing parameter before ")"', i);
        i++;
        // close the current list
        const typed = curTyped;
        const k = vt - start;
        if (sp === 0) {
          this.pos = i;
          const out = this.take(start, k);
          for (let j = 0; j < vt; j++) gen[j] = null;
          return out;
        }
        let value: StepValue;
        if (typed !== null) {
          if (k !== 1) {
            this.fail('STEP_BAD_PARAMETER', `Typed parameter ${typed}(…) must hold exactly one value, found ${k}`, curTypedAt);
          }
          value = { kind: 'typed', type: typed, value: this.isNum[start] ? this.num[start] : gen[start] };
        } else value = this.take(start, k);
        vt = start;
        sp--;
        start = frameStart[sp];
        curTyped = typedStack[sp];
        curTypedAt = typedAt[sp];
        gen[vt] = value;
        this.isNum[vt++] = 0;
        expectValue = false;
        justOpened = false;
        continue;
      }
      // a value
      switch (c) {
        case 0x24: // $
          gen[vt] = null;
          this.isNum[vt++] = 0;
          i++;
          break;
        case 0x2a: // *
          gen[vt] = STEP_DERIVED;
          this.isNum[vt++] = 0;
          i++;
          break;
        case 0x23: // #
          gen[vt] = this.ref(i);
          this.isNum[vt++] = 0;
          i = this.pos;
          break;
        case 0x27: // '
          gen[vt] = this.string(i);
          this.isNum[vt++] = 0;
          i = this.pos;
          break;
        case 0x22: // "
          gen[vt] = this.binary(i);
          this.isNum[vt++] = 0;
          i = this.pos;
          break;
        case 0x2e: // .
          gen[vt] = this.enumeration(i);
          this.isNum[vt++] = 0;
          i = this.pos;
          break;
        case 0x28: // (
          frameStart[sp] = start;
          typedStack[sp] = curTyped;
          typedAt[sp] = curTypedAt;
          sp++;
          start = vt;
          curTyped = null;
          i++;
          expectValue = true;
          justOpened = true;
          continue;
        default:
          if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b) {
            this.num[vt] = this.number(i);
            gen[vt] = null;
            this.isNum[vt++] = 1;
            i = this.pos;
          } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x21) {
            const at = i;
            const type = this.keyword(i);
            i = this.skip(this.pos);
            if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after typed parameter ${type}, found ${this.describe(i)}`, i);
            frameStart[sp] = start;
            typedStack[sp] = curTyped;
            typedAt[sp] = curTypedAt;
            sp++;
            start = vt;
            curTyped = type;
            curTypedAt = at;
            i++;
            expectValue = true;
            justOpened = true;
            continue;
          } else {
            this.fail('STEP_BAD_PARAMETER', `Unexpected ${this.describe(i)} where a parameter was expected`, i);
          }
      }
      expectValue = false;
      justOpened = false;
    }
  }

  // --- Reference scan: the grammar of list()/record() without building values -------------
  /** Reference ids found by the last {@link references} call: `refIds[0 .. refCount)`. */
  refIds = new Float64Array(256);
  refCount = 0;
  // Per open list: values so far, and the offset of its typed-parameter keyword (-1: plain list).
  private scanCounts = new Int32Array(64);
  private scanTypedAt = new Int32Array(64);

  private pushRefId(id: number): void {
    if (this.refCount === this.refIds.length) {
      const next = new Float64Array(this.refIds.length * 2);
      next.set(this.refIds);
      this.refIds = next;
    }
    this.refIds[this.refCount++] = id;
  }

  /**
   * Check the body of one instance at `i` exactly as {@link record} would decode it (same errors,
   * same offsets, same warnings) but without building any values: only the `#id` references are
   * collected, in file order, into {@link refIds}/{@link refCount}. Returns the reference count,
   * or -1 when a string literal needs real decoding (escapes, bytes ≥ 0x80): decode the entity.
   * `simple`: a simple instance whose keyword the first pass already knows.
   */
  references(i: number, simple: boolean): number {
    try {
      return this.referencesOrThrow(i, simple);
    } catch (e) {
      if (e === NEEDS_DECODE) return -1;
      throw e;
    }
  }

  /** Add the references inside decoded values to {@link refIds}, in order. */
  collectReferences(values: readonly StepValue[]): void {
    // Iterative (explicit stack), like list(): a raised maxDepth cannot overflow the JS stack.
    const work: StepValue[] = [];
    for (let k = values.length - 1; k >= 0; k--) work.push(values[k]);
    while (work.length > 0) {
      const v = work.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) for (let k = v.length - 1; k >= 0; k--) work.push(v[k]);
      else if (v.kind === 'ref') this.pushRefId(v.id);
      else if (v.kind === 'typed') work.push(v.value);
    }
  }

  private referencesOrThrow(i: number, simple: boolean): number {
    const b = this.b;
    this.refCount = 0;
    if (simple) {
      while (isKeywordChar(b[i])) i++;
      this.scanList(this.skip(i));
      return this.refCount;
    }
    if (b[i] === 0x28) {
      i = this.skip(i + 1);
      while (b[i] !== 0x29) {
        const at = i;
        while (i < this.n && isKeywordChar(b[i])) i++;
        if (i === at) this.fail('STEP_BAD_PARAMETER', `Expected a keyword, found ${this.describe(i)}`, i);
        i = this.skip(i);
        if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after ${this.keywordText(at)}, found ${this.describe(i)}`, i);
        this.scanList(i);
        i = this.skip(this.pos);
        if (i >= this.n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside a complex instance', i);
      }
      this.pos = i + 1;
      return this.refCount;
    }
    const type = this.keyword(i);
    i = this.skip(this.pos);
    if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after ${type}, found ${this.describe(i)}`, i);
    this.scanList(i);
    return this.refCount;
  }

  /** Upper-case keyword at `i` (error messages only). */
  private keywordText(i: number): string {
    let e = i;
    while (e < this.n && isKeywordChar(this.b[e])) e++;
    return this.host.text().substring(i, e).toUpperCase();
  }

  /** {@link list} without values: same checks, same order; references go to {@link refIds}. */
  private scanList(i: number): void {
    const b = this.b;
    const n = this.n;
    let counts = this.scanCounts;
    let typedAts = this.scanTypedAt;
    let sp = 0;
    let count = 0; // values in the current list
    let typedAt = -1;
    i++;
    let expectValue = true;
    let justOpened = true;
    for (;;) {
      i = this.skip(i);
      if (i >= n) this.fail('STEP_UNEXPECTED_EOF', 'Input ends inside a parameter list', i);
      const c = b[i];
      if (!expectValue) {
        if (c === 0x2c) {
          expectValue = true;
          justOpened = false;
          i++;
          continue;
        }
        if (c !== 0x29) this.fail('STEP_BAD_PARAMETER', `Expected "," or ")" between parameters, found ${this.describe(i)}`, i);
      }
      if (c === 0x29) {
        if (expectValue && !justOpened) this.fail('STEP_BAD_PARAMETER', 'Missing parameter before ")"', i);
        i++;
        if (sp === 0) {
          this.pos = i;
          return;
        }
        if (typedAt >= 0 && count !== 1) {
          this.fail('STEP_BAD_PARAMETER', `Typed parameter ${this.keywordText(typedAt)}(…) must hold exactly one value, found ${count}`, typedAt);
        }
        sp--;
        count = counts[sp] + 1;
        typedAt = typedAts[sp];
        expectValue = false;
        justOpened = false;
        continue;
      }
      switch (c) {
        case 0x24: // $
        case 0x2a: // *
          i++;
          break;
        case 0x23: {
          // #
          const start = i;
          i++;
          let id = 0;
          let digits = 0;
          for (;;) {
            const d = b[i] - 0x30;
            if (!(d >= 0 && d <= 9)) break;
            id = id * 10 + d;
            digits++;
            i++;
          }
          if (digits === 0) this.fail('STEP_BAD_PARAMETER', `Expected digits after "#", found ${this.describe(i)}`, i);
          if (digits > 15) id = Number(this.host.text().substring(start + 1, i));
          this.pushRefId(id);
          break;
        }
        case 0x27: // '
          i = this.skipString(i);
          break;
        case 0x22: // "
          i = this.skipBinary(i);
          break;
        case 0x2e: // .
          i = this.skipEnumeration(i);
          break;
        case 0x28: // (
          if (sp === counts.length) {
            const nc = new Int32Array(sp * 2);
            nc.set(counts);
            this.scanCounts = counts = nc;
            const nt = new Int32Array(sp * 2);
            nt.set(typedAts);
            this.scanTypedAt = typedAts = nt;
          }
          counts[sp] = count;
          typedAts[sp] = typedAt;
          sp++;
          count = 0;
          typedAt = -1;
          i++;
          expectValue = true;
          justOpened = true;
          continue;
        default:
          if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b) {
            i = this.skipNumber(i);
          } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x21) {
            const at = i;
            while (i < n && isKeywordChar(b[i])) i++;
            i = this.skip(i);
            if (b[i] !== 0x28) this.fail('STEP_BAD_PARAMETER', `Expected "(" after typed parameter ${this.keywordText(at)}, found ${this.describe(i)}`, i);
            if (sp === counts.length) {
              const nc = new Int32Array(sp * 2);
              nc.set(counts);
              this.scanCounts = counts = nc;
              const nt = new Int32Array(sp * 2);
              nt.set(typedAts);
              this.scanTypedAt = typedAts = nt;
            }
            counts[sp] = count;
            typedAts[sp] = typedAt;
            sp++;
            count = 0;
            typedAt = at;
            i++;
            expectValue = true;
            justOpened = true;
            continue;
          } else {
            this.fail('STEP_BAD_PARAMETER', `Unexpected ${this.describe(i)} where a parameter was expected`, i);
          }
      }
      count++;
      expectValue = false;
      justOpened = false;
    }
  }

  /** Skip a string literal at `i`, checking it like {@link string}; returns the offset after it. */
  private skipString(i: number): number {
    const b = this.b;
    const start = i;
    i++;
    for (;;) {
      const c = b[i];
      if (c === 0x27) {
        if (b[i + 1] === 0x27) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      // Escapes and high bytes: the caller decodes the entity for real (their checks and
      // warnings, once: the decoded entity is cached). Rare in practice.
      if (c === 0x5c || c >= 0x80) throw NEEDS_DECODE;
      if (c === undefined) this.fail('STEP_UNTERMINATED_STRING', 'String literal is never closed', start);
      i++;
    }
  }

  /** Skip a binary literal at `i`, checking it like {@link binary}. */
  private skipBinary(i: number): number {
    const b = this.b;
    const start = i;
    i++;
    const first = b[i];
    if (!(first >= 0x30 && first <= 0x33)) this.fail('STEP_BAD_PARAMETER', 'Binary literal must start with 0-3 (the count of unused bits)', start);
    for (;;) {
      const c = b[i];
      if (c === 0x22) return i + 1;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) {
        this.fail('STEP_BAD_PARAMETER', `Non-hex ${this.describe(i)} in a binary literal`, i);
      }
      i++;
    }
  }

  /** Skip an enumeration at `i`, checking it like {@link enumeration}. */
  private skipEnumeration(i: number): number {
    const b = this.b;
    const start = i;
    i++;
    const c0 = b[i];
    if (c0 >= 0x30 && c0 <= 0x39) this.fail('STEP_BAD_NUMBER', 'A real number needs a digit before "." (e.g. "0.5")', start);
    while (i < this.n && isKeywordChar(b[i])) i++;
    if (i === start + 1 || b[i] !== 0x2e) this.fail('STEP_BAD_PARAMETER', 'Malformed enumeration (expected ".NAME.")', start);
    return i + 1;
  }

  /**
   * Skip a number at `i`, checking it like {@link number}. Only numbers that could overflow (many
   * digits or an exponent) are converted, to apply the same out-of-range rule.
   */
  private skipNumber(i: number): number {
    const b = this.b;
    const start = i;
    let c = b[i];
    if (c === 0x2d || c === 0x2b) c = b[++i];
    let intDigits = 0;
    while (c >= 0x30 && c <= 0x39) {
      intDigits++;
      c = b[++i];
    }
    if (intDigits === 0) return this.skipNumberSlow(start);
    if (c === 0x2e) {
      c = b[++i];
      while (c >= 0x30 && c <= 0x39) c = b[++i];
    }
    let exp = 0;
    if (c === 0x45 || c === 0x65) {
      c = b[++i];
      let eneg = false;
      if (c === 0x2d || c === 0x2b) {
        eneg = c === 0x2d;
        c = b[++i];
      }
      let ed = 0;
      while (c >= 0x30 && c <= 0x39) {
        if (exp < 100000) exp = exp * 10 + (c - 0x30);
        ed++;
        c = b[++i];
      }
      if (ed === 0) return this.skipNumberSlow(start);
      if (eneg) exp = -exp;
    }
    // |value| < 10^(intDigits + exp): finite below 10^300 (Number.MAX_VALUE ≈ 1.8e308).
    if (intDigits + exp >= 300) return this.skipNumberSlow(start);
    return i;
  }

  private skipNumberSlow(start: number): number {
    this.number(start);
    return this.pos;
  }

  private ref(i: number): StepRef {
    const b = this.b;
    const start = i;
    i++;
    let id = 0;
    let digits = 0;
    for (;;) {
      const d = b[i] - 0x30;
      if (!(d >= 0 && d <= 9)) break;
      id = id * 10 + d;
      digits++;
      i++;
    }
    if (digits === 0) this.fail('STEP_BAD_PARAMETER', `Expected digits after "#", found ${this.describe(i)}`, i);
    // A reference beyond 2^53-1 can never resolve (definitions that large are rejected by the
    // first pass), so it is kept as an unresolvable reference rather than an error: SolidWorks
    // writes #18446744073709551615 (2^64-1) as a "null" reference in valid files.
    if (digits > 15) id = Number(this.host.text().substring(start + 1, i));
    this.pos = i;
    if (id < this.refCache.length) {
      const cached = this.refCache[id];
      if (cached !== undefined) return cached;
      const r: StepRef = { kind: 'ref', id };
      this.refCache[id] = r;
      return r;
    }
    return { kind: 'ref', id };
  }

  private number(i: number): number {
    const b = this.b;
    const start = i;
    let c = b[i];
    let neg = false;
    if (c === 0x2d || c === 0x2b) {
      neg = c === 0x2d;
      c = b[++i];
    }
    let m = 0;
    let zeros = 0;
    let scale = 0;
    let exact = true;
    let intDigits = 0;
    while (c >= 0x30 && c <= 0x39) {
      if (c === 0x30) zeros++;
      else {
        if (zeros > 0) {
          if (zeros > 22) exact = false;
          else m *= POW10[zeros + 1];
          zeros = 0;
        } else m *= 10;
        m += c - 0x30;
        if (m >= MANTISSA_MAX) exact = false;
      }
      intDigits++;
      c = b[++i];
    }
    if (intDigits === 0) {
      this.fail('STEP_BAD_NUMBER', 'A number must start with a digit (Part 21 REAL is digits "." digits, e.g. "0.5")', start);
    }
    let real = false;
    if (c === 0x2e) {
      real = true;
      c = b[++i];
      while (c >= 0x30 && c <= 0x39) {
        scale--;
        if (c === 0x30) zeros++;
        else {
          if (zeros > 0) {
            if (zeros > 22) exact = false;
            else m *= POW10[zeros + 1];
            zeros = 0;
          } else m *= 10;
          m += c - 0x30;
          if (m >= MANTISSA_MAX) exact = false;
        }
        c = b[++i];
      }
    }
    let exp = 0;
    if (c === 0x45 || c === 0x65) {
      real = true;
      c = b[++i];
      let eneg = false;
      if (c === 0x2d || c === 0x2b) {
        eneg = c === 0x2d;
        c = b[++i];
      }
      let ed = 0;
      while (c >= 0x30 && c <= 0x39) {
        if (exp < 100000) exp = exp * 10 + (c - 0x30);
        ed++;
        c = b[++i];
      }
      if (ed === 0) this.fail('STEP_BAD_NUMBER', 'Exponent without digits', start);
      if (eneg) exp = -exp;
    }
    this.pos = i;
    let value: number;
    const p = scale + zeros + exp;
    if (m === 0) value = 0;
    else if (exact && p >= -22 && p <= 22) value = p < 0 ? m / POW10[-p] : m * POW10[p];
    else value = Number(this.host.text().substring(start + (neg || b[start] === 0x2b ? 1 : 0), i));
    if (neg) value = -value;
    if (!Number.isFinite(value)) {
      this.fail('STEP_BAD_NUMBER', `Number ${this.host.text().substring(start, Math.min(i, start + 40))} is out of range (overflows to infinity)`, start);
    }
    void real;
    return value;
  }

  private string(i: number): string {
    const b = this.b;
    const start = i;
    i++;
    let flags = 0; // 1: '' , 2: backslash, 4: high bytes
    for (;;) {
      const c = b[i];
      if (c === 0x27) {
        if (b[i + 1] === 0x27) {
          flags |= 1;
          i += 2;
          continue;
        }
        break;
      }
      if (c === 0x5c) flags |= 2;
      else if (c >= 0x80) flags |= 4;
      else if (c === undefined) this.fail('STEP_UNTERMINATED_STRING', 'String literal is never closed', start);
      i++;
    }
    this.pos = i + 1;
    const a = start + 1;
    if (flags === 0) {
      const len = i - a;
      if (len === 0) return '';
      if (len > 24) return this.host.text().substring(a, i);
      let h = len;
      for (let k = a; k < i; k++) h = (Math.imul(h, 31) + b[k]) | 0;
      const slot = (h ^ (h >>> 13)) & 4095;
      const prev = this.shortStart[slot];
      if (prev >= 0 && this.shortStrings[slot].length === len) {
        let same = true;
        for (let k = 0; k < len; k++) {
          if (b[prev + k] !== b[a + k]) {
            same = false;
            break;
          }
        }
        if (same) return this.shortStrings[slot];
      }
      const str = this.host.text().substring(a, i);
      this.shortStrings[slot] = str;
      this.shortStart[slot] = a;
      return str;
    }
    const host = this.host;
    const hooks: StringDecodeHooks = {
      fail: (code, message, details) => this.fail(code, `${message} in string literal`, start, details),
      warn: (code, message) => host.warn(code, message, start),
    };
    const raw = flags & 4 ? decodeHighBytes(b, a, i, hooks) : this.host.text().substring(a, i);
    return flags & 3 ? unescapeStepString(raw, hooks) : raw;
  }

  private binary(i: number): { kind: 'binary'; hex: string } {
    const b = this.b;
    const start = i;
    i++;
    const first = b[i];
    if (!(first >= 0x30 && first <= 0x33)) this.fail('STEP_BAD_PARAMETER', 'Binary literal must start with 0-3 (the count of unused bits)', start);
    for (;;) {
      const c = b[i];
      if (c === 0x22) break;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) {
        this.fail('STEP_BAD_PARAMETER', `Non-hex ${this.describe(i)} in a binary literal`, i);
      }
      i++;
    }
    this.pos = i + 1;
    return { kind: 'binary', hex: latin1(b, start + 1, i).toUpperCase() };
  }

  private enumeration(i: number): StepEnum {
    const b = this.b;
    const start = i;
    i++;
    const c0 = b[i];
    if (c0 >= 0x30 && c0 <= 0x39) this.fail('STEP_BAD_NUMBER', 'A real number needs a digit before "." (e.g. "0.5")', start);
    if (b[i + 1] === 0x2e) {
      if (c0 === 0x54 || c0 === 0x74) {
        this.pos = i + 2;
        return ENUM_T;
      }
      if (c0 === 0x46 || c0 === 0x66) {
        this.pos = i + 2;
        return ENUM_F;
      }
      if (c0 === 0x55 || c0 === 0x75) {
        this.pos = i + 2;
        return ENUM_U;
      }
    }
    while (i < this.n && isKeywordChar(b[i])) i++;
    if (i === start + 1 || b[i] !== 0x2e) this.fail('STEP_BAD_PARAMETER', 'Malformed enumeration (expected ".NAME.")', start);
    this.pos = i + 1;
    const name = this.host.text().substring(start + 1, i).toUpperCase();
    let e = this.enums.get(name);
    if (e === undefined) {
      e = Object.freeze({ kind: 'enum' as const, name });
      this.enums.set(name, e);
    }
    return e;
  }
}
