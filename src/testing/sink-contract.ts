import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCadlensError } from '../errors/index.js';
import type { DeadLetterRecord, DeadLetterSink } from '../storage/dead-letter-store.js';
import { makeDeadLetter } from './fixtures.js';

/** What a {@link runSinkContract} factory returns. */
export interface SinkUnderTest {
  sink: DeadLetterSink;
  /** Read back everything the sink received, in any order (from its real destination). */
  readBack(): Promise<DeadLetterRecord[]>;
  /** Clean up after the test. */
  close?(): Promise<void>;
}

/** Options of {@link runSinkContract}. */
export interface SinkContractOptions {
  skip?: string | false;
  /** @defaultValue 20 */
  concurrency?: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The contract for a user-supplied {@link DeadLetterSink}: records arrive intact, the input is not
 * mutated, concurrent puts all arrive, an aborted signal rejects with `ABORTED`.
 * `factory` is called before every test and must start empty.
 *
 * @example
 * ```ts
 * runSinkContract('my webhook sink', async () => ({ sink, readBack: () => server.received() }));
 * ```
 */
export function runSinkContract(
  name: string,
  factory: () => SinkUnderTest | Promise<SinkUnderTest>,
  options: SinkContractOptions = {},
): void {
  const n = options.concurrency ?? 20;
  const suite = options.skip ? describe.skip : describe;
  suite(`sink contract: ${name}${options.skip ? ` (skipped: ${options.skip})` : ''}`, () => {
    let subject: SinkUnderTest;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject?.close?.();
    });

    it('has a stable non-empty id', () => {
      expect(typeof subject.sink.id).toBe('string');
      expect(subject.sink.id.length).toBeGreaterThan(0);
    });

    it('delivers a record intact and does not mutate the input', async () => {
      const record = deepFreeze(
        makeDeadLetter('s1', 0, {
          tier: 'tier2',
          input: { name: 'part.step', sizeBytes: 4, sha256: '01'.repeat(32), bytes: 'AQIDBA==' },
        }),
      );
      await subject.sink.put(record);
      const got = await subject.readBack();
      expect(got).toHaveLength(1);
      expect(got[0]).toEqual(record);
    });

    it(`delivers all of ${n} concurrent puts`, async () => {
      await Promise.all(Array.from({ length: n }, (_, i) => subject.sink.put(makeDeadLetter(`c${i}`, i))));
      const ids = new Set((await subject.readBack()).map((r) => r.id));
      expect(ids.size).toBe(n);
    });

    it('rejects with ABORTED when the signal is already aborted, delivering nothing', async () => {
      const c = new AbortController();
      c.abort();
      let caught: unknown;
      try {
        await subject.sink.put(makeDeadLetter('x', 0), { signal: c.signal });
      } catch (e) {
        caught = e;
      }
      expect(isCadlensError(caught) && caught.code).toBe('ABORTED');
      expect(await subject.readBack()).toHaveLength(0);
    });
  });
}
