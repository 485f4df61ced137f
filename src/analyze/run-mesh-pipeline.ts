import { isCadlensError } from '../errors/index.js';
import { readMeshInput, createMeshPart, createPointCloudPart, type MeshFormatHint } from '../formats/mesh/index.js';
import { healMesh, measureMesh, type HealOptions, type HealingReport } from '../stages/heal/index.js';
import { provideStaticBvhDeps } from '../geometry/static-bvh-deps.js';
import type { InputFormat, Part } from '../model/index.js';
import { runStage, skippedStage, type Finding, type StageResult } from '../stages/validate/index.js';
import { defaultMeshGeometryValidators } from '../stages/validate/mesh/index.js';
import type { PipelineOutcome, PipelineRun } from './run-pipeline.js';
import { finishStages, toResultError } from './run-pipeline.js';

/** @internal What the mesh path adds to a {@link PipelineOutcome}. */
export interface MeshPipelineOutcome extends PipelineOutcome {
  healing: HealingReport | null;
  /**
   * For each triangle of the analysed (healed) mesh, the input triangle it came from, or -1 for a
   * triangle a fix created; null when the mesh was not changed.
   */
  inputTriangleOf: Int32Array | null;
}

export { isMeshFormat } from './mesh-format.js';

/**
 * Stages 2–5 for plain meshes and point clouds: read (format), build the mesh-only Part (parse),
 * heal (opt-out, always reported), judge the mesh (geometry), score. Never throws for bad input.
 * @internal
 */
export async function runMeshPipeline(run: PipelineRun, heal: boolean | HealOptions): Promise<MeshPipelineOutcome> {
  // This module runs behind an import(): healing and measuring get three and three-mesh-bvh from its static imports.
  provideStaticBvhDeps();
  const timings: Record<string, number> = {};
  const format = run.input.sniff?.format ?? 'unknown';
  const stages: StageResult[] = [run.inputStage];
  let error: PipelineOutcome['error'];

  // Stage 2: the reader is the format check for meshes — every tolerated defect is a warning.
  run.progress?.('format');
  let t = run.now();
  let input: ReturnType<typeof readMeshInput> | null = null;
  const formatFindings: Finding[] = [];
  try {
    input = readMeshInput(run.bytes, { format: format as MeshFormatHint, ...(run.input.name ? { fileName: run.input.name } : {}) });
    for (const w of input.warnings) formatFindings.push({ code: w.code, severity: 'warning', message: `${w.message} (${w.count})` });
  } catch (e) {
    if (isCadlensError(e) && e.code === 'ABORTED') throw e;
    error = toResultError(e, 'format');
    formatFindings.push({ code: error.code, severity: 'error', message: error.message });
  }
  timings.read = run.now() - t;
  stages.push({ name: 'format', passed: !formatFindings.some((f) => f.severity === 'error'), findings: formatFindings, durationMs: timings.read });
  if (!input) return { ...finishStages(stages, null, format, error, timings, 'the mesh could not be read'), healing: null, inputTriangleOf: null };

  // Stage 3: the mesh-only Part.
  t = run.now();
  let part: Part = input.kind === 'mesh' ? createMeshPart(input.mesh, format) : createPointCloudPart(input.points, format);
  const parseFindings: Finding[] = [
    {
      code: input.kind === 'mesh' ? 'PARSE_MESH_ONLY' : 'PARSE_POINT_CLOUD',
      severity: 'info',
      message:
        input.kind === 'mesh'
          ? `mesh input: ${part.summary.triangleCount} triangles, ${part.summary.vertexCount} vertices, no B-Rep faces`
          : `point cloud: ${part.summary.vertexCount} points, no surfaces`,
    },
  ];
  stages.push({ name: 'parse', passed: true, findings: parseFindings, durationMs: run.now() - t });

  if (input.kind === 'points') {
    stages.push(skippedStage('geometry', 'a point cloud has no surface to validate'));
    return { ...finishStages(stages, part, format, error, timings), healing: null, inputTriangleOf: null };
  }

  // Healing before stage 4, so the geometry stage judges the healed mesh.
  let healing: HealingReport | null = null;
  let inputTriangleOf: Int32Array | null = null;
  const healOptions: HealOptions = typeof heal === 'object' ? heal : { enabled: heal };
  if (healOptions.enabled !== false) {
    run.progress?.('heal');
    t = run.now();
    // triangleFace carries each triangle's input index through the healer (it follows the triangles).
    const tracked = { ...part.mesh, triangleFace: Int32Array.from({ length: part.mesh.indices.length / 3 }, (_, i) => i) };
    const healed = healMesh(tracked, { ...healOptions, ...(run.signal ? { signal: run.signal } : {}) });
    healing = healed.report;
    if (healed.report.totalFixes > 0) {
      inputTriangleOf = healed.mesh.triangleFace;
      part = createMeshPart({ ...healed.mesh, triangleFace: new Int32Array(healed.mesh.indices.length / 3).fill(-1) }, format);
    }
    timings.heal = run.now() - t;
  }

  run.progress?.('geometry');
  t = run.now();
  const findings = healing?.enabled ? healing.after : measureMesh(part.mesh.positions, part.mesh.indices);
  stages.push(
    await runStage('geometry', run.validators.meshGeometry ?? defaultMeshGeometryValidators, { part, findings, healed: healing?.enabled ?? false }, {
      ...(run.signal ? { signal: run.signal } : {}),
    }),
  );
  timings.geometry = run.now() - t;
  return { ...finishStages(stages, part, format, error, timings), healing, inputTriangleOf };
}
