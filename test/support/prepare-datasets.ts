/**
 * Vitest global setup: extracts the MFCAD chunks from the shared data into `.cache/mfcad` once, before any
 * test file runs. Without it the first MFCAD test of a fresh clone pays the whole extraction (minutes on a
 * loaded 2-core machine) inside its own timeout, and parallel test files race to extract the same chunks.
 */
import { mfcadDir } from './shared-data.js';

export default function setup(): void {
  mfcadDir(); // null (and nothing to do) when ../shared is absent: those tests skip with their reason
}
