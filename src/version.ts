/** The cadlens version (kept in step with package.json by a test). */
export const CADLENS_VERSION = '0.1.0';
