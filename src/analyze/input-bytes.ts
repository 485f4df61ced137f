import { CadlensError } from '../errors/index.js';

/** What `analyze()` accepts in every runtime. (The Node entry also takes a file path.) */
export type AnalyzeInput = Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;

/**
 * Reads any {@link AnalyzeInput} into one `Uint8Array`, refusing to buffer more than `maxBytes`
 * (a stream is cut off as soon as it passes the limit, so a hostile stream cannot exhaust memory).
 *
 * @throws CadlensError `INTAKE_TOO_LARGE` | `ABORTED` | `INTAKE_UNSUPPORTED_INPUT` (anything else, e.g. a number or a path string)
 */
export async function readInputBytes(input: AnalyzeInput, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    if (input.size > maxBytes) throw tooLarge(input.size, maxBytes);
    return new Uint8Array(await input.arrayBuffer());
  }
  if (typeof (input as { getReader?: unknown } | null)?.getReader !== 'function') throw unsupported(input);
  const reader = (input as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new CadlensError('ABORTED', 'analysis aborted while reading the input', { stage: 'input' });
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) throw tooLarge(total, maxBytes);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function unsupported(input: unknown): CadlensError {
  const what = input === null ? 'null' : typeof input === 'object' ? (input.constructor?.name ?? 'object') : typeof input;
  return new CadlensError(
    'INTAKE_UNSUPPORTED_INPUT',
    `cannot read an input of type ${what}: pass a Uint8Array, ArrayBuffer, Blob or ReadableStream${typeof input === 'string' ? ' (a file path goes to analyzeFile(), or analyze() of cadlens/node)' : ''}`,
    { stage: 'input', details: { inputType: what } },
  );
}

function tooLarge(size: number, maxBytes: number): CadlensError {
  return new CadlensError('INTAKE_TOO_LARGE', `input exceeds the size limit (${size} > ${maxBytes} bytes)`, {
    stage: 'input',
    details: { sizeBytes: size, maxBytes },
  });
}

/** A random request id (UUID v4 from WebCrypto, or a time-based fallback). */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
