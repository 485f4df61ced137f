/** One finished item of {@link inInputOrder}: its value, or what it threw. */
export type OrderedOutcome<T> = { index: number; ok: true; value: T } | { index: number; ok: false; error: unknown };

/**
 * Runs `run` over `items` with at most `window` calls in flight and yields the outcomes in input
 * order (item 3 waits for item 2 even if it finished first). Stops starting new calls once the
 * consumer stops iterating. @internal
 */
export async function* inInputOrder<I, T>(items: readonly I[], run: (item: I, index: number) => Promise<T>, window: number): AsyncGenerator<OrderedOutcome<T>> {
  const pending = new Map<number, Promise<OrderedOutcome<T>>>();
  let started = 0;
  const startMore = () => {
    while (started < items.length && pending.size < window) {
      const index = started++;
      pending.set(
        index,
        run(items[index]!, index).then(
          (value) => ({ index, ok: true as const, value }),
          (error: unknown) => ({ index, ok: false as const, error }),
        ),
      );
    }
  };
  for (let next = 0; next < items.length; next++) {
    startMore();
    const outcome = await pending.get(next)!;
    pending.delete(next);
    yield outcome;
  }
}
