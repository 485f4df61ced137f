import { readFile } from 'node:fs/promises';
import { CadlensError, type ErrorKind } from 'cadlens';
import { fetchStorageObject, type StorageObjectRef, type SupabaseStorageOptions } from './supabase-storage-input.js';
import { fetchInputUrl, type UrlInputOptions } from './url-input.js';

/**
 * Where a job's input is: a path on storage every worker sees, a URL a worker may fetch, an object in
 * Supabase Storage, or the bytes themselves (stored in Postgres with the job).
 */
export type AnalysisJobInput = { path: string } | { url: string } | { storage: StorageObjectRef } | { bytesBase64: string };

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
export async function readJobInput(
  input: AnalysisJobInput,
  options: { url?: UrlInputOptions; supabaseStorage?: SupabaseStorageOptions; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  if ('bytesBase64' in input) return new Uint8Array(Buffer.from(input.bytesBase64, 'base64'));
  if ('path' in input) return readPath(input.path, options.signal);
  if ('storage' in input) return fetchStorageObject(input.storage, options.supabaseStorage, options.url, options.signal);
  return fetchInputUrl(input.url, options.url, options.signal);
}
