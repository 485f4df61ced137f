import { AAGNET_NUM_CLASSES, AAGNET_STOCK_CLASS_ID } from './aagnet-classes.js';
import type { AagnetInputs, AagnetOutputs, InferenceEngine, InferenceRunOptions } from './inference-engine.js';

/** Options of {@link withStockCallFrom}. */
export interface StockCallOptions {
  /** Temperature of the class engine's calibration (the merged logits are calibrated with it). */
  classTemperature: number;
  /** Temperature of the stock engine's calibration. */
  stockTemperature: number;
  /** Id of the merged engine. @defaultValue `${classEngine.id}+stock:${stockEngine.id}` */
  id?: string;
}

/**
 * One engine out of two networks: the **class engine** answers every face, except the faces the **stock
 * engine**'s argmax calls `stock` — those take the stock engine's class logits, rescaled by
 * `classTemperature / stockTemperature` so that, after the class engine's calibration, their probabilities
 * are the stock engine's own calibrated ones. Instance and bottom logits are the class engine's.
 *
 * Why: the network fine-tuned on generated parts names features far better in the project's label
 * convention, but it saw only box stocks and forgot what the published network knew about the skin of
 * cast, printed and sheet-metal parts (models/README.md, "As the default's Tier 1?"): this keeps each
 * network for what it is good at. Both run on the same inputs, one after the other; both are disposed with it.
 *
 * @param classEngine - the network for feature classes (e.g. `aagnet-cadlens-ft`)
 * @param stockEngine - the network for the stock call (e.g. the published `aagnet-mfinstseg`)
 * @example
 * ```ts
 * const engine = withStockCallFrom(ft, published, { classTemperature: 2.219, stockTemperature: 3.153 });
 * ```
 */
export function withStockCallFrom(classEngine: InferenceEngine, stockEngine: InferenceEngine, options: StockCallOptions): InferenceEngine {
  const scale = options.classTemperature / options.stockTemperature;
  return {
    id: options.id ?? `${classEngine.id}+stock:${stockEngine.id}`,
    provider: classEngine.provider,
    maxFaces: Math.min(classEngine.maxFaces, stockEngine.maxFaces),
    async run(inputs: AagnetInputs, runOptions?: InferenceRunOptions): Promise<AagnetOutputs> {
      const classes = await classEngine.run(inputs, runOptions);
      const stock = await stockEngine.run(inputs, runOptions);
      const seg = new Float32Array(classes.segLogits);
      const k = AAGNET_NUM_CLASSES;
      for (let node = 0; node < classes.faceCount; node++) {
        const row = node * k;
        if (argmax(stock.segLogits, row, k) !== AAGNET_STOCK_CLASS_ID) continue;
        for (let c = 0; c < k; c++) seg[row + c] = stock.segLogits[row + c] * scale;
      }
      return { faceCount: classes.faceCount, segLogits: seg, instLogits: classes.instLogits, bottomLogits: classes.bottomLogits };
    },
    async dispose(): Promise<void> {
      await Promise.all([classEngine.dispose(), stockEngine.dispose()]);
    },
  };
}

function argmax(values: Float32Array, start: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++) if (values[start + c] > values[start + best]) best = c;
  return best;
}
