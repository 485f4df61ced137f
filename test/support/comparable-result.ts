/**
 * A value (an analysis result, usually) without what legitimately differs between two runs of the same analysis:
 * the request id, the `timings` block and every `…Ms` field. Two paths that must give the same answer compare equal
 * through it.
 */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'requestId' && key !== 'timings' && !key.endsWith('Ms'))
      .map(([key, v]) => [key, comparable(v)]),
  );
}
