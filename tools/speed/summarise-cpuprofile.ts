/**
 * Dev tool: summarise V8 `.cpuprofile` files (from `node --cpu-prof` or tools/speed/profile-analyze.ts) by
 * analysis stage and by self time. A sample belongs to the outermost frame on its stack whose function is
 * one of the stage roots (the pipeline's and recognition's entry points; `--roots a,b` replaces them), else
 * to "other"; idle and the garbage collector are listed apart. Several files are summed.
 *
 * `--samples`: weigh every sample alike (its count times the mean interval) instead of by its time delta. The
 * sampler runs on wall time, so on a loaded machine one sample taken after the thread was descheduled can carry
 * tens of ms that no function spent; counts track the thread's CPU much more closely there (session 17).
 *
 * Usage: npx tsx tools/speed/summarise-cpuprofile.ts FILE... [--top 15] [--roots fnA,fnB] [--samples]
 * @internal
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(arg('--top') ?? 15);
const roots = new Set(
  (arg('--roots') ??
    'readStep,createFormatContext,validateStepReferences,buildPartFromStep,measureBrepFaces,startTessellation,attachTessellation,createGeometryContext,findSelfIntersections,recognizePerSolid,extractGaag,runRecognizers,askSecondary,OnnxruntimeSessionHandler,run').split(','),
);
const bySamples = args.includes('--samples');
const files = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--') && args[i - 1] !== '--samples'));

const byStage = new Map<string, number>();
const selfByStage = new Map<string, Map<string, number>>();
const add = <K>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);
let total = 0;
for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  // timeDeltas[i] is the gap before sample i: the time of sample i is the next delta (or, with --samples, the mean).
  const mean = p.timeDeltas.reduce((a, b) => a + b, 0) / Math.max(1, p.timeDeltas.length);
  for (let i = 0; i < p.samples.length; i++) add(time, p.samples[i]!, bySamples ? mean : (p.timeDeltas[i + 1] ?? 0));
  for (const [id, us] of time) {
    const n = nodes.get(id)!;
    const fn = n.callFrame.functionName;
    let stage = fn === '(idle)' || fn === '(garbage collector)' || fn === '(program)' ? fn : 'other';
    if (stage === 'other') {
      const chain: string[] = [];
      for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) chain.push(nodes.get(x)!.callFrame.functionName);
      for (let k = chain.length - 1; k >= 0; k--) {
        if (roots.has(chain[k]!)) {
          stage = chain[k]!;
          break;
        }
      }
    }
    const name = `${fn || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    add(byStage, stage, us);
    if (!selfByStage.has(stage)) selfByStage.set(stage, new Map());
    add(selfByStage.get(stage)!, name, us);
    total += us;
  }
}
const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
console.log(`${files.length} profile(s), ${ms(total)} ms sampled`);
const stages = [...byStage].sort((a, b) => b[1] - a[1]);
for (const [s, us] of stages) console.log(`${ms(us)}  ${s}`);
for (const [s] of stages) {
  if (s.startsWith('(')) continue;
  console.log(`\n== ${s}`);
  for (const [name, us] of [...selfByStage.get(s)!].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${name}`);
}
