import type { Validator } from '../validate/validator.js';
import { fileAccessValidator } from './file-access-validator.js';
import { fileSizeValidator } from './file-size-validator.js';
import { formatSniffValidator } from './format-sniff-validator.js';
import type { InputContext } from './input-context.js';

export * from './sniff-format.js';
export * from './input-context.js';
export { fileAccessValidator } from './file-access-validator.js';
export { fileSizeValidator } from './file-size-validator.js';
export { formatSniffValidator } from './format-sniff-validator.js';

/** The input stage's validators, in order. Copy and edit the array to add or remove checks. */
export const defaultInputValidators: readonly Validator<InputContext>[] = [
  fileAccessValidator,
  fileSizeValidator,
  formatSniffValidator,
];
