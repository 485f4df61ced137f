/**
 * The Tier 1 training-data dump (tools/training/dump-aagnet-inputs.ts) on the hand-labelled synthetic
 * fixtures, through its CLI: one entry per part with the part's face count, the truth per graph node
 * (the label file's classes, in the extractor's node order), edges inside each part, and the shipped
 * model's logits — which must be what Tier 1 itself reports for those faces.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../tools/eval/run-evaluation.js';
import { REPO_DIR } from '../support/shared-data.js';

const FIX = join(REPO_DIR, 'test', 'fixtures', 'eval', 'synthetic');
const tmp = mkdtempSync(join(tmpdir(), 'cadlens-dump-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const i32 = (p: string) => new Int32Array(new Uint8Array(readFileSync(p)).buffer);
const f32 = (p: string) => new Float32Array(new Uint8Array(readFileSync(p)).buffer);

describe('tools/training/dump-aagnet-inputs.ts', () => {
  it('writes Tier 1 inputs, node truth and the shipped logits for the three labelled fixtures', async () => {
    const out = join(tmp, 'fix');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/training/dump-aagnet-inputs.ts', '--set', 'synthetic', '--dir', FIX, '--out', out], {
      cwd: REPO_DIR,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const { parts } = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { parts: { name: string; n: number; e: number; face: number; edge: number }[] };
    expect(parts.map((p) => p.name)).toEqual(['fillet-block', 'plate-hole', 'plate-hole-pocket']);
    const seg = i32(join(out, 'seg.i32'));
    const ei = i32(join(out, 'edge_index.i32'));
    const ref = f32(join(out, 'ref_seg.f32'));
    const totalN = parts.reduce((s, p) => s + p.n, 0);
    expect(seg.length).toBe(totalN);
    expect(ref.length).toBe(totalN * 25);
    expect(f32(join(out, 'face_grid.f32')).length).toBe(totalN * 175);
    const predicted: number[] = [];
    for (const p of parts) {
      const [[, label]] = JSON.parse(readFileSync(join(FIX, `${p.name}.json`), 'utf8')) as [[string, { seg: Record<string, number> }]];
      // Every face of the label file is one graph node, with its class.
      const truth = Object.values(label.seg).sort((a, b) => a - b);
      expect(p.n).toBe(truth.length);
      expect([...seg.subarray(p.face, p.face + p.n)].sort((a, b) => a - b)).toEqual(truth);
      for (let k = 2 * p.edge; k < 2 * (p.edge + p.e); k++) expect(ei[k] >= 0 && ei[k] < p.n).toBe(true);
      for (let node = 0; node < p.n; node++) {
        const row = ref.subarray((p.face + node) * 25, (p.face + node + 1) * 25);
        predicted.push(row.indexOf(Math.max(...row)));
      }
    }
    // The dumped logits are the network's answer: its per-node accuracy is Tier 1's (no face of these
    // fixtures lies on the stock envelope with a feature answer, so the envelope rule changes nothing here).
    const right = predicted.filter((c, k) => c === seg[k]).length;
    const report = await runEvaluation({ set: 'synthetic', dir: FIX, tiers: ['1'], warmUp: false }, REPO_DIR);
    const tier1 = report.results['1']!;
    expect(tier1.faces.correct).toBe(right);
  }, 120_000);
});
