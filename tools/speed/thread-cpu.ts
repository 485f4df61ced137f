/**
 * Dev check: how much of recognition's CPU time is on the main thread and how much on the process's other threads
 * (V8's garbage-collector helpers and background compiler; onnxruntime's session runs on the calling thread with
 * cadlens's `intraOpNumThreads: 1`), per realworld part, `mesh: 'never'`, warm runs on a freshly built Part each.
 * All threads from `process.cpuUsage()` (what the recognize-share bench reads), the main thread from
 * `/proc/self/task/<pid>/stat` (Linux only; 10 ms ticks, so use several runs). Run it with `node --single-threaded-gc`
 * or `--single-threaded` (through `node --import tsx`) to see which background work moves to the main thread.
 *
 * Usage: npx tsx tools/speed/thread-cpu.ts D21,D22 [--runs 6]
 * @internal
 */
import { existsSync, readFileSync } from 'node:fs';
import { createNodeAnalyzer, createDefaultRecognizers } from '../../src/node.js';
import { recognizePerSolid } from '../../src/stages/recognize/index.js';
import { realworldPartFiles } from './realworld-part-files.js';

const args = process.argv.slice(2);
const match = (args[0] ?? 'D22').split(',');
const runs = Number(args[args.indexOf('--runs') + 1] || 6);
const mainStat = `/proc/self/task/${process.pid}/stat`;
if (!existsSync(mainStat)) {
  console.log('skip: needs /proc (Linux)');
  process.exit(0);
}
/** utime + stime of the main thread in ms (fields 14 and 15 of the stat line, after the command in brackets). */
const mainMs = () => {
  const s = readFileSync(mainStat, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const allMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const analyzer = createNodeAnalyzer({ mesh: 'never', recognize: false });
const recognizers = createDefaultRecognizers();
const noop = () => undefined;
for (const { name: file, path } of realworldPartFiles(match)) {
  const bytes = new Uint8Array(readFileSync(path));
  let main = 0, all = 0;
  for (let i = 0; i <= runs; i++) {
    const part = (await analyzer.analyzeDetailed(bytes, { name: file })).part!;
    const m0 = mainMs(), a0 = allMs();
    await recognizePerSolid(part, recognizers, { signal: new AbortController().signal, now: () => Date.now(), log: { debug: noop, info: noop, warn: noop } });
    if (i === 0) continue; // warm-up
    main += mainMs() - m0;
    all += allMs() - a0;
  }
  console.log(`${file.slice(0, 3)}: recognition CPU ${(all / runs).toFixed(0)} ms on all threads, ${(main / runs).toFixed(0)} ms on the main thread (${(100 * (1 - main / all)).toFixed(0)} % elsewhere), mean of ${runs} warm runs`);
}
await analyzer.dispose();
for (const r of recognizers) await r.dispose?.();
