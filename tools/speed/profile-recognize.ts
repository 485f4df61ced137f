/**
 * Dev profiler for recognition time on realworld parts (`mesh: 'never'`): builds each Part with the
 * analyzer (recognition off), then times `recognizePerSolid` with the default recognizers — the call the
 * analyzer times as `timings.recognize` — and, with `--prof DIR`, records a V8 CPU profile of that call
 * only (one `.cpuprofile` per run, through `node:inspector`).
 *
 * Usage: npx tsx tools/speed/profile-recognize.ts D22,D19 [--runs 3] [--prof /tmp/prof]
 * @internal
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createNodeAnalyzer, createDefaultRecognizers } from '../../src/node.js';
import { recognizePerSolid } from '../../src/stages/recognize/index.js';
import { realworldPartFiles } from './realworld-part-files.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const match = (args[0] ?? 'D22').split(',');
const runs = Number(arg('--runs') ?? 3);
const profDir = arg('--prof');
const analyzer = createNodeAnalyzer({ mesh: 'never', recognize: false });
const recognizers = createDefaultRecognizers();
const noop = () => undefined;
const session = new Session();
session.connect();
if (profDir) {
  mkdirSync(profDir, { recursive: true });
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
for (const { name: file, path } of realworldPartFiles(match)) {
  const bytes = new Uint8Array(readFileSync(path));
  for (let i = 0; i <= runs; i++) {
    const part = (await analyzer.analyzeDetailed(bytes, { name: file })).part!;
    if (profDir && i > 0) await session.post('Profiler.start');
    const c0 = process.cpuUsage();
    const out = await recognizePerSolid(part, recognizers, { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
    const c = process.cpuUsage(c0);
    if (profDir && i > 0) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profDir, `${file.slice(0, 3)}-${i}.cpuprofile`), JSON.stringify(profile));
    }
    const d = (out.result.details ?? {}) as Record<string, number>;
    const ms = (k: string) => (typeof d[k] === 'number' ? d[k].toFixed(0) : '-');
    console.log(`${file.slice(0, 3)} run ${i}${i === 0 ? ' (warm-up)' : ''}: recognize cpu ${((c.user + c.system) / 1000).toFixed(0)} ms; extract ${ms('extractMs')} inference ${ms('inferenceMs')} postprocess ${ms('postprocessMs')}`);
  }
}
session.disconnect();
await analyzer.dispose();
for (const r of recognizers) await r.dispose?.();
