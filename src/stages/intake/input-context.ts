import type { InputFormat } from '../../model/index.js';
import { SNIFF_HEAD_BYTES, sniffFormat, type SniffResult } from './sniff-format.js';

/** Default limit on the input size, in MiB (1 MiB = 1,048,576 bytes). @defaultValue 100 */
export const DEFAULT_MAX_FILE_SIZE_MB = 100;

/** What the Node runtime learned about an input path before reading it. */
export interface InputFileInfo {
  /** The path as given (used in messages). */
  path: string;
  exists: boolean;
  /** A regular file (after following symbolic links). */
  isFile: boolean;
  /** What it is when not a regular file, e.g. `directory`, `fifo`. */
  type?: string;
  readable: boolean;
}

/** The readonly context of the input stage. Create it with {@link createInputContext}. */
export interface InputContext {
  /** Name for messages (e.g. the file name), or undefined for anonymous bytes. */
  name?: string;
  /** Total size in bytes (from `stat` for files, so known before reading). */
  sizeBytes: number;
  /** The first bytes of the input (up to {@link SNIFF_HEAD_BYTES}); empty when not read. */
  head: Uint8Array;
  /** Present for file-path inputs. */
  file?: InputFileInfo;
  maxFileSizeMb: number;
  /** Content-based format decision, or null when the content was not read (missing, too large…). */
  sniff: SniffResult | null;
}

/** Options of {@link createInputContext}. */
export interface InputContextOptions {
  name?: string;
  /** @defaultValue {@link DEFAULT_MAX_FILE_SIZE_MB} */
  maxFileSizeMb?: number;
  /** Total size when `head` is only the beginning of the input. @defaultValue `head.length` */
  sizeBytes?: number;
  file?: InputFileInfo;
}

/**
 * Build the input-stage context for bytes already in memory (browser-safe). The Node runtime's
 * `inspectInputFile` builds it from a path without reading files over the size limit.
 *
 * @example
 * ```ts
 * const ctx = createInputContext(bytes, { name: 'part.step' });
 * const stage = await runStage('input', defaultInputValidators, ctx);
 * ```
 */
export function createInputContext(head: Uint8Array, options: InputContextOptions = {}): InputContext {
  const maxFileSizeMb = options.maxFileSizeMb ?? DEFAULT_MAX_FILE_SIZE_MB;
  const sizeBytes = options.sizeBytes ?? head.length;
  const readable = !options.file || (options.file.exists && options.file.isFile && options.file.readable);
  const withinLimit = sizeBytes <= maxFileSizeMb * 1024 * 1024;
  const sniffHead = head.length > SNIFF_HEAD_BYTES ? head.subarray(0, SNIFF_HEAD_BYTES) : head;
  return {
    ...(options.name !== undefined ? { name: options.name } : {}),
    sizeBytes,
    head: sniffHead,
    ...(options.file ? { file: options.file } : {}),
    maxFileSizeMb,
    sniff: readable && withinLimit && sizeBytes > 0 ? sniffFormat(sniffHead, sizeBytes) : null,
  };
}

/** @internal Formats whose usual file extensions are known, for the extension-mismatch warning. */
export const FORMAT_EXTENSIONS: Record<Exclude<InputFormat, 'unknown'>, readonly string[]> = {
  step: ['step', 'stp', 'p21'],
  iges: ['iges', 'igs'],
  brep: ['brep', 'brp'],
  stl: ['stl'],
  obj: ['obj'],
  ply: ['ply'],
  xyz: ['xyz', 'txt', 'pts', 'asc', 'csv'],
};
