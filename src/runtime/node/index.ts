export * from './occt-worker-tessellator.js';
