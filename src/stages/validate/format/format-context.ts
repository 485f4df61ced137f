import type { StepHeader } from '../../../formats/step/step-types.js';
import type { InputFormat } from '../../../model/index.js';
import { scanStep, type StepScan } from './format-scan.js';

/** The readonly context of the format stage. Create it with {@link createFormatContext}. */
export interface FormatContext {
  /** The whole input. */
  bytes: Uint8Array;
  /** The format the input stage decided on. Format compliance checks apply to `step` only. */
  format: InputFormat;
  /** The STEP reader's decoded header, when it has already been read; else the scan's records are used. */
  header?: StepHeader;
  /** @internal Structural scan of the bytes (STEP only). */
  scan: StepScan | null;
}

/** Options of {@link createFormatContext}. */
export interface FormatContextOptions {
  /** @defaultValue `'step'` */
  format?: InputFormat;
  header?: StepHeader;
}

/**
 * Build the format-stage context: one linear scan of the bytes (section keywords, header records,
 * encoding facts). Browser-safe.
 */
export function createFormatContext(bytes: Uint8Array, options: FormatContextOptions = {}): FormatContext {
  const format = options.format ?? 'step';
  return {
    bytes,
    format,
    ...(options.header ? { header: options.header } : {}),
    scan: format === 'step' ? scanStep(bytes) : null,
  };
}
