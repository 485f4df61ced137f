import { describe, expect, it } from 'vitest';
import { runStoreContract, runSinkContract, makeDeadLetter } from 'cadlens/testing';
import { createMemoryStores } from '../../adapters/memory/index.js';
import { isCadlensError } from 'cadlens';

runStoreContract('memory', () => createMemoryStores());
runStoreContract('memory (macrotask interleaving)', () => createMemoryStores({ yieldToEventLoop: true }));

runSinkContract('memory dead-letter store used as a sink', () => {
  const stores = createMemoryStores();
  return { sink: stores.deadLetters, readBack: () => stores.deadLetters.list(), close: () => stores.close() };
});

describe('memory stores: outage simulation', () => {
  it('rejects with systemic STORE_UNAVAILABLE while down and recovers after', async () => {
    const stores = createMemoryStores();
    await stores.deadLetters.put(makeDeadLetter('a', 0));
    stores.simulateOutage(true);
    const err = await stores.deadLetters.get('a').catch((e: unknown) => e);
    expect(isCadlensError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', kind: 'systemic', stage: 'storage' });
    stores.simulateOutage(false);
    expect((await stores.deadLetters.get('a'))?.id).toBe('a');
  });
});
