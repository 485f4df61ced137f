/**
 * What crosses the thread boundary between an analyzer pool and its workers. Everything here is
 * structured-clone-able: plain objects, strings, numbers and `Uint8Array`s.
 * @internal
 */
import type { MessagePort } from 'node:worker_threads';
import { CadlensError, isCadlensError, type CadlensErrorCode, type ErrorKind, type StageName } from '../../../errors/index.js';
import type { AnalyzeStep, AnalyzerOptions } from '../../../analyze/index.js';
import type { AnalysisResult } from '../../../result/index.js';
import type { OnnxNodeEngineOptions } from '../onnx-engine.js';

/**
 * Analyzer options a pool hands to each worker. Only clone-able settings: functions, stores and
 * breakers cannot cross a thread boundary, so each worker builds its own tessellator and tiers.
 */
export type PoolAnalyzerSettings = Pick<
  AnalyzerOptions,
  'maxFileSizeMb' | 'stepLimits' | 'importTimeoutMs' | 'recognizeTimeoutMs' | 'recognize' | 'tier' | 'heal' | 'mesh'
> & {
  /** Options of each worker's onnxruntime-node engine (model path, execution providers…). */
  engine?: Omit<OnnxNodeEngineOptions, 'signal'>;
};

/** `workerData` of a pool worker. @internal */
export interface PoolWorkerData {
  settings: PoolAnalyzerSettings;
  /** Honour the fault-injection inputs of {@link TEST_FAULT_PREFIX} (tests only). */
  testFaults: boolean;
}

/** One job for a worker. @internal */
export type PoolTask = { name: string; requestId?: string; port?: MessagePort } & (
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'file'; path: string }
);

/** A `CadlensError` flattened for the trip back. @internal */
export interface SerializedError {
  code: CadlensErrorCode;
  kind: ErrorKind;
  message: string;
  stage?: StageName;
  details?: Record<string, unknown>;
}

/** A worker's answer: the result, or the error the analysis threw (`ABORTED`, a bug…). @internal */
export type PoolReply = { ok: true; result: AnalysisResult } | { ok: false; error: SerializedError };

/** Messages a worker sends on a job's port while it runs. @internal */
export type PoolPortMessage = { type: 'started' } | { type: 'step'; step: AnalyzeStep };

/**
 * Input prefix that, in a pool created with `testFaults: true`, makes the worker misbehave on
 * purpose (first line of the input): `exit` ends the worker thread mid-job, `hang` loops forever,
 * `oom` allocates until the worker's memory limit kills it, `exit-once=<marker path>` ends the worker
 * if the marker file does not exist yet (creating it) and otherwise analyses the bytes after the
 * first line. Without `testFaults` such input is analysed like any other bytes
 * (and fails the format check). @internal
 */
export const TEST_FAULT_PREFIX = 'CADLENS-TEST-FAULT:';

/** Flattens any thrown value into a {@link SerializedError}. @internal */
export function serializeError(error: unknown): SerializedError {
  if (isCadlensError(error)) {
    return {
      code: error.code,
      kind: error.kind,
      message: error.message,
      ...(error.stage ? { stage: error.stage } : {}),
      ...(error.details ? { details: { ...error.details } } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', kind: 'systemic', message };
}

/** Rebuilds a {@link CadlensError} on the calling side. @internal */
export function deserializeError(error: SerializedError): CadlensError {
  return new CadlensError(error.code, error.message, {
    kind: error.kind,
    ...(error.stage ? { stage: error.stage } : {}),
    ...(error.details ? { details: error.details } : {}),
  });
}
