/**
 * Instancing limits: how deep representations nest and how many solid instances the file expands
 * to, computed once over the whole file in linear time, before any solid is built or tessellated.
 *
 * The graph: representations joined by plain SHAPE_REPRESENTATION_RELATIONSHIPs (no transformation)
 * are one node (they describe the same shape); a MAPPED_ITEM is an edge from the representation that
 * lists it to the mapped representation, and a REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION an
 * edge from the assembly's representation to the component's (one edge per entity: instances count
 * with their multiplicity). The instance count of a node is its own solids plus the counts of its
 * children, per edge; the file's count is the sum over nodes nothing points to. Nothing is expanded,
 * so 2^30 instances cost as much to count as 30. MAPPED_ITEMs of a DRAUGHTING_MODEL (PMI saved views) are
 * not instances: OpenCascade does not import them as shapes.
 *
 * @internal
 */
import { CadlensError } from '../errors/index.js';
import type { StepFile, StepValue } from '../formats/step/step-types.js';
import { type RepresentationIndex, idsInFileOrder, representationArgs } from './representations.js';
import { badEntity, isType, recordArgs, refArg } from './step-access.js';

/**
 * Deepest nesting of instancing (MAPPED_ITEMs and assembly levels) accepted, like
 * `MAX_GEOMETRY_NESTING` for geometry: real assemblies nest a few levels (3 in D30 and D38).
 */
export const MAX_INSTANCE_NESTING = 64;

/**
 * Most solid instances (solids and surface models, counted once per placement) a file may expand
 * to. OpenCascade's import (occt-import-js) spends about 4 ms per instance even for a cube
 * (16,384 instances: 63 s on a 2-core machine), so above this the import cannot finish within its
 * deadline and only burns CPU; real assemblies in the test set have at most 163.
 */
export const MAX_SOLID_INSTANCES = 10_000;

/** What {@link checkInstancing} measured. */
export interface InstancingReport {
  /** Longest chain of instancing edges (0 for a file without MAPPED_ITEMs or assemblies). */
  nesting: number;
  /** Solid instances the file expands to. */
  solidInstances: number;
}

/** Instancing limits, checked before any solid is built (`BuildPartOptions.instancing`). */
export interface InstancingLimits {
  /** @defaultValue {@link MAX_INSTANCE_NESTING} */
  maxNesting?: number;
  /** @defaultValue {@link MAX_SOLID_INSTANCES} */
  maxSolidInstances?: number;
}

interface Edge {
  /** Target node. */
  to: number;
  /** The representation the edge points at (for messages). */
  rep: number;
  /** The MAPPED_ITEM or relationship entity. */
  via: number;
  /** MAPPED_ITEM edges that close a cycle are errors; transformation edges are left to the assembly check. */
  mapped: boolean;
}

/**
 * Checks the file's instancing structure.
 *
 * @param roots - representation ids to start from (in file order); representations reached from them
 *   are included.
 * @throws CadlensError `STEP_REFERENCE_CYCLE` (a MAPPED_ITEM maps a representation that contains it),
 *   `PART_BAD_ENTITY` (nesting deeper than `maxNesting`, or a MAPPED_ITEM whose source is not a
 *   REPRESENTATION_MAP), `PART_LIMIT_INSTANCES` (more than `maxSolidInstances` solid instances).
 */
export function checkInstancing(
  file: StepFile,
  idx: RepresentationIndex,
  links: Map<number, number[]>,
  roots: readonly number[],
  limits: InstancingLimits = {},
): InstancingReport {
  const maxNesting = limits.maxNesting ?? MAX_INSTANCE_NESTING;
  const maxInstances = limits.maxSolidInstances ?? MAX_SOLID_INSTANCES;

  // Node of each representation: union-find over plain links.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    for (let y = x, p = parent.get(y); p !== undefined && p !== r; p = parent.get(y)) {
      parent.set(y, r);
      y = p;
    }
    return r;
  };
  for (const [a, bs] of links) for (const b of bs) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }

  const edges = new Map<number, Edge[]>();
  const own = new Map<number, number>();
  const nodeOfSolid = new Map<number, number>();
  const scanned = new Set<number>();
  const addEdge = (from: number, e: Edge) => {
    const l = edges.get(from);
    if (l) l.push(e);
    else edges.set(from, [e]);
  };
  const pending: number[] = [...roots];
  // Transformation edges (assembly placements).
  const componentFirst = componentSide(file);
  for (const id of idsInFileOrder(file, ['REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION'])) {
    const e = file.require(id);
    const rr = recordArgs(e, 'REPRESENTATION_RELATIONSHIP') ?? (e.parts ? null : e.args);
    if (!rr) continue;
    const [component, assembly] = componentFirst(id, refArg(e, rr, 2, 'rep_1'), refArg(e, rr, 3, 'rep_2'));
    const from = find(assembly);
    const to = find(component);
    if (from !== to) addEdge(from, { to, rep: component, via: id, mapped: false });
    pending.push(assembly, component);
  }
  // Own solids and MAPPED_ITEM edges of every representation reachable from the roots.
  while (pending.length > 0) {
    const rid = pending.pop()!;
    if (scanned.has(rid)) continue;
    scanned.add(rid);
    const node = find(rid);
    for (const s of idx.ownSolids.get(rid) ?? []) {
      if (nodeOfSolid.get(s) === node) continue; // listed by two representations of the same shape
      nodeOfSolid.set(s, node);
      own.set(node, (own.get(node) ?? 0) + 1);
    }
    for (const l of links.get(rid) ?? []) pending.push(l);
    const rep = file.get(rid);
    // A DRAUGHTING_MODEL's MAPPED_ITEMs are PMI saved views of the shape, not instances of it.
    if (!rep || isType(rep, 'DRAUGHTING_MODEL')) continue;
    const args = representationArgs(rep);
    const items = args?.[1];
    if (!Array.isArray(items)) continue;
    for (const it of items as StepValue[]) {
      const ie = file.get(refId(it) ?? -1);
      if (!ie || ie.type !== 'MAPPED_ITEM') continue;
      const mapId = refArg(ie, ie.args, 1, 'mapping_source');
      const map = file.require(mapId, ie.id);
      if (map.type !== 'REPRESENTATION_MAP') throw badEntity(map, 'expected REPRESENTATION_MAP');
      const target = refArg(map, map.args, 1, 'mapped_representation');
      file.require(target, map.id);
      const to = find(target);
      if (to === node) {
        // A representation mapping itself is a cycle; one mapping a representation of the same shape
        // (joined by a plain link) adds nothing new.
        if (target === rid) throw cycle(target, map.id);
        continue;
      }
      addEdge(node, { to, rep: target, via: ie.id, mapped: true });
      pending.push(target);
    }
  }

  // Iterative depth-first walk: cycle check on the path, nesting and counts in post-order.
  const state = new Map<number, 1 | 2>(); // 1 = on the path, 2 = done
  const height = new Map<number, number>();
  const count = new Map<number, number>();
  const hasParent = new Set<number>();
  for (const l of edges.values()) for (const e of l) hasParent.add(e.to);
  let nesting = 0;
  let total = 0;
  const nodes = new Set<number>();
  for (const rid of [...roots, ...scanned]) if (scanned.has(rid)) nodes.add(find(rid));
  for (const start of nodes) {
    if (state.has(start)) continue;
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const out = edges.get(top.node) ?? [];
      if (top.next < out.length) {
        const e = out[top.next++];
        const s = state.get(e.to);
        if (s === 1) {
          if (e.mapped) throw cycle(e.rep, e.via);
          continue; // a product its own (grand)child: reported by the assembly builder
        }
        if (s === undefined) {
          if (stack.length > maxNesting) throw tooDeep(e, maxNesting);
          state.set(e.to, 1);
          stack.push({ node: e.to, next: 0 });
        }
        continue;
      }
      // post-order: every child is done (or skipped as a back edge)
      let h = 0;
      let n = own.get(top.node) ?? 0;
      for (const e of out) {
        if (state.get(e.to) !== 2) continue;
        h = Math.max(h, height.get(e.to)! + 1);
        n += count.get(e.to)!;
        if (h > maxNesting) throw tooDeep(e, maxNesting);
      }
      if (n > maxInstances) throw tooMany(n, maxInstances, top.node);
      height.set(top.node, h);
      count.set(top.node, n);
      state.set(top.node, 2);
      stack.pop();
    }
  }
  for (const node of nodes) {
    nesting = Math.max(nesting, height.get(node) ?? 0);
    if (!hasParent.has(node)) total += count.get(node) ?? 0;
  }
  if (total > maxInstances) throw tooMany(total, maxInstances, null);
  return { nesting, solidInstances: total };
}

/**
 * `[component, assembly]` representations of each transformation relationship: rep_1 is the component
 * in the usual order; a writer that swapped them is recognised through the
 * CONTEXT_DEPENDENT_SHAPE_REPRESENTATION naming the relationship: the child product of its
 * NEXT_ASSEMBLY_USAGE_OCCURRENCE owns rep_2 and not rep_1.
 */
function componentSide(file: StepFile): (rel: number, rep1: number, rep2: number) => [number, number] {
  const definitionOfPds = new Map<number, number>();
  for (const id of file.idsOfType('PRODUCT_DEFINITION_SHAPE')) {
    const def = refId(file.require(id).args[2]);
    if (def !== null) definitionOfPds.set(id, def);
  }
  const repsOfDefinition = new Map<number, Set<number>>();
  for (const id of file.idsOfType('SHAPE_DEFINITION_REPRESENTATION')) {
    const args = file.require(id).args;
    const pds = refId(args[0]);
    const rep = refId(args[1]);
    const def = pds === null ? undefined : definitionOfPds.get(pds);
    if (rep === null || def === undefined) continue;
    const set = repsOfDefinition.get(def) ?? new Set<number>();
    set.add(rep);
    repsOfDefinition.set(def, set);
  }
  const childRepsOfRelation = new Map<number, Set<number>>();
  for (const id of file.idsOfType('CONTEXT_DEPENDENT_SHAPE_REPRESENTATION')) {
    const args = file.require(id).args;
    const rel = refId(args[0]);
    const pds = refId(args[1]);
    const nauo = pds === null ? undefined : definitionOfPds.get(pds);
    const child = nauo === undefined ? null : refId(file.get(nauo)?.args[4]);
    const reps = child === null ? undefined : repsOfDefinition.get(child);
    if (rel !== null && reps) childRepsOfRelation.set(rel, reps);
  }
  return (rel, rep1, rep2) => {
    const child = childRepsOfRelation.get(rel);
    return child && child.has(rep2) && !child.has(rep1) ? [rep2, rep1] : [rep1, rep2];
  };
}

/** The id a parameter refers to, or null when it is not a reference. */
function refId(v: StepValue | undefined): number | null {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && v.kind === 'ref' ? v.id : null;
}

function cycle(rep: number, via: number): CadlensError {
  return new CadlensError('STEP_REFERENCE_CYCLE', `representation #${rep} contains itself (through #${via})`, { stage: 'parse', entityId: rep });
}

function tooDeep(e: Edge, max: number): CadlensError {
  return new CadlensError('PART_BAD_ENTITY', `#${e.via}: instancing nested more than ${max} levels deep`, {
    stage: 'parse',
    entityId: e.via,
    details: { maxNesting: max },
  });
}

/** `node` is the representation whose count alone passed the limit (counting stopped there), or null for the total. */
function tooMany(n: number, max: number, node: number | null): CadlensError {
  const shown = Number.isFinite(n) && n < 1e15 ? String(n) : n.toExponential(2);
  const what = node === null ? `the file expands to ${shown} solid instances` : `representation #${node} alone expands to ${shown} solid instances`;
  return new CadlensError('PART_LIMIT_INSTANCES', `${what}, more than the limit of ${max}`, {
    stage: 'parse',
    ...(node !== null ? { entityId: node } : {}),
    details: { solidInstances: Number.isFinite(n) ? n : null, limit: max },
  });
}
