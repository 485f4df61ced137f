import type { Recognizer } from '../../stages/recognize/index.js';

/**
 * The built-in recognition tiers for Node, best first. Tiers register here as they land; an empty
 * list means analyses carry no `recognition` slot.
 * @internal
 */
export function createDefaultRecognizers(): Recognizer[] {
  return [];
}
