// Fault injector of the service load test, a pool recognizers module (AnalyzerPoolOptions.recognizers):
// the default recognizers, with Tier 1 failing between `options.failFromMs` and `options.failUntilMs`
// (epoch ms; both absent: always). The failure is thrown inside the Tier 1 breaker guard, so the
// breaker counts it, the analyzer dead-letters it, and Tier 2 answers for the part. Plain ESM with no
// imports, so a worker loads it as it is, from source or from the built package.

/** @param {{ defaults: (o?: object) => unknown[]; options?: { failFromMs?: number; failUntilMs?: number } }} context */
export default function tier1Fault({ defaults, options = {} }) {
  const from = options.failFromMs ?? -Infinity;
  const until = options.failUntilMs ?? Infinity;
  return defaults({
    wrapTier1: (tier1) => ({
      ...tier1,
      recognize(part, ctx) {
        const now = Date.now();
        if (now >= from && now < until) return Promise.reject(new Error('injected Tier 1 fault (load test)'));
        return tier1.recognize(part, ctx);
      },
      ...(tier1.dispose ? { dispose: () => tier1.dispose() } : {}),
    }),
  });
}
