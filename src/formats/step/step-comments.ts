/**
 * Part 21 comments (`/* … *\/`), found the same way by every pass over STEP bytes: the reader's
 * first pass and parameter decoder, the normaliser for OpenCascade, the format stage's tolerant scan
 * and the intake sniffer. Each decides for itself what an unclosed comment means.
 * @internal
 */

/**
 * The offset just after the `*\/` that closes the comment opening at `start` (where `b[start]` is
 * `/` and `b[start + 1]` is `*`), or -1 when the bytes end first.
 */
export function stepCommentEnd(b: Uint8Array, start: number): number {
  const n = b.length;
  let i = start + 2;
  while (i + 1 < n && !(b[i] === 0x2a && b[i + 1] === 0x2f)) i++;
  return i + 1 < n ? i + 2 : -1;
}
