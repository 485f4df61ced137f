/**
 * Dev profiler for cadlens's own main-thread work in a whole analysis of realworld **tune** parts: one
 * warm-up analysis per part, then `--runs` analyses, each recorded as a V8 CPU profile of this thread
 * (`node:inspector`; OpenCascade's worker is not in it), plus the analyzer's per-stage timings and this
 * thread's CPU time. Summarise the profiles with `tools/speed/summarise-cpuprofile.ts`.
 *
 * Usage: npx tsx tools/speed/profile-analyze.ts D38,D30 [--runs 2] [--mesh always|never] [--prof /tmp/prof] [--dist]
 * `--dist` loads the built package (`npm run build` first; its profiles carry the bundle's line numbers), else the sources.
 * Only parts of the `tune` list in labels/realworld/split.json are accepted.
 * @internal
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REALWORLD_DIR, REPO_DIR } from '../../test/support/shared-data.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const tune = (JSON.parse(readFileSync(join(REPO_DIR, 'labels', 'realworld', 'split.json'), 'utf8')) as { tune: string[] }).tune;
const match = (args[0] ?? 'D38').split(',').filter((m) => tune.includes(m));
const runs = Number(arg('--runs') ?? 2);
const mesh = (arg('--mesh') ?? 'always') as 'always' | 'never';
const profDir = arg('--prof');
const dir = join(REALWORLD_DIR, 'parts');
const files = readdirSync(dir)
  .filter((f) => match.some((m) => f.startsWith(`${m}_`)))
  .sort();
const entry = args.includes('--dist') ? pathToFileURL(join(REPO_DIR, 'dist', 'node.js')).href : '../../src/node.js';
const { createNodeAnalyzer } = (await import(entry)) as typeof import('../../src/node.js');
const analyzer = createNodeAnalyzer({ mesh, occt: { deadlineMs: 600_000 } });
const session = new Session();
session.connect();
if (profDir) {
  mkdirSync(profDir, { recursive: true });
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
}
/** This thread's CPU time in ms (`/proc/thread-self/schedstat`: time on a CPU, in ns). */
function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
}
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  for (let i = 0; i <= runs; i++) {
    if (profDir && i > 0) await session.post('Profiler.start');
    const c0 = threadCpuMs();
    // This thread's CPU per step (the wait for OpenCascade's worker costs none): parse = references, build
    // and exact measures; tessellate = the face mapping.
    const steps: [string, number][] = [['start', c0]];
    const { result } = await analyzer.analyzeDetailed(bytes, { name: file, onProgress: (step) => steps.push([step, threadCpuMs()]) });
    const cpu = threadCpuMs() - c0;
    steps.push(['end', c0 + cpu]);
    const perStep = steps.slice(0, -1).map(([step, at], k) => `${step} ${(steps[k + 1]![1] - at).toFixed(0)}`).join(', ');
    if (profDir && i > 0) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profDir, `${file.slice(0, 3)}-${mesh}-${i}.cpuprofile`), JSON.stringify(profile));
    }
    const t = Object.entries(result.timings ?? {})
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(0) : v}`)
      .join(', ');
    console.log(`${file.slice(0, 3)} run ${i}${i === 0 ? ' (warm-up)' : ''}: main-thread cpu ${cpu.toFixed(0)} ms (${perStep}); wall ${t}`);
  }
}
session.disconnect();
await analyzer.dispose();
