import type { IsoTime, StoreBase, StoreCallOptions } from './store-common.js';

/** One processed analysis, recorded for the metrics windows. */
export interface ProcessingSample {
  time: IsoTime;
  /** Wall time of the whole analysis. */
  durationMs: number;
  /**
   * Quality score on the result's scale, 0–1 (`result.quality.score`), or `null` when none was computed
   * (e.g. the analysis failed early).
   */
  qualityScore: number | null;
  /** True when recognition produced at least one recognized feature face at any tier. */
  recognized: boolean;
  /** Tier that produced the result, or `null` when none did. */
  tier: string | null;
  /** True when the analysis completed without a dead letter. */
  ok: boolean;
  requestId?: string;
}

/** Time window for {@link MetricsSampleStore.query}: `since <= time < until`. */
export interface SampleWindow {
  since?: IsoTime;
  until?: IsoTime;
}

/** Server-side aggregate of a window, see {@link MetricsSampleStore.aggregate}. */
export interface SampleAggregate {
  count: number;
  sumDurationMs: number;
  /** Samples with a non-null quality score. */
  qualityCount: number;
  /** Sum of the non-null quality scores (each 0–1). */
  sumQualityScore: number;
  recognizedCount: number;
  okCount: number;
}

/** Storage for processing samples. */
export interface MetricsSampleStore extends StoreBase {
  /** Record one sample. */
  record(sample: ProcessingSample, options?: StoreCallOptions): Promise<void>;
  /** Samples in the window, oldest first. */
  query(window?: SampleWindow, options?: StoreCallOptions): Promise<ProcessingSample[]>;
  /** Delete samples with `time < olderThan`; returns how many. */
  purge(olderThan: IsoTime, options?: StoreCallOptions): Promise<number>;
  /** Optional server-side aggregate; when absent the metrics service sums `query` itself. */
  aggregate?(window: SampleWindow, options?: StoreCallOptions): Promise<SampleAggregate>;
}
