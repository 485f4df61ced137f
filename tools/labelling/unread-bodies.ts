/**
 * Solids and surface bodies that are in a STEP file but not in the cadlens `Part` built from it — e.g. the
 * construction planes CATIA files keep under a `CONSTRUCTIVE_GEOMETRY_REPRESENTATION` ('supplemental
 * geometry'), which the B-Rep builder leaves out. A label file must still list every body of the file
 * (the label check reads the file's entities directly), so `build` adds these as bodies that can only be
 * declared unlabelled.
 * @internal
 */
import type { StepFile, StepValue } from '../../src/formats/step/index.js';
import type { SpecPartInfo } from './label-spec.js';

/** STEP entity types of a body (solid or surface body). */
export const BODY_TYPES: ReadonlySet<string> = new Set(['MANIFOLD_SOLID_BREP', 'BREP_WITH_VOIDS', 'SHELL_BASED_SURFACE_MODEL']);
const FACE_TYPES = new Set(['ADVANCED_FACE', 'FACE_SURFACE']);

function refs(v: StepValue | readonly StepValue[]): number[] {
  if (Array.isArray(v)) return v.flatMap((x) => refs(x));
  return v !== null && typeof v === 'object' && 'kind' in v && v.kind === 'ref' ? [v.id] : [];
}

/** Face entity ids of one body, read straight from the STEP entities through its shells (oriented shells and faces unwrapped). */
export function bodyFaceIds(step: StepFile, bodyId: number): number[] {
  const out: number[] = [];
  for (const shellId of refs(step.require(bodyId).args.slice(1))) {
    const shell = step.require(shellId);
    const shellIds = shell.type === 'ORIENTED_CLOSED_SHELL' || shell.type === 'ORIENTED_OPEN_SHELL' ? refs(shell.args[2]) : [shellId];
    for (const sid of shellIds) {
      for (const fid of refs(step.require(sid).args[1])) {
        const face = step.require(fid);
        if (FACE_TYPES.has(face.type)) out.push(fid);
        else if (face.type === 'ORIENTED_FACE') out.push(...refs(face.args[2]));
      }
    }
  }
  return out;
}

/** The file's bodies whose entity ids are not among `known` (the stepIds of the Part's solids). */
export function unreadBodies(step: StepFile, known: ReadonlySet<number>): SpecPartInfo['solids'] {
  const out: SpecPartInfo['solids'] = [];
  for (const id of step.ids()) {
    const e = step.get(id);
    if (!e || !BODY_TYPES.has(e.type) || known.has(id)) continue;
    out.push({ stepId: id, kind: `${e.type.toLowerCase()} (not read into the Part)`, faceStepIds: bodyFaceIds(step, id) });
  }
  return out;
}
