export * from './recognizer.js';
