/**
 * The CLI's stdout, tolerant of a reader that goes away (`cadlens analyze … | head -3`): the first
 * write error (EPIPE when the pipe closes) marks the output closed, aborts `signal` so the running
 * analysis stops, and turns later writes into no-ops — no unhandled 'error' event, no stack trace.
 */
export interface CliOutput {
  write(text: string): void;
  /** True once the stream failed (its reader closed it). */
  readonly closed: boolean;
  /** The error that closed it, when it was not the usual closed pipe (EPIPE). */
  readonly unexpectedError: (Error & { code?: string }) | null;
  /** Aborted when the output closes. */
  readonly signal: AbortSignal;
  /** Detaches the error listener. */
  dispose(): void;
}

const CLOSED_PIPE_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** Wraps `stream` (normally `process.stdout`). */
export function createCliOutput(stream: NodeJS.WritableStream): CliOutput {
  const controller = new AbortController();
  let closed = false;
  let unexpectedError: CliOutput['unexpectedError'] = null;
  const onError = (error: Error & { code?: string }) => {
    if (closed) return;
    closed = true;
    if (!CLOSED_PIPE_CODES.has(error.code ?? '')) unexpectedError = error;
    controller.abort(error);
  };
  stream.on('error', onError);
  return {
    write(text) {
      if (closed) return;
      try {
        stream.write(text);
      } catch (error) {
        // A synchronous throw (a destroyed stream) means the same as an 'error' event.
        onError(error as Error & { code?: string });
      }
    },
    get closed() {
      return closed;
    },
    get unexpectedError() {
      return unexpectedError;
    },
    signal: controller.signal,
    dispose() {
      // Keep swallowing late errors of a stream that already failed; detach otherwise.
      if (!closed) stream.off('error', onError);
    },
  };
}
