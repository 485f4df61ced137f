import { CadlensError } from '../../errors/index.js';
import type { StepEntity, StepFile, StepHeader, StepReadLimits, StepRecord, StepValue } from './step-types.js';
import { resolveStepLimits } from './step-limits.js';
import { createStepError } from './step-errors.js';
import { StepScanner, type StepIndex } from './step-scan.js';
import { StepDecodeFailure, StepParamDecoder, type ParamDecoderHost } from './step-params.js';
import type { StepWarning, StepWarningCode } from './step-warnings.js';
import { STEP_REF_SCAN, type StepRefScan } from './step-ref-scan.js';

/** Options of {@link readStep}: the read limits. */
export type ReadStepOptions = Partial<StepReadLimits>;

/** What {@link readStep} returns: a {@link StepFile} plus facts about the input itself. */
export interface StepReadResult extends StepFile {
  /** True when the input started with a UTF-8 byte order mark (accepted and skipped). */
  readonly hadBom: boolean;
  /** Size of the input in bytes (UTF-8 bytes when a string was given). */
  readonly byteLength: number;
  /**
   * Tolerated deviations from Part 21, one entry per code (see {@link StepWarningCode}). Entries
   * from decoding (e.g. `LATIN1_FALLBACK`) appear when the entity concerned is first decoded.
   */
  readonly warnings: readonly StepWarning[];
  /** Upper-case keyword of `#id` without decoding it (complex: part keywords joined by a space). */
  typeOf(id: number): string | undefined;
  /** Source byte range `[start, end)` of `#id`'s instance, `#` through `;`. */
  sourceRange(id: number): { start: number; end: number } | undefined;
  /** Decode every entity now (throws the first decode error, like {@link StepFile.get}). */
  decodeAll(): void;
  /**
   * The longest stretch of the input (bytes) that the structural scan did not split: one entity instance
   * from `#` through `;`, one header record, or the bytes between two of them (or before the first, after
   * the last). No token of the file (a string, a comment, a run of blanks, a number) is longer.
   * @internal
   */
  longestUnsplitBytes(): number;
}

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const BZIP2 = [0x42, 0x5a, 0x68];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let k = 0; k < sig.length; k++) if (b[k] !== sig[k]) return false;
  return true;
}

/** Reject inputs that are not 8-bit text before scanning. */
function checkEncoding(b: Uint8Array): void {
  const n = b.length;
  if (n === 0) throw createStepError('INTAKE_EMPTY', 'Input is empty (0 bytes)', { stage: 'format' });
  const compressed = startsWith(b, GZIP)
    ? 'gzip'
    : startsWith(b, ZIP)
      ? 'zip'
      : startsWith(b, XZ)
        ? 'xz'
        : startsWith(b, ZSTD)
          ? 'zstd'
          : startsWith(b, BZIP2) && n > 3 && b[3] >= 0x31 && b[3] <= 0x39
            ? 'bzip2'
            : undefined;
  if (compressed) {
    throw createStepError('INTAKE_COMPRESSED', `Input is ${compressed}-compressed; decompress it before reading it as STEP`, {
      stage: 'format',
      offset: 0,
      bytes: b,
      details: { compression: compressed },
    });
  }
  const utf16 =
    (n >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) ||
    (n >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) ||
    (n >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0);
  if (utf16) {
    throw createStepError('STEP_INVALID_ENCODING', 'Input is UTF-16/UTF-32 text; ISO 10303-21 files are 8-bit (ASCII / ISO 8859-1 / UTF-8)', {
      stage: 'format',
      offset: 0,
      bytes: b,
      details: { encoding: 'utf-16' },
    });
  }
  let k = 0;
  if (startsWith(b, [0xef, 0xbb, 0xbf])) k = 3;
  while (k < n && (b[k] === 0x20 || b[k] === 0x0a || b[k] === 0x0d || b[k] === 0x09 || b[k] === 0x0c || b[k] === 0x0b)) k++;
  if (k === n) throw createStepError('INTAKE_EMPTY', 'Input holds only whitespace', { stage: 'format' });
}

const latin1Decoder = new TextDecoder('latin1', { ignoreBOM: true });
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** @internal */
class StepFileImpl implements StepReadResult, ParamDecoderHost {
  readonly header: StepHeader;
  readonly entityCount: number;
  readonly dataSectionCount: number;
  readonly hadBom: boolean;
  readonly byteLength: number;
  readonly warnings: StepWarning[];
  readonly bytes: Uint8Array;
  private readonly index: StepIndex;
  private readonly decoder: StepParamDecoder;
  private readonly cache: (StepEntity | undefined)[];
  private textCache: string | undefined;
  private lineStarts: Uint32Array | undefined;
  private readonly warningIndex = new Map<StepWarningCode, StepWarning>();

  constructor(bytes: Uint8Array, index: StepIndex) {
    this.bytes = bytes;
    this.index = index;
    this.entityCount = index.count;
    this.dataSectionCount = index.dataSections.length;
    this.hadBom = index.contentStart === 3;
    this.byteLength = bytes.length;
    this.warnings = index.warnings;
    for (const w of this.warnings) this.warningIndex.set(w.code, w);
    this.decoder = new StepParamDecoder(this);
    let maxId = 0;
    for (let k = 0; k < index.count; k++) if (index.ids[k] > maxId) maxId = index.ids[k];
    if (maxId < index.count * 4 + 1024) this.decoder.setRefCacheSize(maxId);
    this.cache = new Array<StepEntity | undefined>(index.count);
    this.header = this.decodeHeader();
  }

  text(): string {
    if (this.textCache === undefined) {
      // Offsets into this string must equal byte offsets. UTF-8 decoding is much faster than
      // ISO 8859-1 decoding in V8 and is 1:1 exactly when the lengths agree (every non-ASCII
      // sequence that is valid UTF-8 is shorter in UTF-16; an invalid byte becomes one U+FFFD).
      // Only ASCII parts of this string are ever used.
      let t = utf8Decoder.decode(this.bytes);
      if (t.length !== this.bytes.length) t = latin1Decoder.decode(this.bytes);
      this.textCache = t;
    }
    return this.textCache;
  }

  longestUnsplitBytes(): number {
    const { starts, ends, count, headerRecords } = this.index;
    let longest = 0;
    let after = 0; // the first byte after the previous stretch the scan split off
    let h = 0;
    let k = 0;
    while (h < headerRecords.length || k < count) {
      let start: number;
      let semicolon: number;
      if (k >= count || (h < headerRecords.length && headerRecords[h][0] < starts[k])) [start, semicolon] = headerRecords[h++];
      else {
        start = starts[k];
        semicolon = ends[k++];
      }
      if (start < after) return this.bytes.length; // not in file order: claim nothing
      longest = Math.max(longest, start - after, semicolon + 1 - start);
      after = semicolon + 1;
    }
    return Math.max(longest, this.bytes.length - after);
  }

  warn(code: StepWarningCode, message: string, offset: number): void {
    const w = this.warningIndex.get(code);
    if (w) w.count++;
    else {
      const nw: StepWarning = { code, message, offset, count: 1 };
      this.warningIndex.set(code, nw);
      this.warnings.push(nw);
    }
  }

  locate(offset: number): { line: number; column: number } {
    let starts = this.lineStarts;
    if (starts === undefined) {
      // One native search per line (Uint8Array#indexOf) instead of a JS loop over every byte.
      const b = this.bytes;
      let buf = new Uint32Array(Math.max(16, (b.length >>> 5) + 1));
      let lines = 1;
      for (let k = b.indexOf(0x0a); k >= 0; k = b.indexOf(0x0a, k + 1)) {
        if (lines === buf.length) {
          const next = new Uint32Array(buf.length * 2);
          next.set(buf);
          buf = next;
        }
        buf[lines++] = k + 1;
      }
      starts = buf.subarray(0, lines);
      this.lineStarts = starts;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  private toError(e: unknown, entityId: number | undefined, stage: 'format' | 'parse'): unknown {
    if (e instanceof StepDecodeFailure) {
      return createStepError(e.code, e.message, {
        offset: e.offset,
        locate: (o) => this.locate(o),
        stage,
        ...(entityId !== undefined ? { entityId } : {}),
        ...(e.details ? { details: e.details } : {}),
      });
    }
    return e;
  }

  private decodeHeader(): StepHeader {
    const records: StepRecord[] = [];
    // The header is decoded with its own decoder whose text is only the bytes up to the last
    // header record (offsets stay byte offsets): reading a file never converts the whole input
    // to a string; only decoding DATA entities does (once, on first need).
    const recs = this.index.headerRecords;
    const end = recs.length > 0 ? recs[recs.length - 1][1] + 1 : 0;
    let prefix: string | undefined;
    const headerHost: ParamDecoderHost = {
      bytes: this.bytes,
      text: () => {
        if (this.textCache !== undefined) return this.textCache;
        if (prefix === undefined) {
          const head = this.bytes.subarray(0, end);
          prefix = utf8Decoder.decode(head);
          if (prefix.length !== head.length) prefix = latin1Decoder.decode(head);
        }
        return prefix;
      },
      warn: (code, message, offset) => this.warn(code, message, offset),
    };
    const headerDecoder = new StepParamDecoder(headerHost);
    for (const [start] of recs) {
      try {
        const r = headerDecoder.record(start);
        records.push({ type: r.type, args: r.args });
      } catch (e) {
        throw this.toError(e, undefined, 'format');
      }
    }
    const find = (t: string) => records.find((r) => r.type === t)?.args ?? [];
    const str = (v: StepValue | undefined) => (typeof v === 'string' ? v : '');
    const strs = (v: StepValue | undefined) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
    const fd = find('FILE_DESCRIPTION');
    const fn = find('FILE_NAME');
    const fs = find('FILE_SCHEMA');
    return {
      description: strs(fd[0]),
      implementationLevel: str(fd[1]),
      fileName: str(fn[0]),
      timeStamp: str(fn[1]),
      author: strs(fn[2]),
      organization: strs(fn[3]),
      preprocessorVersion: str(fn[4]),
      originatingSystem: str(fn[5]),
      authorization: str(fn[6]),
      schemas: strs(fs[0]),
      records,
    };
  }

  private decodeAt(idx: number): StepEntity {
    const cached = this.cache[idx];
    if (cached !== undefined) return cached;
    const ix = this.index;
    const id = ix.ids[idx];
    const k = ix.keywordIds[idx];
    let entity: StepEntity;
    try {
      if (k >= 0) {
        entity = { id, type: ix.keywords[k], args: this.decoder.simpleArgs(ix.bodies[idx] + ix.keywords[k].length), offset: ix.starts[idx] };
      } else {
        const names = this.complexNames(idx);
        const parts = this.decoder.complexRecords(ix.bodies[idx], names.parts);
        entity = { id, type: names.type, args: [], parts, offset: ix.starts[idx] };
      }
    } catch (e) {
      throw this.toError(e, id, 'parse');
    }
    this.cache[idx] = entity;
    return entity;
  }

  /** @internal The reference check's fast path (see step-ref-scan.ts). */
  get [STEP_REF_SCAN](): StepRefScan {
    const ix = this.index;
    const decoder = this.decoder;
    return {
      ids: ix.ids,
      count: ix.count,
      indexOf: (id) => ix.indexOf(id),
      typeAt: (idx) => {
        const k = ix.keywordIds[idx];
        return k >= 0 ? ix.keywords[k] : this.complexNames(idx).type;
      },
      startAt: (idx) => ix.starts[idx],
      scan: (idx) => {
        let count = -1;
        if (this.cache[idx] === undefined) {
          try {
            const k = ix.keywordIds[idx];
            // simple instance: start after its keyword (same length as the interned upper-case one)
            count = decoder.references(k >= 0 ? ix.bodies[idx] + ix.keywords[k].length : ix.bodies[idx], k >= 0);
          } catch (e) {
            throw this.toError(e, ix.ids[idx], 'parse');
          }
        }
        if (count >= 0) return count;
        // Already decoded, or holds strings whose checks/warnings need the real decoder: walk
        // the (cached) decoded values.
        const entity = this.decodeAt(idx);
        decoder.refCount = 0;
        if (entity.parts) for (const part of entity.parts) decoder.collectReferences(part.args);
        else decoder.collectReferences(entity.args);
        return decoder.refCount;
      },
      refIds: () => decoder.refIds,
    };
  }

  /** Interned record keywords and joined type of each distinct complex keyword sequence. */
  private readonly complexTypes = new Map<number, Array<{ ids: number[]; parts: string[]; type: string }>>();

  private complexNames(idx: number): { parts: string[]; type: string } {
    const ix = this.index;
    const ids = ix.complexParts.get(idx) ?? [];
    let h = ids.length;
    for (const k of ids) h = (Math.imul(h, 31) + k) | 0;
    let bucket = this.complexTypes.get(h);
    if (bucket === undefined) this.complexTypes.set(h, (bucket = []));
    for (const e of bucket) {
      if (e.ids.length === ids.length && e.ids.every((k, j) => k === ids[j])) return e;
    }
    const parts = ids.map((k) => ix.keywords[k]);
    const e = { ids, parts, type: parts.join(' ') };
    bucket.push(e);
    return e;
  }

  get(id: number): StepEntity | undefined {
    const idx = this.index.indexOf(id);
    return idx < 0 ? undefined : this.decodeAt(idx);
  }

  require(id: number, from?: number): StepEntity {
    const idx = this.index.indexOf(id);
    if (idx >= 0) return this.decodeAt(idx);
    const fromIdx = from === undefined ? -1 : this.index.indexOf(from);
    throw createStepError('STEP_DANGLING_REFERENCE', `Reference to #${id}, which is not defined`, {
      stage: 'parse',
      ...(from !== undefined ? { entityId: from } : {}),
      ...(fromIdx >= 0 ? { offset: this.index.starts[fromIdx], locate: (o: number) => this.locate(o) } : {}),
      details: { missingId: id },
    });
  }

  has(id: number): boolean {
    return this.index.indexOf(id) >= 0;
  }

  ids(): Iterable<number> {
    return this.index.ids.subarray(0, this.index.count);
  }

  typeOf(id: number): string | undefined {
    const idx = this.index.indexOf(id);
    if (idx < 0) return undefined;
    const k = this.index.keywordIds[idx];
    if (k >= 0) return this.index.keywords[k];
    return this.complexNames(idx).type;
  }

  sourceRange(id: number): { start: number; end: number } | undefined {
    const idx = this.index.indexOf(id);
    if (idx < 0) return undefined;
    return { start: this.index.starts[idx], end: this.index.ends[idx] + 1 };
  }

  idsOfType(type: string): number[] {
    const ix = this.index;
    const k = ix.keywords.indexOf(type.toUpperCase());
    const out: number[] = [];
    if (k < 0) return out;
    const kw = ix.keywordIds;
    const ids = ix.ids;
    const hasComplex = ix.complexParts.size > 0;
    for (let i = 0; i < ix.count; i++) {
      const v = kw[i];
      if (v === k || (v < 0 && hasComplex && ix.complexParts.get(i)!.includes(k))) out.push(ids[i]);
    }
    return out;
  }

  decodeAll(): void {
    for (let i = 0; i < this.index.count; i++) this.decodeAt(i);
  }
}

/**
 * Read an ISO 10303-21 (STEP) exchange structure. One pass over the bytes checks the section
 * structure and indexes every entity instance; parameters are decoded lazily, on the first
 * {@link StepFile.get} of each entity, and cached.
 *
 * Structural problems throw here (stage `format`): they carry `location` (line, column, byte
 * offset) and, inside an instance, `entityId`. Parameter syntax problems (e.g. `STEP_BAD_PARAMETER`,
 * `STEP_BAD_NUMBER`, `STEP_BAD_ESCAPE`) throw from `get`/`require`/`decodeAll` (stage `parse`).
 * Use {@link validateStepReferences} to decode everything and collect findings instead.
 *
 * @param input - the file's bytes, or its text (read as UTF-8; locations are then UTF-8 byte offsets).
 * @param options - limits; see {@link DEFAULT_STEP_LIMITS}.
 * @throws CadlensError `INTAKE_EMPTY`, `INTAKE_COMPRESSED` (gzip/zip/xz/zstd/bzip2 magic),
 *   `STEP_INVALID_ENCODING` (UTF-16/32), `STEP_BAD_MAGIC`, `STEP_HEADER_MISSING`, `STEP_DATA_MISSING`,
 *   `STEP_ENDSEC_MISSING`, `STEP_MISSING_END`, `STEP_UNEXPECTED_EOF`, `STEP_UNEXPECTED_TOKEN`,
 *   `STEP_UNBALANCED_PARENS`, `STEP_UNTERMINATED_STRING`, `STEP_UNTERMINATED_COMMENT`,
 *   `STEP_BAD_ENTITY_ID`, `STEP_DUPLICATE_ID`, `STEP_LIMIT_ENTITIES`, `STEP_LIMIT_DEPTH`,
 *   `STEP_LIMIT_STRING`, `STEP_LIMIT_SIZE`, and header decode errors.
 * @example
 * ```ts
 * const file = readStep(bytes);
 * for (const id of file.idsOfType('ADVANCED_FACE')) console.log(file.get(id)!.args[0]);
 * ```
 */
export function readStep(input: Uint8Array | string, options?: ReadStepOptions): StepReadResult {
  const limits = resolveStepLimits(options);
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes) throw sizeError(input.length, limits.maxBytes);
    bytes = new TextEncoder().encode(input);
  } else if (input instanceof Uint8Array) {
    bytes = input;
  } else if (ArrayBuffer.isView(input)) {
    // a Uint8Array from another realm (worker, iframe), or another view: read its bytes
    const view = input as ArrayBufferView;
    bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  } else if (Object.prototype.toString.call(input) === '[object ArrayBuffer]') {
    bytes = new Uint8Array(input as unknown as ArrayBuffer);
  } else {
    throw new CadlensError('INTAKE_UNSUPPORTED_INPUT', 'readStep expects a Uint8Array or a string', { stage: 'format' });
  }
  if (bytes.length > limits.maxBytes) throw sizeError(bytes.length, limits.maxBytes);
  checkEncoding(bytes);
  const index = new StepScanner(bytes, limits).scan();
  return new StepFileImpl(bytes, index);
}

function sizeError(size: number, limit: number): CadlensError {
  return createStepError('STEP_LIMIT_SIZE', `Input of ${size} bytes exceeds the limit of ${limit} bytes (maxBytes)`, {
    stage: 'format',
    details: { size, limit },
  });
}
