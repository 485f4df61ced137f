// Child process for test/adapters/file-reliability.test.ts: one of three service instances
// sharing breaker `name` through one file-store directory. Imports the bundle in CADLENS_FILE_BREAKER_BUNDLE.
// argv: <dir> <name> <owner> <timeoutMs> <startAtEpochMs> <probeMs>
// Prints one JSON line: {owner, before, outcome: 'probed'|'refused', code?, reason?, after}.
const { createFileStores, CircuitBreaker } = await import(process.env.CADLENS_FILE_BREAKER_BUNDLE);
const [dir, name, owner, timeoutMs, startAt, probeMs] = process.argv.slice(2);
const stores = await createFileStores({ dir });
const breaker = new CircuitBreaker({ name, store: stores.breakerState, timeoutMs: Number(timeoutMs), instanceId: owner });
await breaker.refresh();
const before = breaker.state;
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const result = { owner, before };
try {
  await breaker.execute(async () => {
    await new Promise((r) => setTimeout(r, Number(probeMs)));
    return 'ok';
  });
  result.outcome = 'probed';
} catch (e) {
  result.outcome = 'refused';
  result.code = e?.code;
  result.reason = e?.details?.reason;
}
result.after = breaker.state;
result.storeDegraded = breaker.storeDegraded;
process.stdout.write(`${JSON.stringify(result)}\n`);
await stores.close();
