// Dev check (session 17): one library batch of files, several rounds in one process, CPU per round — round 0 is
// what a fresh process pays (JIT warm-up, module load, the onnxruntime session), later rounds the per-part cost
// once the code is warm. Plain JavaScript, so that it loads a built dist/ as users do.
//   node tools/speed/batch-rounds.mjs always|never|bare LIST.json DIST/node.js [ROUNDS=3]
// LIST.json: a JSON array of file paths. `bare`: occt-import-js `ReadStepFile(bytes, null)` per file in this thread
// (the bench's baseline). Prints one line per round: "round K: main MS all MS" (main = this thread's CPU from
// /proc, 10 ms ticks, Linux only; all = process.cpuUsage(), every thread: OpenCascade's worker, V8's compiler and
// GC threads). PROF=file.cpuprofile records rounds ≥ 1 with the inspector (sampling every 200 µs).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';

const [mode, listFile, dist, roundsArg] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));
const rounds = Number(roundsArg ?? 3);
const mainMs = () => {
  try {
    const s = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
};
const allMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const session = new Session();
session.connect();
if (process.env.PROF) {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
let analyzeOne;
let dispose = async () => undefined;
if (mode === 'bare') {
  const occt = await createRequire(dist)('occt-import-js')();
  analyzeOne = async (file) => occt.ReadStepFile(new Uint8Array(readFileSync(file)), null);
} else {
  const { createNodeAnalyzer } = await import(dist);
  const analyzer = createNodeAnalyzer({ mesh: mode });
  analyzeOne = (file) => analyzer.analyzeFile(file);
  dispose = () => analyzer.dispose();
}
for (let r = 0; r < rounds; r++) {
  if (r === 1 && process.env.PROF) await session.post('Profiler.start');
  const m0 = mainMs();
  const a0 = allMs();
  for (const file of files) await analyzeOne(file);
  console.log(`round ${r}: main ${mainMs() - m0} all ${Math.round(allMs() - a0)}`);
}
if (process.env.PROF) writeFileSync(process.env.PROF, JSON.stringify((await session.post('Profiler.stop')).profile));
await dispose();
process.exit(0);
