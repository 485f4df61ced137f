export { createPointCloudRecognizer, TIER3_NOMINAL_CONFIDENCE } from './point-cloud-recognizer.js';
export type { PointCloudRecognizerOptions, PointCloudDetails, StockDimensions } from './point-cloud-recognizer.js';
export type { OrientedBox } from './pca-obb.js';
export type { DetectedPlane, DetectedCylinder } from './ransac-shapes.js';
