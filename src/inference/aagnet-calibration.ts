import type { AagnetOutputs } from './inference-engine.js';

/** Calibration of AAGNet's class probabilities (temperature scaling). */
export interface AagnetCalibration {
  /** The class logits are divided by this before the softmax; > 1 softens an over-confident network. */
  readonly temperature: number;
}

/**
 * The shipped calibration of `aagnet-mfinstseg.onnx`: the temperature that minimises the negative
 * log-likelihood of the true class on generated dev parts (seed 101; `tools/calibration/fit-temperature.ts`,
 * record in `models/aagnet-calibration.json`, which a test keeps equal to this constant).
 */
export const AAGNET_CALIBRATION: AagnetCalibration = { temperature: 3.153 };

/**
 * The calibration of `aagnet-cadlens-ft.onnx` (the fine-tuned model, the default Node Tier 1's network): the
 * temperature of minimum NLL on generated dev parts (seed 116 box parts; session 19), fitted by
 * `models/tools/finetune_aagnet.py --calib` (models/README.md).
 */
export const AAGNET_FT_CALIBRATION: AagnetCalibration = { temperature: 1.795 };

/**
 * The shipped calibration of the model an engine runs, told by the engine id (`<model file stem>@<runtime>`):
 * {@link AAGNET_FT_CALIBRATION} for `aagnet-cadlens-ft` and `aagnet-cadlens-ft+stock` (its stock faces carry the
 * published network's logits rescaled to this temperature), else {@link AAGNET_CALIBRATION}.
 */
export function defaultCalibrationFor(engineId: string): AagnetCalibration {
  return /^aagnet-cadlens-ft[@+]/.test(engineId) ? AAGNET_FT_CALIBRATION : AAGNET_CALIBRATION;
}

/**
 * The outputs with the class logits divided by `calibration.temperature` (a new `segLogits`; the
 * other tensors are shared). The argmax, and so every class and instance, is unchanged.
 *
 * @example
 * ```ts
 * const calibrated = calibrateOutputs(await engine.run(inputs), AAGNET_CALIBRATION);
 * ```
 */
export function calibrateOutputs(outputs: AagnetOutputs, calibration: AagnetCalibration): AagnetOutputs {
  const t = calibration.temperature;
  if (t === 1) return outputs;
  const segLogits = new Float32Array(outputs.segLogits.length);
  for (let i = 0; i < segLogits.length; i++) segLogits[i] = outputs.segLogits[i] / t;
  return { ...outputs, segLogits };
}
