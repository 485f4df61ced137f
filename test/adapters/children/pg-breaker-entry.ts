// Bundled by test/adapters/postgres-reliability.test.ts for the breaker child processes.
export { createPostgresStores } from '../../../adapters/postgres/index.js';
export { CircuitBreaker } from 'cadlens';
