import { CadlensError } from 'cadlens';
import { fetchInputUrl, type UrlInputOptions } from './url-input.js';

/** Where workers read `{ storage }` inputs: a Supabase project's Storage, with the service-role key. */
export interface SupabaseStorageOptions {
  /** Project URL, e.g. `https://xyz.supabase.co` (the CLI worker reads `SUPABASE_URL`). */
  url: string;
  /** The service-role key (`SUPABASE_SERVICE_ROLE_KEY`): never logged, never in errors or dead letters. */
  serviceRoleKey: string;
}

/** An object in Supabase Storage. */
export interface StorageObjectRef {
  bucket: string;
  /** The object's path inside the bucket, `/`-separated. */
  path: string;
}

/** The Storage API's URL of an object (`/storage/v1/object/<bucket>/<path>`), each segment encoded. */
export function storageObjectUrl(projectUrl: string, ref: StorageObjectRef): string {
  const segments = [ref.bucket, ...ref.path.split('/').filter((s) => s.length > 0)].map(encodeURIComponent);
  return `${projectUrl.replace(/\/+$/, '')}/storage/v1/object/${segments.join('/')}`;
}

/**
 * Downloads a job's input from Supabase Storage, with the limits and typed errors of URL inputs
 * ({@link fetchInputUrl}; Storage answers a missing object with 400 or 404: both are permanent).
 * @throws CadlensError `CONFIG_INVALID` (systemic: this worker has no Storage configured, another may)
 */
export function fetchStorageObject(ref: StorageObjectRef, storage: SupabaseStorageOptions | undefined, limits: UrlInputOptions = {}, signal?: AbortSignal): Promise<Uint8Array> {
  if (!storage) {
    return Promise.reject(new CadlensError('CONFIG_INVALID', 'this worker has no Supabase Storage configured for `storage` inputs', { stage: 'input', kind: 'systemic' }));
  }
  const headers = { authorization: `Bearer ${storage.serviceRoleKey}`, apikey: storage.serviceRoleKey };
  return fetchInputUrl(storageObjectUrl(storage.url, ref), { ...limits, headers }, signal);
}
