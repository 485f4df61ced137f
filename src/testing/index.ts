/**
 * `cadlens/testing`: contract suites for adapter authors. Written with vitest's `describe`/`it`
 * (vitest is a peer dependency of this entry only).
 *
 * @packageDocumentation
 * @module cadlens/testing
 */
export { runStoreContract, type StoreContractOptions } from './store-contract.js';
export { runSinkContract, type SinkUnderTest, type SinkContractOptions } from './sink-contract.js';
export {
  runRecognizerContract,
  type RecognizerUnderTest,
  type RecognizerContractOptions,
  type AcceptedPart,
  type DeclinedPart,
} from './recognizer-contract.js';
export { CONTRACT_T0, contractTime, makeDeadLetter, makeAuditEvent, makeSample } from './fixtures.js';
