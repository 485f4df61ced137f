/**
 * The two deterministic choices every dataset evaluation and dataset test makes: which portion a part
 * belongs to (a hash of its name) and which parts a sample takes (evenly spread). One definition, so
 * the evaluations and the CI tests always pick the same parts.
 * @internal
 */

/** FNV-1a 32-bit hash of a string (over UTF-16 code units). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A deterministic sample of `count` items: every k-th item of the (sorted) list, so runs always
 * check the same items spread over the whole set. All items when `count` covers them.
 */
export function evenSample<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}
