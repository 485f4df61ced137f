/**
 * Entity id → instance index. Ids below a bound that grows with the entity count live in a dense
 * Int32Array (one load per lookup, the common case: ids 1…n); others in an open-addressing hash
 * table on typed arrays (no allocation per entry). Memory stays proportional to the entity count,
 * whatever ids a hostile file uses.
 * @internal
 */
export class StepIdTable {
  private dense = new Int32Array(1024);
  private keys = new Float64Array(0);
  private vals = new Int32Array(0);
  private mask = -1;
  private hashed = 0;
  private count = 0;

  /** Instance index of `id`, or -1. */
  get(id: number): number {
    if (id < this.dense.length) {
      const v = this.dense[id];
      if (v !== 0) return v - 1;
    }
    if (this.hashed === 0) return -1;
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let slot = hash(id) & mask;
    for (;;) {
      const v = vals[slot];
      if (v === 0) return -1;
      if (keys[slot] === id) return v - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** Record `id` → `index` (the caller has checked that `id` is new). */
  set(id: number, index: number): void {
    this.count++;
    const dense = this.dense;
    if (id < dense.length) {
      dense[id] = index + 1;
      return;
    }
    const bound = Math.min(DENSE_MAX, Math.max(DENSE_FREE, this.count * 16));
    if (id < bound) {
      let size = dense.length;
      while (size <= id) size *= 2;
      const next = new Int32Array(Math.min(size, DENSE_MAX));
      next.set(dense);
      next[id] = index + 1;
      this.dense = next;
      return;
    }
    if ((this.hashed + 1) * 2 > this.mask + 1) this.growHash();
    let slot = hash(id) & this.mask;
    while (this.vals[slot] !== 0) slot = (slot + 1) & this.mask;
    this.keys[slot] = id;
    this.vals[slot] = index + 1;
    this.hashed++;
  }

  private growHash(): void {
    const size = Math.max(1024, (this.mask + 1) * 2);
    const keys = new Float64Array(size);
    const vals = new Int32Array(size);
    const mask = size - 1;
    for (let s = 0; s <= this.mask; s++) {
      const v = this.vals[s];
      if (v === 0) continue;
      let slot = hash(this.keys[s]) & mask;
      while (vals[slot] !== 0) slot = (slot + 1) & mask;
      keys[slot] = this.keys[s];
      vals[slot] = v;
    }
    this.keys = keys;
    this.vals = vals;
    this.mask = mask;
  }
}

/** Ids below this always go to the dense table (4 MiB). */
const DENSE_FREE = 1 << 20;
/** The dense table never exceeds this many entries (32 MiB). */
const DENSE_MAX = 1 << 23;

function hash(id: number): number {
  const lo = id >>> 0;
  const hi = (id / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return h;
}
