import { readFile } from 'node:fs/promises';
import { CadlensError, type ErrorKind } from 'cadlens';
import { fetchInputUrl, type UrlInputOptions } from './url-input.js';

/** Where a job's input is: a path on storage every worker sees, a URL a worker may fetch, or the bytes themselves (stored in Postgres with the job). */
export type AnalysisJobInput = { path: string } | { url: string } | { bytesBase64: string };

async function readPath(path: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path, signal ? { signal } : {}));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing or unreadable file will not appear by retrying; a busy disk might.
    const kind: ErrorKind = code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' ? 'permanent' : 'transient';
    throw new CadlensError(code === 'ENOENT' ? 'INTAKE_NOT_FOUND' : code === 'EISDIR' ? 'INTAKE_NOT_A_FILE' : 'INTAKE_NOT_READABLE', `cannot read the job's input file (${code ?? 'error'})`, {
      stage: 'input',
      kind,
    });
  }
}

/**
 * The bytes of a job's input, wherever the reference points.
 * @throws CadlensError `INTAKE_*` (permanent), `NETWORK` / `TIMEOUT` (transient); see {@link fetchInputUrl}
 * @internal
 */
export async function readJobInput(input: AnalysisJobInput, options: { url?: UrlInputOptions; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  if ('bytesBase64' in input) return new Uint8Array(Buffer.from(input.bytesBase64, 'base64'));
  if ('path' in input) return readPath(input.path, options.signal);
  return fetchInputUrl(input.url, options.url, options.signal);
}
