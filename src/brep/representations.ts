/**
 * Shape representations: which solids each representation holds (directly, through
 * SHAPE_REPRESENTATION_RELATIONSHIPs without transformation, and through MAPPED_ITEMs) and which
 * geometric context (units) applies. Cycles (a representation related to itself, MAPPED_ITEM recursion)
 * throw `STEP_REFERENCE_CYCLE`.
 *
 * @internal
 */
import { CadlensError } from '../errors/index.js';
import type { StepEntity, StepFile, StepValue } from '../formats/step/step-types.js';
import { badEntity, isType, recordArgs, refArg, refList } from './step-access.js';
import { SOLID_TYPES } from './topology.js';

/** Representation keywords that can hold B-Rep solids. */
export const REPRESENTATION_TYPES = [
  'ADVANCED_BREP_SHAPE_REPRESENTATION',
  'MANIFOLD_SURFACE_SHAPE_REPRESENTATION',
  'FACETED_BREP_SHAPE_REPRESENTATION',
  'SHAPE_REPRESENTATION',
  'GEOMETRICALLY_BOUNDED_SURFACE_SHAPE_REPRESENTATION',
] as const;

/** `(name, items, context)` of a (possibly complex) representation entity, or null. */
export function representationArgs(e: StepEntity): readonly StepValue[] | null {
  if (e.parts) return recordArgs(e, 'REPRESENTATION');
  if (e.type.endsWith('REPRESENTATION') && e.args.length >= 3) return e.args;
  return null;
}

function isSolidType(t: string): boolean {
  return (SOLID_TYPES as readonly string[]).includes(t);
}

/** Entity ids of a type list, in file order (by source offset). */
export function idsInFileOrder(file: StepFile, types: readonly string[]): number[] {
  const set = new Set<number>();
  for (const t of types) for (const id of file.idsOfType(t)) set.add(id);
  const ids = [...set];
  const off = new Map<number, number>();
  for (const id of ids) off.set(id, file.get(id)?.offset ?? 0);
  ids.sort((a, b) => off.get(a)! - off.get(b)!);
  return ids;
}

/** Solids of every representation, with the representation's context id. */
export interface RepresentationIndex {
  /** Solid id → geometric context id of the first representation holding it. */
  contextOfSolid: Map<number, number>;
  /** Solid id → the first AXIS2_PLACEMENT_3D item of the first representation holding it (when it has one). */
  placementOfSolid: Map<number, number>;
  /** Solid ids in the order representations list them (file order of representations), then the rest. */
  solidOrder: number[];
  /** Representation id → its own solid items (no relationships followed). */
  ownSolids: Map<number, number[]>;
  /**
   * Solids listed only by a CONSTRUCTIVE_GEOMETRY_REPRESENTATION ("supplemental geometry"): not part of the
   * shape (OpenCascade skips them too), with that representation's id.
   */
  supplemental: { solid: number; representation: number }[];
}

/** Indexes representations and solids. */
export function indexRepresentations(file: StepFile): RepresentationIndex {
  const contextOfSolid = new Map<number, number>();
  const placementOfSolid = new Map<number, number>();
  const ownSolids = new Map<number, number[]>();
  const solidOrder: number[] = [];
  const seen = new Set<number>();
  for (const rid of idsInFileOrder(file, REPRESENTATION_TYPES)) {
    const rep = file.require(rid);
    const args = representationArgs(rep);
    if (!args) continue;
    const items = refList(rep, args, 1, 'items');
    const ctxId = refArg(rep, args, 2, 'context_of_items');
    const own: number[] = [];
    const placement = items.find((item) => file.get(item)?.type === 'AXIS2_PLACEMENT_3D');
    for (const item of items) {
      const ie = file.get(item);
      if (!ie) {
        throw new CadlensError('STEP_DANGLING_REFERENCE', `#${rid} lists #${item}, which does not exist`, { stage: 'parse', entityId: rid, details: { missing: item } });
      }
      if (!isSolidType(ie.type)) continue;
      own.push(item);
      if (!contextOfSolid.has(item)) contextOfSolid.set(item, ctxId);
      if (placement !== undefined && !placementOfSolid.has(item)) placementOfSolid.set(item, placement);
      if (!seen.has(item)) {
        seen.add(item);
        solidOrder.push(item);
      }
    }
    ownSolids.set(rid, own);
  }
  const supplemental: { solid: number; representation: number }[] = [];
  for (const rid of idsInFileOrder(file, ['CONSTRUCTIVE_GEOMETRY_REPRESENTATION'])) {
    const rep = file.require(rid);
    const args = representationArgs(rep);
    if (!args) continue;
    for (const item of refList(rep, args, 1, 'items')) {
      const ie = file.get(item);
      if (ie && isSolidType(ie.type) && !seen.has(item)) {
        seen.add(item);
        supplemental.push({ solid: item, representation: rid });
      }
    }
  }
  for (const sid of idsInFileOrder(file, SOLID_TYPES)) {
    if (!seen.has(sid)) {
      seen.add(sid);
      solidOrder.push(sid);
    }
  }
  return { contextOfSolid, placementOfSolid, solidOrder, ownSolids, supplemental };
}

/**
 * All solids reachable from representation `rid`: its own items, representations related to it by
 * SHAPE_REPRESENTATION_RELATIONSHIP without transformation, and mapped representations of MAPPED_ITEMs.
 * Iterative (a chain of any length cannot overflow the stack) and linear in the representations and
 * items reached; `checkInstancing` has already bounded their nesting.
 *
 * @throws CadlensError `STEP_REFERENCE_CYCLE` when the chain returns to a representation on the current path.
 */
export function solidsOfRepresentation(file: StepFile, idx: RepresentationIndex, rid: number, related: Map<number, number[]>): number[] {
  const out: number[] = [];
  const listed = new Set<number>();
  const done = new Set<number>();
  const path = new Set<number>();
  /** A representation on the path and what it leads to, not yet visited: [target, from, viaLink]. */
  type Frame = { id: number; next: [number, number, boolean][] };
  const stack: Frame[] = [];
  const enter = (id: number, from: number): void => {
    path.add(id);
    const rep = file.require(id, from);
    for (const s of idx.ownSolids.get(id) ?? []) {
      if (!listed.has(s)) {
        listed.add(s);
        out.push(s);
      }
    }
    const next: [number, number, boolean][] = [];
    const args = representationArgs(rep);
    if (args) {
      for (const item of refList(rep, args, 1, 'items')) {
        const ie = file.require(item, id);
        if (ie.type === 'MAPPED_ITEM') {
          const mapId = refArg(ie, ie.args, 1, 'mapping_source');
          const map = file.require(mapId, ie.id);
          if (map.type !== 'REPRESENTATION_MAP') throw badEntity(map, 'expected REPRESENTATION_MAP');
          next.push([refArg(map, map.args, 1, 'mapped_representation'), map.id, false]);
        }
      }
    }
    for (const r of related.get(id) ?? []) next.push([r, id, true]);
    next.reverse(); // popped from the end: visit in listed order
    stack.push({ id, next });
  };
  enter(rid, rid);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const step = top.next.pop();
    if (!step) {
      path.delete(top.id);
      done.add(top.id);
      stack.pop();
      continue;
    }
    const [id, from, viaLink] = step;
    if (path.has(id)) {
      if (viaLink) continue; // plain links are undirected: walking back along one is not a cycle
      throw new CadlensError('STEP_REFERENCE_CYCLE', `representation #${id} contains itself (through #${from})`, { stage: 'parse', entityId: id });
    }
    if (!done.has(id)) enter(id, from);
  }
  return out;
}

/**
 * Representation links without a transformation (SHAPE_REPRESENTATION_RELATIONSHIP rep_1 ↔ rep_2), both
 * directions, excluding those that carry a transformation (those are assembly placements).
 *
 * @throws CadlensError `STEP_REFERENCE_CYCLE` for a representation related to itself.
 */
export function plainRepresentationLinks(file: StepFile): Map<number, number[]> {
  const links = new Map<number, number[]>();
  const add = (a: number, b: number) => {
    const l = links.get(a);
    if (l) {
      if (!l.includes(b)) l.push(b);
    } else links.set(a, [b]);
  };
  for (const id of idsInFileOrder(file, ['SHAPE_REPRESENTATION_RELATIONSHIP', 'REPRESENTATION_RELATIONSHIP'])) {
    const e = file.require(id);
    if (isType(e, 'REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION')) continue;
    const args = e.parts ? recordArgs(e, 'REPRESENTATION_RELATIONSHIP') : e.args;
    if (!args) continue;
    const r1 = refArg(e, args, 2, 'rep_1');
    const r2 = refArg(e, args, 3, 'rep_2');
    if (r1 === r2) throw new CadlensError('STEP_REFERENCE_CYCLE', `#${id} relates representation #${r1} to itself`, { stage: 'parse', entityId: id });
    // one direction is enough for reachability (the shape representation points at the B-Rep one),
    // but writers disagree about the order, so link both ways; the cycle guard stops at the path.
    add(r1, r2);
    add(r2, r1);
  }
  return links;
}
