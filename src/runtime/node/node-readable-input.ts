import type { Readable } from 'node:stream';
import type { AnalyzeInput } from '../../analyze/index.js';

/**
 * What the Node analyzer's `analyze()` accepts: every runtime's {@link AnalyzeInput} plus a Node
 * `Readable` (`fs.createReadStream(path)`, an HTTP request, `process.stdin`).
 */
export type NodeAnalyzeInput = AnalyzeInput | Readable;

/**
 * True for a Node `Readable`: async-iterable and pipeable, without a web stream's `getReader`.
 * Checked by shape, not `instanceof`, so streams from another copy of `node:stream` (or
 * `readable-stream`) count too.
 */
export function isNodeReadable(input: unknown): input is Readable {
  if (typeof input !== 'object' || input === null) return false;
  const candidate = input as Partial<Readable> & { getReader?: unknown };
  return typeof candidate.getReader !== 'function' && typeof candidate.pipe === 'function' && typeof candidate[Symbol.asyncIterator] === 'function';
}

/**
 * A web `ReadableStream` that pulls from a Node `Readable` one chunk at a time (so the core's size
 * limit stops reading as soon as it is passed), and `close()`, which destroys the Node stream when it
 * was not read to the end (a file stream would otherwise keep its descriptor open).
 */
export function nodeReadableToWeb(readable: Readable): { stream: ReadableStream<Uint8Array>; close(): Promise<void> } {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        // A stream with setEncoding() yields strings: hand the core their UTF-8 bytes.
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    async close() {
      // Ending the iteration early destroys the Readable; after the last chunk it is a no-op.
      await chunks.return?.();
    },
  };
}
