/**
 * The inference engine interface, AAGNet tensor layout, input validation and post-processing.
 * Browser-safe: nothing here imports onnxruntime or Node APIs.
 */
export * from './aagnet-classes.js';
export * from './inference-engine.js';
export * from './validate-inputs.js';
export * from './aagnet-postprocess.js';
