import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { httpError } from './http-errors.js';

/**
 * Checks `Authorization: Bearer <token>` against the configured admin token in constant time
 * (both sides are hashed first, so lengths never differ and never leak through timing).
 * @throws CadlensError `HTTP_FORBIDDEN` when no token is configured (admin routes are off),
 *   `HTTP_UNAUTHORIZED` when the header is missing or wrong
 */
export function requireAdmin(req: IncomingMessage, adminToken: string | undefined): void {
  if (!adminToken) throw httpError('HTTP_FORBIDDEN', 'admin routes are disabled: no admin token is configured (CADLENS_ADMIN_TOKEN)');
  const header = req.headers.authorization ?? '';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const given = createHash('sha256').update(match?.[1] ?? '').digest();
  const expected = createHash('sha256').update(adminToken).digest();
  if (!match || !timingSafeEqual(given, expected)) throw httpError('HTTP_UNAUTHORIZED', 'a valid admin bearer token is required');
}
