/**
 * The inference engine interface, AAGNet tensor layout, input validation and post-processing.
 * Browser-safe: nothing here imports onnxruntime or Node APIs.
 */
export * from './aagnet-classes.js';
export * from './inference-engine.js';
export * from './validate-inputs.js';
export {
  decodeFacePredictions,
  groupAagnetInstances,
  proposeInstances,
  softmaxRows,
  type AagnetFacePredictions,
  type AagnetInstance,
  type GroupInstancesOptions,
} from './aagnet-postprocess.js';
export { AAGNET_CALIBRATION, AAGNET_FT_CALIBRATION, calibrateOutputs, defaultCalibrationFor, type AagnetCalibration } from './aagnet-calibration.js';
export { withStockCallFrom, type StockCallOptions } from './stock-call-engine.js';
export type { OnnxRuntimeModule, OnnxSessionOptions } from './onnx-runtime-types.js';
