import { CadlensError } from '../errors/index.js';
import { createAbortError, throwIfAborted } from '../errors/abort.js';

export { createAbortError, throwIfAborted };

/**
 * `STORE_UNAVAILABLE` (systemic): the backing system failed. The message names the store and the
 * operation only; the cause is kept for debugging but never copied into the message.
 */
export function storeUnavailable(storeId: string, operation: string, cause?: unknown): CadlensError {
  return new CadlensError('STORE_UNAVAILABLE', `Store "${storeId}" is unavailable (${operation})`, {
    kind: 'systemic',
    stage: 'storage',
    cause,
    details: { store: storeId, operation },
  });
}

/** `STORE_CONFLICT` (permanent): a record with this id already exists. */
export function storeConflict(storeId: string, what: string, id: string): CadlensError {
  return new CadlensError('STORE_CONFLICT', `Store "${storeId}" already has ${what} "${id}"`, {
    kind: 'permanent',
    stage: 'storage',
    details: { store: storeId, id },
  });
}

/** `STORE_CORRUPT` (systemic): stored data could not be read back. */
export function storeCorrupt(storeId: string, what: string, cause?: unknown): CadlensError {
  return new CadlensError('STORE_CORRUPT', `Store "${storeId}" holds unreadable ${what}`, {
    kind: 'systemic',
    stage: 'storage',
    cause,
    details: { store: storeId },
  });
}

/** `DLQ_NOT_FOUND` (permanent): no dead letter with this id. */
export function deadLetterNotFound(id: string): CadlensError {
  return new CadlensError('DLQ_NOT_FOUND', `No dead letter with id "${id}"`, {
    kind: 'permanent',
    stage: 'storage',
    details: { id },
  });
}
