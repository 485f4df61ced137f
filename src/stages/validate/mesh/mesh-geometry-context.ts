import type { Part } from '../../../model/index.js';
import type { MeshFindings } from '../../heal/index.js';

/**
 * The geometry-stage context of a mesh-only part (STL/OBJ/PLY): the mesh's validity counts, measured
 * after healing when healing ran (the healing report keeps the counts from before).
 */
export interface MeshGeometryContext {
  part: Part;
  findings: MeshFindings;
  /** True when the counts are from the healed mesh. */
  healed: boolean;
}
