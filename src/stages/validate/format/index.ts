import type { Validator } from '../validator.js';
import { encodingValidator } from './encoding-validator.js';
import type { FormatContext } from './format-context.js';
import { headerEntitiesValidator } from './header-entities-validator.js';
import { schemaValidator } from './schema-validator.js';
import { stepEnvelopeValidator } from './step-envelope-validator.js';
import { stepSectionsValidator } from './step-sections-validator.js';

export * from './format-context.js';
export { stepEnvelopeValidator } from './step-envelope-validator.js';
export { stepSectionsValidator } from './step-sections-validator.js';
export { headerEntitiesValidator } from './header-entities-validator.js';
export { schemaValidator, classifyStepSchema, type StepProtocol } from './schema-validator.js';
export { encodingValidator } from './encoding-validator.js';

/** The format stage's validators, in order. Copy and edit the array to add or remove checks. */
export const defaultFormatValidators: readonly Validator<FormatContext>[] = [
  stepEnvelopeValidator,
  stepSectionsValidator,
  headerEntitiesValidator,
  schemaValidator,
  encodingValidator,
];
