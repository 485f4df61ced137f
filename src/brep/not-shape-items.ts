/**
 * Representation items that are no shape of the part: wireframe sets of points and curves, and the presentation /
 * PMI items of ISO 10303-46 and AP242 (annotations, callouts, camera models, style overrides). The reader does not
 * model them (they stay reported as `PARSE_UNSUPPORTED_ENTITY`), and OpenCascade's mesh has no triangles for them
 * either, so they are no reason for `mesh: 'auto'` to tessellate.
 *
 * @internal
 */
import type { StepEntity, StepFile } from '../formats/step/step-types.js';
import type { NotShapeRole } from '../model/index.js';

/** Surface-bearing STEP types: any of these inside a `GEOMETRIC_SET` is something a tessellation would mesh. */
const SURFACE_LIKE = /SURFACE|PLANE|FACE|SHELL|SOLID|BREP/;

/**
 * Presentation resources (ISO 10303-46) and AP242's draughting items: `STYLED_ITEM` and its subtypes
 * (`OVER_RIDING_STYLED_ITEM`, `CONTEXT_DEPENDENT_OVER_RIDING_STYLED_ITEM`), annotation occurrences and planes
 * (`ANNOTATION_PLANE`, `TESSELLATED_ANNOTATION_OCCURRENCE`, …), draughting callouts and their subtypes
 * (`DRAUGHTING_CALLOUT`, `LEADER_DIRECTED_CALLOUT`, `DATUM_FEATURE_CALLOUT`, …) and camera models
 * (`CAMERA_MODEL_D3`, `CAMERA_MODEL_D3_MULTI_CLIPPING`, …). Each shows or annotates geometry; none is geometry.
 */
const PRESENTATION = /STYLED_ITEM$|^ANNOTATION_|ANNOTATION_OCCURRENCE$|CALLOUT$|^CAMERA_MODEL/;

/**
 * Whether a representation item holds points and curves only: a `GEOMETRIC_CURVE_SET` (the schema allows nothing
 * else in it) or a `GEOMETRIC_SET` none of whose elements is a surface (NIST's test parts carry such sets of
 * wireframe and annotation geometry next to their solids).
 */
function isWireframeSet(file: StepFile, e: StepEntity): boolean {
  if (e.type === 'GEOMETRIC_CURVE_SET') return true;
  if (e.type !== 'GEOMETRIC_SET') return false;
  const elements = e.args[1];
  if (!Array.isArray(elements)) return false;
  return elements.every((el) => {
    if (!el || typeof el !== 'object' || Array.isArray(el) || (el as { kind?: string }).kind !== 'ref') return false;
    const target = file.get((el as { id: number }).id);
    return target !== undefined && !SURFACE_LIKE.test(target.type);
  });
}

/** Whether the item (or one record of a complex instance) is a presentation / PMI entity. */
function isPresentationItem(e: StepEntity): boolean {
  if (PRESENTATION.test(e.type)) return true;
  return e.parts?.some((p) => PRESENTATION.test(p.type)) ?? false;
}

/** Why a representation item the reader does not model is no shape of the part, or undefined when it may be shape. */
export function notShapeRoleOf(file: StepFile, item: StepEntity): NotShapeRole | undefined {
  if (isWireframeSet(file, item)) return 'wireframe';
  if (isPresentationItem(item)) return 'presentation';
  return undefined;
}

/** The words a `PARSE_UNSUPPORTED_ENTITY` finding adds to say why the entity is no reason to tessellate. */
export const NOT_SHAPE_NOTE: Readonly<Record<NotShapeRole, string>> = {
  wireframe: 'points and curves only, not part of the shape',
  presentation: 'presentation / PMI (ISO 10303-46), not part of the shape',
  supplemental: 'not part of the shape',
};
