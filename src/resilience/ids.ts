/** A random UUID v4 (Web Crypto, available in Node ≥ 19 and browsers). @internal */
export function randomUuid(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return hexUuid(b);
}

function hexUuid(b: Uint8Array): string {
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A generator of UUID v7 ids (RFC 9562) from `now()`: they sort by time as strings, and ids made
 * in the same millisecond by one generator sort in creation order (12-bit counter in `rand_a`).
 * Stores break time ties by id, so records written in one millisecond keep their order.
 * @internal
 */
export function createUuidV7Generator(now: () => number): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Math.max(0, Math.floor(now()));
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms = lastMs + 1; // counter exhausted: borrow the next millisecond
        counter = 0;
      }
    } else counter = 0;
    lastMs = ms;
    const b = new Uint8Array(16);
    globalThis.crypto.getRandomValues(b);
    const hi = Math.floor(ms / 2 ** 16);
    b[0] = (hi >>> 24) & 255;
    b[1] = (hi >>> 16) & 255;
    b[2] = (hi >>> 8) & 255;
    b[3] = hi & 255;
    b[4] = (ms >>> 8) & 255;
    b[5] = ms & 255;
    b[6] = 0x70 | ((counter >>> 8) & 0x0f);
    b[7] = counter & 255;
    b[8] = (b[8]! & 0x3f) | 0x80;
    return hexUuid(b);
  };
}

/** `Date | ISO string | epoch ms` → ISO string. @internal */
export function toIso(value: Date | string | number): string {
  if (typeof value === 'string') {
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw new RangeError(`Not a valid time: ${value}`);
    return new Date(t).toISOString();
  }
  return new Date(value).toISOString();
}
