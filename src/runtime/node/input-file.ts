import { constants as fsConstants } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { throwIfAborted } from '../../errors/abort.js';
import {
  createInputContext,
  DEFAULT_MAX_FILE_SIZE_MB,
  defaultInputValidators,
  SNIFF_HEAD_BYTES,
  type InputContext,
  type InputFileInfo,
} from '../../stages/intake/index.js';
import type { StageResult } from '../../stages/validate/finding.js';
import { runStage, type Validator } from '../../stages/validate/validator.js';

/** Options of {@link inspectInputFile} and {@link readInputFile}. */
export interface InputFileOptions {
  /**
   * Size limit in MiB, checked with `stat` before anything is read.
   * @defaultValue `MAX_FILE_SIZE_MB` from the environment, else 100
   */
  maxFileSizeMb?: number;
  /** Input-stage validators. @defaultValue `defaultInputValidators` */
  validators?: readonly Validator<InputContext>[];
  signal?: AbortSignal;
}

/** @internal The size limit from options, then `MAX_FILE_SIZE_MB`, then the default. */
export function resolveMaxFileSizeMb(option?: number): number {
  if (option !== undefined) return option;
  const env = Number(process.env.MAX_FILE_SIZE_MB);
  return Number.isFinite(env) && env > 0 ? env : DEFAULT_MAX_FILE_SIZE_MB;
}

function statType(s: import('node:fs').Stats): string {
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character device';
  if (s.isBlockDevice()) return 'block device';
  return 'other';
}

/**
 * Build the input-stage context for a path: `stat` (exists, regular file, size), `access` (readable),
 * and the first {@link SNIFF_HEAD_BYTES} bytes for format sniffing — only when the size is within
 * the limit. Never reads a file over the limit.
 *
 * @throws CadlensError `ABORTED`
 */
export async function inspectInputFile(path: string, options: InputFileOptions = {}): Promise<InputContext> {
  throwIfAborted(options.signal);
  const maxFileSizeMb = resolveMaxFileSizeMb(options.maxFileSizeMb);
  const info: InputFileInfo = { path, exists: false, isFile: false, readable: false };
  let sizeBytes = 0;
  try {
    const s = await stat(path);
    info.exists = true;
    info.isFile = s.isFile();
    if (!info.isFile) info.type = statType(s);
    sizeBytes = s.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      info.exists = true;
      info.isFile = true;
    }
    return createInputContext(new Uint8Array(0), { name: basename(path), maxFileSizeMb, sizeBytes: 0, file: info });
  }
  if (info.isFile) {
    try {
      await access(path, fsConstants.R_OK);
      info.readable = true;
    } catch {
      info.readable = false;
    }
  }
  let head = new Uint8Array(0);
  if (info.isFile && info.readable && sizeBytes > 0 && sizeBytes <= maxFileSizeMb * 1024 * 1024) {
    const handle = await open(path, 'r');
    try {
      const buf = new Uint8Array(Math.min(sizeBytes, SNIFF_HEAD_BYTES));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } catch {
      info.readable = false;
    } finally {
      await handle.close();
    }
  }
  return createInputContext(head, { name: basename(path), maxFileSizeMb, sizeBytes, file: info });
}

/** The result of {@link readInputFile}. */
export interface InputFileResult {
  /** The input stage. */
  stage: StageResult;
  context: InputContext;
  /** The whole file, or null when the input stage failed (the file was then not read). */
  bytes: Uint8Array | null;
}

/**
 * Run the input stage on a path and, when it passes, read the whole file.
 * A file over the size limit, missing, unreadable, empty, compressed or of unknown format is
 * reported as a failed stage and never read whole.
 *
 * @throws CadlensError `ABORTED`
 * @example
 * ```ts
 * const { stage, bytes } = await readInputFile('part.step');
 * if (!stage.passed) console.log(stage.findings);
 * ```
 */
export async function readInputFile(path: string, options: InputFileOptions = {}): Promise<InputFileResult> {
  const context = await inspectInputFile(path, options);
  const stage = await runStage('input', options.validators ?? defaultInputValidators, context, { signal: options.signal });
  if (!stage.passed) return { stage, context, bytes: null };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path, options.signal ? { signal: options.signal } : {}));
  } catch (e) {
    throwIfAborted(options.signal);
    stage.findings.push({
      code: 'INTAKE_NOT_READABLE',
      severity: 'error',
      message: `reading failed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
    return { stage: { ...stage, passed: false }, context, bytes: null };
  }
  if (bytes.length > context.maxFileSizeMb * 1024 * 1024) {
    stage.findings.push({
      code: 'INTAKE_TOO_LARGE',
      severity: 'error',
      message: `file grew to ${bytes.length} bytes while being read, over the ${context.maxFileSizeMb} MiB limit`,
    });
    return { stage: { ...stage, passed: false }, context, bytes: null };
  }
  return { stage, context, bytes };
}
