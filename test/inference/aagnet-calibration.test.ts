import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AAGNET_CALIBRATION, calibrateOutputs, decodeFacePredictions, type AagnetOutputs } from '../../src/inference/index.js';

const record = JSON.parse(readFileSync(new URL('../../models/aagnet-calibration.json', import.meta.url), 'utf8')) as {
  model: string;
  temperature: number;
  fittedOn: { faces: number; eceCalibrated: number };
  reportedOn: { records: string; eceCalibrated: number }[];
};
const fx = JSON.parse(readFileSync(new URL('./fixtures/aagnet-partA-gaag.json', import.meta.url), 'utf8'));
const partAOutputs = (): AagnetOutputs => ({
  faceCount: fx.N,
  segLogits: Float32Array.from(fx.outputs.segLogits),
  instLogits: Float32Array.from(fx.outputs.instLogits),
  bottomLogits: Float32Array.from(fx.outputs.bottomLogits),
});

describe('AAGNet calibration', () => {
  it('the shipped temperature is the fitted one in models/aagnet-calibration.json, whose held-out ECE on generated parts is ≤ 0.05', () => {
    expect(record.model).toBe('aagnet-mfinstseg.onnx');
    expect(AAGNET_CALIBRATION.temperature).toBe(record.temperature);
    expect(record.fittedOn.faces).toBeGreaterThan(1000);
    const heldOut = record.reportedOn.find((r) => r.records.includes('held out'))!;
    expect(heldOut.eceCalibrated).toBeLessThanOrEqual(0.05);
  });

  it('calibrateOutputs divides the class logits only: same classes and bottom flags, softer probabilities (partA torch outputs)', () => {
    const raw = partAOutputs();
    const cal = calibrateOutputs(raw, { temperature: 2 });
    expect(cal.instLogits).toBe(raw.instLogits);
    expect(cal.bottomLogits).toBe(raw.bottomLogits);
    expect(cal.segLogits[7]).toBeCloseTo(raw.segLogits[7] / 2, 6);
    const a = decodeFacePredictions(raw);
    const b = decodeFacePredictions(cal);
    expect(Array.from(b.classIds)).toEqual(Array.from(a.classIds));
    for (let i = 0; i < a.faceCount; i++) expect(b.classProbability[i]).toBeLessThanOrEqual(a.classProbability[i] + 1e-7);
    expect(calibrateOutputs(raw, { temperature: 1 })).toBe(raw);
  });
});
