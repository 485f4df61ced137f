import type { Part } from '../../model/index.js';
import { identityMatrix4, invertRigidMatrix4, isIdentityMatrix4, multiplyMatrix4 } from '../../geometry/frame.js';
import type { Body } from './collect-bodies.js';

/** World placements of every product (all paths from the roots), capped. */
function productPlacements(part: Part): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  const asm = part.assembly;
  if (!asm) return out;
  const children = new Map<number, { child: number; transform: number[] }[]>();
  for (const inst of asm.instances) {
    const list = children.get(inst.parent) ?? [];
    list.push({ child: inst.child, transform: inst.transform });
    children.set(inst.parent, list);
  }
  let budget = 10_000;
  const visit = (product: number, world: number[], depth: number, path: Set<number>) => {
    if (budget-- <= 0 || depth > 64 || path.has(product)) return;
    const list = out.get(product) ?? [];
    list.push(world);
    out.set(product, list);
    path.add(product);
    for (const c of children.get(product) ?? []) visit(c.child, multiplyMatrix4(world, c.transform), depth + 1, path);
    path.delete(product);
  };
  for (const r of asm.roots) visit(r, identityMatrix4(), 0, new Set());
  return out;
}

/**
 * @internal Fill each body's distinct world placements (from the assembly tree, identity always
 * included last) and their inverses, the frames an occt mesh may be brought back through.
 */
export function assignTransforms(part: Part, bodies: Body[]): void {
  const placements = productPlacements(part);
  const productsOfSolid = new Map<number, number[]>();
  for (const p of part.assembly?.products ?? []) for (const s of p.solids) productsOfSolid.set(s, [...(productsOfSolid.get(s) ?? []), p.stepId]);
  const key = (m: number[]) => m.map((x) => x.toFixed(9)).join(',');
  for (const b of bodies) {
    const solid = b.ref.kind === 'solid' ? b.ref.index : (part.shells[b.ref.index]?.solid ?? -1);
    const seen = new Set<string>();
    const list: number[][] = [];
    for (const prod of productsOfSolid.get(solid) ?? []) {
      for (const m of placements.get(prod) ?? []) {
        const k = key(m);
        if (!seen.has(k)) {
          seen.add(k);
          list.push(m);
        }
      }
    }
    const id = identityMatrix4();
    // OpenCascade also places a solid by its representation's placement item (a file that writes the part
    // in a rotated frame): try each placement with it, then it alone, before the identity.
    const own = part.solids[solid]?.representationPlacement;
    if (own) {
      for (const m of [...list.map((m) => multiplyMatrix4(m, own)), own]) {
        const k = key(m);
        if (!seen.has(k)) {
          seen.add(k);
          list.unshift(m);
        }
      }
    }
    if (!seen.has(key(id))) list.push(id);
    b.transforms = list;
    b.inverses = list.map((m) => invertRigidMatrix4(m));
  }
}

/** @internal Whether a 4×4 matrix is the identity (to 1e-12). */
export const isIdentity = (m: number[]): boolean => isIdentityMatrix4(m);
