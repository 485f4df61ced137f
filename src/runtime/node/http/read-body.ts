import type { IncomingMessage } from 'node:http';
import type busboy from 'busboy';
import { CadlensError } from '../../../errors/index.js';
import { httpError } from './http-errors.js';

/** Limits for reading one request body. */
export interface BodyLimits {
  /** Largest body (raw) or file part (multipart) accepted, in bytes. */
  maxBytes: number;
  /** The whole body must arrive within this (slow uploads are cut off with 408). */
  timeoutMs: number;
}

/** The uploaded file: its bytes and the client's name for it. */
export interface UploadedFile {
  bytes: Uint8Array;
  name: string | undefined;
}

// Room for multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  httpError('HTTP_PAYLOAD_TOO_LARGE', `request body is larger than the limit of ${maxBytes} bytes`, { maxBytes });

/** Rejects early on a declared `Content-Length` over the limit, before reading anything. */
function checkDeclaredLength(req: IncomingMessage, limit: number, maxBytes: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(maxBytes);
}

/**
 * Counts bytes as they stream in and fails as soon as `limit` is passed, so a hostile upload never
 * gets buffered beyond the limit; also fails when the body has not ended after `timeoutMs`, and
 * when the client goes away mid-body.
 */
function guardBody(req: IncomingMessage, limit: number, limits: BodyLimits, fail: (error: CadlensError) => void): () => void {
  let total = 0;
  const onData = (chunk: Buffer) => {
    total += chunk.length;
    if (total > limit) fail(tooLarge(limits.maxBytes));
  };
  const onClose = () => {
    if (!req.complete) fail(new CadlensError('ABORTED', 'the client closed the connection during the upload', { kind: 'transient' }));
  };
  const timer = setTimeout(
    () => fail(httpError('HTTP_REQUEST_TIMEOUT', `the request body did not arrive within ${limits.timeoutMs} ms`, { timeoutMs: limits.timeoutMs })),
    limits.timeoutMs,
  );
  timer.unref?.();
  req.on('data', onData);
  req.on('close', onClose);
  return () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('close', onClose);
  };
}

/**
 * Reads a raw body (`application/octet-stream`, `model/step`, …) into memory, up to `maxBytes`.
 * @throws CadlensError `HTTP_PAYLOAD_TOO_LARGE`, `HTTP_REQUEST_TIMEOUT`, `ABORTED`
 */
export function readRawBody(req: IncomingMessage, limits: BodyLimits): Promise<Uint8Array> {
  checkDeclaredLength(req, limits.maxBytes, limits.maxBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: CadlensError | null) => {
      if (settled) return;
      settled = true;
      stop();
      req.off('data', keep);
      req.off('end', onEnd);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const stop = guardBody(req, limits.maxBytes, limits, finish);
    const keep = (chunk: Buffer) => {
      if (!settled) chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    req.on('data', keep);
    req.on('end', onEnd);
  });
}

// busboy is imported when a handler is created (or at the first upload), not with cadlens/node: an in-process
// analysis never needs it (bench/README.md, session 8: the library entry's import cost).
let busboyModule: Promise<typeof busboy> | undefined;

/** @internal Starts loading the multipart parser, so the first upload does not wait for it. */
export function loadMultipartParser(): Promise<typeof busboy> {
  busboyModule ??= (async () => (await import('busboy')).default)();
  return busboyModule;
}

/**
 * Reads the first file part of a `multipart/form-data` body (field name `file` by convention; other
 * fields are ignored). Parsed with busboy, a streaming parser, so limits apply while the bytes arrive
 * and a malformed body is a 400 rather than a crash.
 * @throws CadlensError `HTTP_PAYLOAD_TOO_LARGE`, `HTTP_REQUEST_TIMEOUT`, `HTTP_BAD_REQUEST`, `ABORTED`
 */
export function readMultipartFile(req: IncomingMessage, limits: BodyLimits): Promise<UploadedFile> {
  const rawLimit = limits.maxBytes + MULTIPART_OVERHEAD;
  checkDeclaredLength(req, rawLimit, limits.maxBytes);
  // The guard's 'data' listener starts the flow, so it is attached in the same tick as the pipe, after the import.
  return loadMultipartParser().then((createParser) => parseMultipart(req, limits, rawLimit, createParser));
}

function parseMultipart(req: IncomingMessage, limits: BodyLimits, rawLimit: number, createParser: typeof busboy): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let parser: busboy.Busboy;
    let file: UploadedFile | undefined;
    const finish = (error: CadlensError | null) => {
      if (settled) return;
      settled = true;
      stop();
      req.unpipe(parser);
      if (error) reject(error);
      else if (!file) reject(httpError('HTTP_BAD_REQUEST', 'the multipart body has no file part'));
      else resolve(file);
    };
    const stop = guardBody(req, rawLimit, limits, finish);
    try {
      parser = createParser({
        headers: req.headers,
        limits: { files: 1, fileSize: limits.maxBytes, fields: 20, fieldSize: 8 * 1024, parts: 25, headerPairs: 100 },
      });
    } catch (cause) {
      stop();
      reject(httpError('HTTP_BAD_REQUEST', `malformed multipart request: ${(cause as Error).message}`));
      return;
    }
    parser.on('file', (_field, stream, info) => {
      if (file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => finish(tooLarge(limits.maxBytes)));
      stream.on('end', () => {
        if (!settled) file = { bytes: Buffer.concat(chunks), name: info.filename };
      });
    });
    parser.on('error', (cause: unknown) => finish(httpError('HTTP_BAD_REQUEST', `malformed multipart body: ${(cause as Error).message}`)));
    parser.on('close', () => finish(null));
    req.pipe(parser);
  });
}

/**
 * Reads a small JSON body of an admin route. An empty body is `{}`.
 * @throws CadlensError `HTTP_BAD_REQUEST` (malformed JSON, not an object), `HTTP_UNSUPPORTED_MEDIA_TYPE`, …
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<Record<string, unknown>> {
  const bytes = await readRawBody(req, limits);
  if (bytes.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw httpError('HTTP_UNSUPPORTED_MEDIA_TYPE', 'admin routes take an empty body or application/json');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw httpError('HTTP_BAD_REQUEST', 'the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw httpError('HTTP_BAD_REQUEST', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}
