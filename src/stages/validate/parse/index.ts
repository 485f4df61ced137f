import type { Validator } from '../validator.js';
import { faceMappingValidator } from './face-mapping-validator.js';
import type { ParseContext } from './parse-context.js';
import { referencesValidator } from './references-validator.js';
import { solidsValidator } from './solids-validator.js';
import { stepReadValidator } from './step-read-validator.js';
import { tessellationValidator } from './tessellation-validator.js';
import { unsupportedEntitiesValidator } from './unsupported-entities-validator.js';

export type { ParseContext } from './parse-context.js';
export { stepReadValidator } from './step-read-validator.js';
export { referencesValidator } from './references-validator.js';
export { solidsValidator } from './solids-validator.js';
export { tessellationValidator } from './tessellation-validator.js';
export { faceMappingValidator } from './face-mapping-validator.js';
export { unsupportedEntitiesValidator } from './unsupported-entities-validator.js';

/** The parse stage's validators, in order. Copy and edit the array to add or remove checks. */
export const defaultParseValidators: readonly Validator<ParseContext>[] = [
  stepReadValidator,
  referencesValidator,
  solidsValidator,
  tessellationValidator,
  faceMappingValidator,
  unsupportedEntitiesValidator,
];
