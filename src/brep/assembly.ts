/**
 * Assembly structure: PRODUCT → PRODUCT_DEFINITION_FORMATION → PRODUCT_DEFINITION;
 * NEXT_ASSEMBLY_USAGE_OCCURRENCE (parent/child) placed by a CONTEXT_DEPENDENT_SHAPE_REPRESENTATION whose
 * (SHAPE_)REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION carries an ITEM_DEFINED_TRANSFORMATION.
 *
 * The instance transform maps child coordinates into the parent: T = M(transform_item_2) · M(transform_item_1)⁻¹
 * when rep_1 is the child's representation (the usual order); the inverse when a writer swapped them.
 * Cycles (a product its own child, directly or through a chain) throw `STEP_REFERENCE_CYCLE`.
 *
 * @internal
 */
import { CadlensError } from '../errors/index.js';
import type { StepEntity, StepFile } from '../formats/step/step-types.js';
import type { AssemblyInstance, AssemblyProduct, PartAssembly } from '../model/index.js';
import { frameToMatrix, identityMatrix4, invertRigidMatrix4, multiplyMatrix4 } from '../geometry/frame.js';
import { frame3 } from './placements.js';
import { type RepresentationIndex, idsInFileOrder, solidsOfRepresentation } from './representations.js';
import { badEntity, type BuildContext, recordArgs, recordUnsupported, refArg, strArg } from './step-access.js';

export interface AssemblyInputs {
  file: StepFile;
  idx: RepresentationIndex;
  links: Map<number, number[]>;
  solidIndexById: Map<number, number>;
  /** Build context (units) for a representation's geometric context id. */
  contextFor: (contextId: number | null) => BuildContext;
}

/** Builds the product/instance structure, or null when the file has no NEXT_ASSEMBLY_USAGE_OCCURRENCE. */
export function buildAssembly({ file, idx, links, solidIndexById, contextFor }: AssemblyInputs): PartAssembly | null {
  const nauos = idsInFileOrder(file, ['NEXT_ASSEMBLY_USAGE_OCCURRENCE']);
  if (nauos.length === 0) return null;

  const productOfPd = (pdId: number, from: number): number => {
    const pd = file.require(pdId, from);
    const pdArgs = recordArgs(pd, 'PRODUCT_DEFINITION') ?? pd.args;
    const pdf = file.require(refArg(pd, pdArgs, 2, 'formation'), pd.id);
    const pdfArgs = recordArgs(pdf, 'PRODUCT_DEFINITION_FORMATION') ?? recordArgs(pdf, 'PRODUCT_DEFINITION_FORMATION_WITH_SPECIFIED_SOURCE') ?? pdf.args;
    const prod = refArg(pdf, pdfArgs, 2, 'of_product');
    if (file.require(prod, pdf.id).type !== 'PRODUCT') throw badEntity(pdf, `of_product #${prod} is not a PRODUCT`);
    return prod;
  };

  // definition (PD or NAUO) → PRODUCT_DEFINITION_SHAPE ids
  const pdsOf = new Map<number, number[]>();
  for (const id of idsInFileOrder(file, ['PRODUCT_DEFINITION_SHAPE'])) {
    const e = file.require(id);
    const def = e.args[2];
    if (def && typeof def === 'object' && !Array.isArray(def) && def.kind === 'ref') {
      const l = pdsOf.get(def.id) ?? [];
      l.push(id);
      pdsOf.set(def.id, l);
    }
  }
  // PDS → representations (SHAPE_DEFINITION_REPRESENTATION)
  const repsOfPds = new Map<number, number[]>();
  for (const id of idsInFileOrder(file, ['SHAPE_DEFINITION_REPRESENTATION'])) {
    const e = file.require(id);
    const pds = refArg(e, e.args, 0, 'definition');
    const rep = refArg(e, e.args, 1, 'used_representation');
    const l = repsOfPds.get(pds) ?? [];
    l.push(rep);
    repsOfPds.set(pds, l);
  }
  // CDSR by PDS of the NAUO
  const cdsrOf = new Map<number, number>();
  for (const id of idsInFileOrder(file, ['CONTEXT_DEPENDENT_SHAPE_REPRESENTATION'])) {
    const e = file.require(id);
    cdsrOf.set(refArg(e, e.args, 1, 'represented_product_relation'), id);
  }

  const products: AssemblyProduct[] = [];
  const productReps = new Map<number, Set<number>>();
  const byProduct = new Map<number, AssemblyProduct>();
  for (const pid of idsInFileOrder(file, ['PRODUCT'])) {
    const e = file.require(pid);
    const p: AssemblyProduct = { stepId: pid, id: strArg(e.args, 0), name: strArg(e.args, 1), solids: [] };
    products.push(p);
    byProduct.set(pid, p);
    productReps.set(pid, new Set());
  }
  for (const pdId of idsInFileOrder(file, ['PRODUCT_DEFINITION'])) {
    const prod = productOfPd(pdId, pdId);
    const p = byProduct.get(prod)!;
    for (const pds of pdsOf.get(pdId) ?? []) {
      for (const rep of repsOfPds.get(pds) ?? []) {
        productReps.get(prod)!.add(rep);
        for (const sid of solidsOfRepresentation(file, idx, rep, links)) {
          const si = solidIndexById.get(sid);
          if (si !== undefined && !p.solids.includes(si)) p.solids.push(si);
        }
      }
    }
  }

  const instances: AssemblyInstance[] = [];
  const children = new Map<number, number[]>();
  for (const nid of nauos) {
    const e = file.require(nid);
    const parent = productOfPd(refArg(e, e.args, 3, 'relating_product_definition'), e.id);
    const child = productOfPd(refArg(e, e.args, 4, 'related_product_definition'), e.id);
    if (parent === child) {
      throw new CadlensError('STEP_REFERENCE_CYCLE', `#${nid} makes product #${parent} a child of itself`, { stage: 'parse', entityId: nid });
    }
    const l = children.get(parent) ?? [];
    l.push(child);
    children.set(parent, l);
    let transform = identityMatrix4();
    for (const pds of pdsOf.get(nid) ?? []) {
      const cdsrId = cdsrOf.get(pds);
      if (cdsrId === undefined) continue;
      const cdsr = file.require(cdsrId);
      const rel = file.require(refArg(cdsr, cdsr.args, 0, 'representation_relation'), cdsr.id);
      transform = relationTransform(file, rel, productReps.get(child)!, contextFor);
      break;
    }
    instances.push({ stepId: nid, parent, child, transform });
  }
  checkProductCycles(children);
  const childSet = new Set(instances.map((i) => i.child));
  const roots = products.filter((p) => !childSet.has(p.stepId)).map((p) => p.stepId);
  return { products, instances, roots };
}

function relationTransform(file: StepFile, rel: StepEntity, childReps: Set<number>, contextFor: (c: number | null) => BuildContext): number[] {
  const rr = recordArgs(rel, 'REPRESENTATION_RELATIONSHIP') ?? (rel.parts ? null : rel.args);
  const rwt = recordArgs(rel, 'REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION');
  if (!rr || !rwt) throw badEntity(rel, 'expected a REPRESENTATION_RELATIONSHIP_WITH_TRANSFORMATION');
  const rep1 = refArg(rel, rr, 2, 'rep_1');
  const rep2 = refArg(rel, rr, 3, 'rep_2');
  if (rep1 === rep2) throw new CadlensError('STEP_REFERENCE_CYCLE', `#${rel.id} relates representation #${rep1} to itself`, { stage: 'parse', entityId: rel.id });
  const op = file.require(refArg(rel, rwt, 0, 'transformation_operator'), rel.id);
  // units of the parent representation (rep_2 in the usual order)
  const parentRep = file.require(childReps.has(rep1) || !childReps.has(rep2) ? rep2 : rep1, rel.id);
  const ra = parentRep.parts ? recordArgs(parentRep, 'REPRESENTATION') : parentRep.args;
  const ctxId = ra && ra[2] && typeof ra[2] === 'object' && !Array.isArray(ra[2]) && ra[2].kind === 'ref' ? ra[2].id : null;
  const ctx = contextFor(ctxId);
  if (op.type !== 'ITEM_DEFINED_TRANSFORMATION') {
    recordUnsupported(ctx, op, `assembly transformation of #${rel.id}`);
    return identityMatrix4();
  }
  const m1 = frameToMatrix(frame3(ctx, refArg(op, op.args, 2, 'transform_item_1'), op.id));
  const m2 = frameToMatrix(frame3(ctx, refArg(op, op.args, 3, 'transform_item_2'), op.id));
  const t = multiplyMatrix4(m2, invertRigidMatrix4(m1));
  const swapped = !childReps.has(rep1) && childReps.has(rep2);
  return swapped ? invertRigidMatrix4(t) : t;
}

/** Iterative DFS over parent → children; a back edge is a cycle. */
function checkProductCycles(children: Map<number, number[]>): void {
  const state = new Map<number, 1 | 2>(); // 1 = on stack, 2 = done
  for (const start of children.keys()) {
    if (state.has(start)) continue;
    const stack: [number, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const kids = children.get(top[0]) ?? [];
      if (top[1] >= kids.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const k = kids[top[1]++];
      const s = state.get(k);
      if (s === 1) throw new CadlensError('STEP_REFERENCE_CYCLE', `product #${k} is (indirectly) a child of itself`, { stage: 'parse', entityId: k });
      if (s === undefined) {
        state.set(k, 1);
        stack.push([k, 0]);
      }
    }
  }
}

