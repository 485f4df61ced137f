export * from './recognizer.js';
export * from './run-recognizers.js';
export * from './guard-with-breaker.js';
