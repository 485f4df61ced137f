// Label mode: pick a class, click faces, export/import the per-face labels JSON the evaluation tool reads
// (format `cadlens-face-labels/1`, docs/labelling.md), keyed by STEP ADVANCED_FACE id.
import type { AnalysisResult } from 'cadlens/browser';

/** The label vocabulary: the 25 AAGNet classes plus other_feature. */
export const LABEL_CLASSES = [
  'stock', 'chamfer', 'round', 'through_hole', 'blind_hole', 'Oring',
  'triangular_passage', 'rectangular_passage', '6sides_passage',
  'triangular_through_slot', 'rectangular_through_slot', 'circular_through_slot',
  'rectangular_blind_slot', 'v_circular_end_blind_slot', 'h_circular_end_blind_slot',
  'rectangular_through_step', '2sides_through_step', 'slanted_through_step',
  'triangular_blind_step', 'circular_blind_step', 'rectangular_blind_step',
  'triangular_pocket', 'rectangular_pocket', '6sides_pocket', 'circular_end_pocket',
  'other_feature',
] as const;

interface FaceLabel {
  class: string;
  instance: string | null;
  bottom: boolean;
  tags: string[];
}

export interface LabelFile {
  format: 'cadlens-face-labels/1';
  file: string;
  sha256: string | null;
  solids: { stepId: number | null; labelled: boolean; note: string }[];
  faces: Record<string, FaceLabel>;
  instances: Record<string, { class: string; composite: string | null }>;
  meta: { minutes: number; ambiguous: string[]; method: string };
}

/** Per-face labels of the loaded part, keyed by STEP face id. */
export class LabelSession {
  readonly labels = new Map<number, string>();
  private readonly started = Date.now();
  constructor(private readonly result: AnalysisResult) {}

  set(stepId: number, className: string): void {
    this.labels.set(stepId, className);
  }

  /** Faces of the part without a label yet. */
  missing(): number {
    return (this.result.part?.faces ?? []).filter((f) => f.stepId !== null && !this.labels.has(f.stepId)).length;
  }

  /**
   * The label file. Instances are left for the labeller to group (every non-stock face gets its own
   * instance id `f<stepId>` here), so the file passes the format checks and can be refined by hand.
   */
  export(): LabelFile {
    const faces: LabelFile['faces'] = {};
    const instances: LabelFile['instances'] = {};
    for (const [stepId, cls] of [...this.labels].sort((a, b) => a[0] - b[0])) {
      const instance = cls === 'stock' ? null : `f${stepId}`;
      faces[String(stepId)] = { class: cls, instance, bottom: false, tags: [] };
      if (instance) instances[instance] = { class: cls, composite: null };
    }
    const solids = (this.result.recognition?.solids ?? []).map((s) => ({ stepId: s.stepId, labelled: true, note: '' }));
    return {
      format: 'cadlens-face-labels/1',
      file: this.result.input.name,
      sha256: this.result.input.sha256,
      solids: solids.length > 0 ? solids : [{ stepId: null, labelled: true, note: '' }],
      faces,
      instances,
      meta: { minutes: Math.round((Date.now() - this.started) / 60_000), ambiguous: [], method: 'cadlens viewer label mode' },
    };
  }

  /** Reads a label file; returns how many of its faces exist in this part. */
  import(file: unknown): number {
    const f = file as Partial<LabelFile>;
    if (f?.format !== 'cadlens-face-labels/1' || typeof f.faces !== 'object' || f.faces === null) throw new Error('not a cadlens-face-labels/1 file');
    const ids = new Set((this.result.part?.faces ?? []).map((x) => x.stepId));
    let matched = 0;
    for (const [id, label] of Object.entries(f.faces)) {
      const stepId = Number(id);
      if (!ids.has(stepId) || typeof label?.class !== 'string') continue;
      this.labels.set(stepId, label.class);
      matched++;
    }
    return matched;
  }
}
