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
  it('--verbose prints the recognized features with their measured parameters; --tier 1 answers with Tier 1', async () => {
    for (const args of [['analyze', '--verbose', partA], ['analyze', '--verbose', '--tier', '1', partA]]) {
      const { code, out } = await cli(args);
      expect(code).toBe(0);
      // calibrated (temperature scaling): the raw network reads 1.00 on partA, the calibrated 0.95
      expect(out).toContain('recognition: tier 1 (aagnet), confidence 0.95');
      expect(out).toMatch(/through_hole: faces \[10\] diameterMm=14875\.457 depthMm=26000/);
      expect(out).toMatch(/rectangular_through_slot: faces \[13, 14, 15\] depthMm=24000 widthMm=\d+\.\d+ lengthMm=86350\.062/);
      expect(out).toMatch(/rectangular_pocket: faces \[16, 17, 18, 19, 20, 21, 26, 27, 28, 29, 30, 31\] depthMm=20000/);
    }
  }, 60_000);

  it('the default summary groups the features by type with their parameters, one line per type', async () => {
    const { code, out } = await cli(['analyze', partA]);
    expect(code).toBe(0);
    expect(out).toContain('recognition: tier 1 (aagnet), confidence 0.95, 5 features');
    expect(out).toContain('    through_hole ×2  diameterMm 14761.446, 14875.457; depthMm 26000\n');
    expect(out).toContain('    rectangular_pocket ×1  depthMm 20000; widthMm 39095.734; lengthMm 44809.726; wallCount 4\n');
    expect(out).not.toMatch(/faces \[/);
  }, 60_000);

  it('--json: recognition.faces carry stepId, classId, className, probability; provider in details', async () => {
    const { code, out } = await cli(['analyze', '--json', partA]);
    expect(code).toBe(0);
    const r = JSON.parse(out).recognition;
    expect(r.tier).toBe(1);
    expect(r.nominalConfidence).toBe(0.95);
    expect(r.faces).toHaveLength(32);
    expect(r.faces[16]).toMatchObject({ faceIndex: 16, classId: 14, className: 'rectangular_pocket' });
    expect(Number.isInteger(r.faces[16].stepId)).toBe(true);
    expect(r.details.provider).toBe('cpu');
  }, 60_000);
});
