// Bundled by test/adapters/file-reliability.test.ts for the shared-breaker child processes.
export { createFileStores } from '../../../adapters/file/index.js';
export { CircuitBreaker } from 'cadlens';
