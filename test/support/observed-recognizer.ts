import { defineRecognizer, type Recognizer } from '../../src/stages/recognize/index.js';

/** A recognizer that records its `recognize` calls in `events` (`recognize <id>`) and otherwise is `inner`. */
export function observed(inner: Recognizer, events: string[]): Recognizer {
  return defineRecognizer({
    id: inner.id,
    tier: inner.tier,
    nominalConfidence: inner.nominalConfidence,
    ...(inner.variant !== undefined ? { variant: inner.variant } : {}),
    canRecognize: (part, ctx) => inner.canRecognize(part, ctx),
    recognize: (part, ctx) => {
      events.push(`recognize ${inner.id}`);
      return inner.recognize(part, ctx);
    },
    dispose: () => inner.dispose?.(),
  });
}
