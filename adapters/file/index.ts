/**
 * `cadlens/adapters/file`: durable multi-process stores in a local directory (Node only).
 * See docs/adapters/file.md.
 *
 * @packageDocumentation
 * @module cadlens/adapters/file
 */
export { createFileStores } from './file-stores.js';
export type { FileStores, FileStoresOptions } from './file-stores.js';
