import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/runtime/node/cli/main.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c));
  stderr.on('data', () => undefined);
  const code = await runCli(args, { stdout, stderr: stderr as unknown as NodeJS.WriteStream, env: {} } as CliIo);
  return { code, out };
}

const partA = join(SHARED_DIR, 'models', 'aagnet', 'partA.step');

describe.skipIf(!HAS_SHARED)(`cadlens analyze with the default Tier 1 (real model, real files)${HAS_SHARED ? '' : ` — skipped: ${NO_SHARED_REASON}`}`, () => {
  it('--verbose prints the recognized features with their measured parameters; --tier 1 answers with Tier 1 alone', async () => {
    // --tier 1: Tier 1's own answer (the default Node Tier 1's fine-tuned network, calibrated by temperature scaling: 0.99 on partA)
    const t1 = await cli(['analyze', '--verbose', '--tier', '1', partA]);
    expect(t1.code).toBe(0);
    expect(t1.out).toContain('recognition: tier 1 (aagnet), confidence 0.99');
    expect(t1.out).toMatch(/through_hole: faces \[10\] diameterMm=14875\.457 depthMm=26000/);
    expect(t1.out).toMatch(/rectangular_through_slot: faces \[13, 14, 15\] depthMm=24000 widthMm=\d+\.\d+ lengthMm=86350\.062/);
    // Tier 1 reads the four corner cut-outs as one pocket (the default pipeline below splits them per corner)
    expect(t1.out).toMatch(/rectangular_pocket: faces \[16, 17, 18, 19, 20, 21, 26, 27, 28, 29, 30, 31\] depthMm=\d+\.\d+ widthMm=20000/);
    // the default pipeline combines Tier 1 and Tier 2 per face (docs/recognition.md, "Tiers combined per face"):
    // the holes and the long through slot are measured the same; every feature line carries its faces and parameters
    const def = await cli(['analyze', '--verbose', partA]);
    expect(def.code).toBe(0);
    expect(def.out).toMatch(/recognition: tier 1 \(aagnet\), confidence (0\.\d\d|1\.00), \d+ features/);
    expect(def.out).toMatch(/through_hole: faces \[10\] diameterMm=14875\.457 depthMm=26000/);
    expect(def.out).toMatch(/rectangular_through_slot: faces \[13, 14, 15\] depthMm=24000 widthMm=\d+\.\d+ lengthMm=86350\.062/);
    // Tier 1's four-corner "pocket" is four corner cut-outs in the default pipeline (Tier 2's run-off rule,
    // session 9; D05's labels agree): one rectangular_blind_step per corner, with its depth, width and length.
    expect(def.out).toMatch(/rectangular_blind_step: faces \[16, 17, 18\] depthMm=20000 widthMm=\d+\.\d+ lengthMm=\d+\.\d+/);
    expect(def.out.match(/rectangular_blind_step: faces \[/g)).toHaveLength(4);
  }, 60_000);

  it('the default summary groups the features by type with their parameters, one line per type', async () => {
    const { code, out } = await cli(['analyze', partA]);
    expect(code).toBe(0);
    expect(out).toMatch(/recognition: tier 1 \(aagnet\), confidence (0\.\d\d|1\.00), \d+ features/);
    expect(out).toContain('    through_hole ×2  diameterMm 14761.446, 14875.457; depthMm 26000\n');
    // one line per type: each type named once, its count and its parameters
    const typeLines = out.split('\n').filter((l) => /^    [a-z_]+ ×\d+  /.test(l));
    const types = typeLines.map((l) => l.trim().split(' ')[0]);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['through_hole', 'rectangular_blind_step', 'rectangular_through_slot']));
    expect(out).not.toMatch(/faces \[/);
  }, 60_000);

  it('--json: recognition.faces carry stepId, classId, className, probability; provider in details', async () => {
    const { code, out } = await cli(['analyze', '--json', partA]);
    expect(code).toBe(0);
    const r = JSON.parse(out).recognition;
    expect(r.tier).toBe(1);
    expect(r.nominalConfidence).toBe(0.95);
    expect(r.faces).toHaveLength(32);
    expect(r.faces[16]).toMatchObject({ faceIndex: 16, classId: 22, className: 'rectangular_blind_step' });
    expect(Number.isInteger(r.faces[16].stepId)).toBe(true);
    expect(r.details.provider).toBe('cpu');
  }, 60_000);
});
