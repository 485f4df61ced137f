export * from './quality-score.js';
