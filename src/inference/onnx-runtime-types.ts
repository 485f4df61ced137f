/**
 * Structural stand-ins for the onnxruntime types that cadlens's public options mention, so that its declarations compile
 * where neither onnxruntime-node nor onnxruntime-web (optional peers) is installed.
 * @packageDocumentation
 */

/**
 * The onnxruntime session options cadlens passes through to `InferenceSession.create`: a structural subset of
 * onnxruntime's `InferenceSession.SessionOptions` (an object of that type is accepted as it is).
 */
export interface OnnxSessionOptions {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  executionMode?: 'sequential' | 'parallel';
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  enableCpuMemArena?: boolean;
  enableMemPattern?: boolean;
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  logVerbosityLevel?: number;
  executionProviders?: readonly unknown[];
}

/** An imported onnxruntime-node or onnxruntime-web module, as cadlens's declarations name it (its `InferenceSession` and `Tensor`). */
export interface OnnxRuntimeModule {
  readonly InferenceSession: object;
  readonly Tensor: object;
}
