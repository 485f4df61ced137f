// Fault injector of the service load test, a pool recognizers module (AnalyzerPoolOptions.recognizers):
// the default recognizers, with Tier 1 failing while the fault is on. On: while the file
// `options.switchFile` exists (the load driver creates and deletes it, so the period is measured
// from the run, not from the server's start); without `switchFile`, between `options.failFromMs`
// and `options.failUntilMs` (epoch ms), or always when neither is given. The failure is thrown inside
// the Tier 1 breaker guard, so the breaker counts it, the analyzer dead-letters it, and Tier 2
// answers for the part. Plain ESM (only node:fs), so a worker loads it as it is.
import { existsSync } from 'node:fs';

/** @param {{ defaults: (o?: object) => unknown[]; options?: { switchFile?: string; failFromMs?: number; failUntilMs?: number } }} context */
export default function tier1Fault({ defaults, options = {} }) {
  const from = options.failFromMs ?? -Infinity;
  const until = options.failUntilMs ?? Infinity;
  const on = options.switchFile
    ? () => existsSync(options.switchFile)
    : () => {
        const now = Date.now();
        return now >= from && now < until;
      };
  return defaults({
    wrapTier1: (tier1) => ({
      ...tier1,
      recognize(part, ctx) {
        if (on()) return Promise.reject(new Error('injected Tier 1 fault (load test)'));
        return tier1.recognize(part, ctx);
      },
      ...(tier1.dispose ? { dispose: () => tier1.dispose() } : {}),
    }),
  });
}
