/**
 * Runs the labelled curved-feature generator (tools/generator/generate.py, Debian freecad-python3) over a
 * set, split across worker processes by part index (part i depends only on --seed and i), then prints the
 * summary (parts written, skips by reason, time per part, faces per class).
 *
 *   npm run generate -- --seed 1 --count 100 --out .cache/synthetic [--jobs 2] [--start 0] [--motion] [--stl] [--protrusions]
 *   npm run generate -- --plates --seed 201 --count 120 --out /work/gen/plates201   (profiled plates, syn_p<seed>_<i>)
 *   npm run generate -- --turned --seed 401 --count 80 --out /work/gen/turned401   (turned parts, syn_t<seed>_<i>)
 *   npm run generate -- --sheet --seed 501 --count 120 --out /work/gen/sheet501    (bent sheet metal, syn_m<seed>_<i>)
 *   npm run generate -- --housing --seed 601 --count 100 --out /work/gen/h601      (cast housings, syn_h<seed>_<i>)
 *   npm run generate -- ... --nurbs                         (the same parts with B-spline faces and edges, syn_<mode>n<seed>_<i>)
 *   npm run generate -- ... --resume                        (skip parts already in OUT/summary.jsonl)
 *   npm run generate -- --summary .cache/synthetic          (summary of an existing set only)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AAGNET_CLASS_NAMES } from '../../src/inference/aagnet-classes.js';

const SCRIPT = fileURLToPath(new URL('./generate.py', import.meta.url));
/** Where Debian's freecad-python3 puts the FreeCAD module. */
export const FREECAD_LIB = '/usr/lib/freecad-python3/lib';

/** True when the generator can run here (Debian freecad-python3 installed). */
export function hasFreecad(): boolean {
  return existsSync(join(FREECAD_LIB, 'FreeCAD.so')) && existsSync('/usr/bin/python3');
}

/** One line of OUT/summary.jsonl. */
export interface PartRecord {
  name: string;
  status: 'ok' | 'skipped';
  reason?: string;
  seconds: number;
  faces?: number;
  classes?: Record<string, number>;
  rejected?: Record<string, number>;
  composites?: string[];
}

/** Markdown summary of a set's summary.jsonl (last record per part name wins). */
export function summarize(outDir: string): string {
  const byName = new Map<string, PartRecord>();
  for (const line of readFileSync(join(outDir, 'summary.jsonl'), 'utf8').split('\n')) {
    if (line.trim()) {
      const r = JSON.parse(line) as PartRecord;
      byName.set(r.name, r);
    }
  }
  const recs = [...byName.values()];
  const ok = recs.filter((r) => r.status === 'ok');
  const skips = new Map<string, number>();
  const rejects = new Map<string, number>();
  // one more than AAGNet's: other_feature (class 25): protrusions, turned sections, sheet-metal bends
  const names = [...AAGNET_CLASS_NAMES, 'other_feature'];
  const classes = new Array<number>(names.length).fill(0);
  const composites = new Map<string, number>();
  for (const r of recs) {
    if (r.status === 'skipped') skips.set(r.reason ?? '?', (skips.get(r.reason ?? '?') ?? 0) + 1);
    for (const [k, v] of Object.entries(r.rejected ?? {})) rejects.set(k, (rejects.get(k) ?? 0) + v);
  }
  for (const r of ok) {
    for (const [c, v] of Object.entries(r.classes ?? {})) classes[Number(c)] += v;
    for (const c of r.composites ?? []) composites.set(c, (composites.get(c) ?? 0) + 1);
  }
  const secs = recs.map((r) => r.seconds).sort((a, b) => a - b);
  const q = (p: number) => secs[Math.min(secs.length - 1, Math.floor(p * secs.length))] ?? 0;
  const mean = secs.reduce((a, b) => a + b, 0) / Math.max(1, secs.length);
  const faces = ok.reduce((a, r) => a + (r.faces ?? 0), 0);
  const lines = [
    `Parts tried: ${recs.length}; written: ${ok.length}; skipped: ${recs.length - ok.length}.`,
    `Time per part (wall, s): mean ${mean.toFixed(2)}, median ${q(0.5).toFixed(2)}, p90 ${q(0.9).toFixed(2)}, max ${q(1).toFixed(2)}.`,
    `Faces: ${faces} (mean ${(faces / Math.max(1, ok.length)).toFixed(1)} per part).`,
    '',
    '| skipped part: reason | parts |',
    '|---|---|',
    ...[...skips].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| feature attempt rejected (reverted, retried): reason | attempts |',
    '|---|---|',
    ...[...rejects].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| class | faces | share |',
    '|---|---|---|',
    ...classes.flatMap((v, i) => (i === names.length - 1 && v === 0 ? [] : [`| ${i} ${names[i]} | ${v} | ${((100 * v) / Math.max(1, faces)).toFixed(2)} % |`])),
    '',
    '| composite | parts with it |',
    '|---|---|',
    ...[...composites].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`),
  ];
  return lines.join('\n');
}

function runWorker(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [SCRIPT, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      count: { type: 'string' },
      start: { type: 'string', default: '0' },
      out: { type: 'string', default: '.cache/synthetic' },
      jobs: { type: 'string', default: '1' },
      motion: { type: 'boolean', default: false },
      stl: { type: 'boolean', default: false },
      protrusions: { type: 'boolean', default: false },
      plates: { type: 'boolean', default: false },
      turned: { type: 'boolean', default: false },
      sheet: { type: 'boolean', default: false },
      housing: { type: 'boolean', default: false },
      nurbs: { type: 'boolean', default: false },
      summary: { type: 'string' },
      resume: { type: 'boolean', default: false },
    },
  });
  if (values.summary) {
    console.log(summarize(values.summary));
    return 0;
  }
  if (!hasFreecad()) {
    console.error(`FreeCAD's Python module is not at ${FREECAD_LIB}: apt-get install freecad-python3`);
    return 2;
  }
  const seed = Number(values.seed);
  const count = Number(values.count);
  const start = Number(values.start);
  const jobs = Math.max(1, Number(values.jobs));
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1 || !Number.isInteger(start) || start < 0) {
    console.error('usage: --seed <int> --count <int ≥ 1> [--start <int ≥ 0>] [--out DIR] [--jobs N] [--motion] [--stl] [--protrusions | --plates | --turned | --sheet | --housing] [--nurbs]');
    return 2;
  }
  const per = Math.ceil(count / jobs);
  const runs: Promise<number>[] = [];
  for (let j = 0; j < jobs; j++) {
    const s = start + j * per;
    const n = Math.min(per, start + count - s);
    if (n <= 0) break;
    const args = ['--seed', String(seed), '--count', String(n), '--start', String(s), '--out', values.out!, '--quiet'];
    if (values.motion) args.push('--motion');
    if (values.stl) args.push('--stl');
    if (values.protrusions) args.push('--protrusions');
    if (values.plates) args.push('--plates');
    if (values.turned) args.push('--turned');
    if (values.sheet) args.push('--sheet');
    if (values.housing) args.push('--housing');
    if (values.nurbs) args.push('--nurbs');
    if (values.resume) args.push('--resume');
    runs.push(runWorker(args));
  }
  const codes = await Promise.all(runs);
  console.log(summarize(values.out!));
  return codes.every((c) => c === 0) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
