/** A recognizer context for tests: a signal that never aborts, the wall clock, a silent logger. */
import type { RecognizeContext } from '../../src/stages/recognize/index.js';

const noop = () => undefined;

export const testRecognizeContext = (): RecognizeContext => ({ signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
