import type { Part } from './part.js';

/** One placement of a solid in the assembly: the chain of usages from a root product down to it. */
export interface SolidInstance {
  /** STEP ids of the `NEXT_ASSEMBLY_USAGE_OCCURRENCE`s from the root down (empty when the owning product is a root). */
  path: number[];
  /** Column-major 4×4 transform placing the solid in the root product (mm): the usages' transforms composed. */
  transform: number[];
}

/** Deepest usage chain followed; deeper ones (a broken file) end there rather than loop. */
const MAX_DEPTH = 64;

/**
 * Every placement of `part.solids[solidIndex]` in the assembly: the solid is stored once, but a product
 * used twice (two screws of one kind) places it twice. One entry per path of usages from a root product
 * down to a product owning the solid. Without an assembly structure, or for a solid no product owns,
 * the solid has one placement (empty path, identity transform).
 *
 * @example
 * ```ts
 * solidInstances(part, 0).length; // 2 when the solid's product is used twice
 * ```
 */
export function solidInstances(part: Readonly<Part>, solidIndex: number): SolidInstance[] {
  const asm = part.assembly;
  const single = [{ path: [], transform: identityMatrix4() }];
  if (!asm) return single;
  const owners = asm.products.filter((p) => p.solids.includes(solidIndex)).map((p) => p.stepId);
  if (owners.length === 0) return single;
  const usagesOf = new Map<number, typeof asm.instances>();
  for (const inst of asm.instances) {
    const l = usagesOf.get(inst.child) ?? [];
    l.push(inst);
    usagesOf.set(inst.child, l);
  }
  const out: SolidInstance[] = [];
  // Walk up from the owning product; each usage on the way is applied outside the ones below it.
  const up = (product: number, path: number[], transform: number[], depth: number): void => {
    const usages = usagesOf.get(product) ?? [];
    if (usages.length === 0 || depth >= MAX_DEPTH) {
      out.push({ path, transform });
      return;
    }
    for (const u of usages) {
      if (path.includes(u.stepId)) continue;
      up(u.parent, [u.stepId, ...path], multiplyMatrix4(u.transform, transform), depth + 1);
    }
  };
  for (const owner of owners) up(owner, [], identityMatrix4(), 0);
  return out.length > 0 ? out : single;
}

// Kept here rather than imported from geometry/, which depends on model/ (no folder cycles).
function identityMatrix4(): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}

/** Column-major 4×4 product a·b. */
function multiplyMatrix4(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  return out;
}
