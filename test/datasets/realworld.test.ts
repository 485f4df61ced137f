import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { analysisResultSchema } from '../../src/result/index.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR } from '../support/shared-data.js';

const PARTS = join(SHARED_DIR, 'datasets/realworld/parts');

/**
 * Expected outcome per realworld part. B-Rep face counts are those of the README table (OpenCascade's
 * count); for assemblies cadlens counts each part definition once, so the number is lower.
 * `unmappedAtMost` records a known limitation instead of hiding it (none left: D31's reordered bodies now map).
 */
const EXPECTED: Record<string, { faces?: number; clean?: boolean; error?: string; unmappedAtMost?: number; slow?: boolean }> = {
  D01__featuretype: { faces: 96, clean: true },
  D02__motor_antigravity_4004_custom_shaft: { faces: 15, clean: true },
  D03__transmission_pulley_at3_t10_motor: { faces: 65, clean: true },
  D04__transmission_pulley_at3_t10_center: { faces: 76, clean: true },
  D05__partA: { faces: 32, clean: true },
  D06__partC: { faces: 94, clean: true },
  D07__M6: { faces: 28, clean: true },
  D08__Seeedstudio_Mounting_Plate_SO101: { faces: 37, clean: true },
  D09__base: { faces: 22, clean: true },
  D10__gripper_static_part: { faces: 57, clean: true },
  D11__Follower_Gripper_Moving_Part: { faces: 30, clean: true },
  D12__inactive: { faces: 96, clean: true },
  D13__nist_ctc_01_asme1_rd: { faces: 139, clean: true },
  D14__nist_ctc_03_asme1_rc: { faces: 139, clean: true },
  D15__nist_ftc_06_asme1_rd: { faces: 144, clean: true },
  D16__nist_ftc_09_asme1_rd: { faces: 158, clean: true },
  D17__nist_ctc_05_asme1_rd: { faces: 209, clean: true },
  D18__nist_ftc_10_asme1_rb: { faces: 214, clean: true },
  D19__nist_ftc_07_asme1_rd: { faces: 269, clean: true },
  D20__nist_ftc_08_asme1_rc: { faces: 270, clean: true },
  D21__nist_ctc_04_asme1_rd: { faces: 518, clean: true },
  D22__nist_ctc_02_asme1_rc: { faces: 664, clean: true },
  D23__nist_ctc_01_asme1_ap242: { faces: 117, clean: true },
  D24__foot_structure: { faces: 237, clean: true },
  D25__lower_leg_structure_base: { faces: 329, clean: true },
  D26__Base_SO101: { faces: 572, clean: true },
  D27__Wrist_Roll_Pitch_SO101: { faces: 291, clean: true },
  D28__Robotis_FPX330_S101: { faces: 645, clean: true },
  D29__Follower_Base: { faces: 110, clean: true },
  D30__arm: { faces: 1480, clean: true, slow: true },
  // 75 bodies; OpenCascade emits 5 of them (830 faces) with their faces permuted: all map geometrically.
  D31__tinymovr_servokit_r2: { faces: 1856, unmappedAtMost: 0, slow: true },
  D32__Robotis_DYNAMIXEL_XL430_W250_T: { faces: 745, clean: true },
  // Fusion 360 assembly whose bodies touch along shared edges: the welded mesh is non-manifold there.
  D33__sensor: { faces: 415 },
  D34__nist_ftc_10_asme1_ap242: { faces: 282, clean: true },
  D35__nist_ftc_08_asme1_ap242: { error: 'PARSE_NO_SOLID_OR_SHELL' }, // tessellated geometry only
  D36__Follower_Arm: { error: 'PARSE_NO_SOLID_OR_SHELL' }, // parts are external files
  D37__red_cube_blue_cylinder: { faces: 9, clean: true },
  D38__leader_arm: { faces: 1346, clean: true, slow: true },
};
const FULL = process.env.CADLENS_FULL === '1';

describe.skipIf(!HAS_SHARED)(`realworld parts end to end${HAS_SHARED ? '' : ` — ${NO_SHARED_REASON}`}`, () => {
  const analyzer = createNodeAnalyzer({ recognizers: [] });
  afterAll(() => analyzer.dispose());
  const files = HAS_SHARED ? readdirSync(PARTS).sort() : [];

  it('the expectation table covers all 38 parts', () => {
    expect(files).toHaveLength(38);
    for (const f of files) expect(Object.keys(EXPECTED).some((k) => f.startsWith(k))).toBe(true);
  });

  for (const [prefix, expected] of Object.entries(EXPECTED)) {
    it.skipIf(expected.slow && !FULL)(`${prefix}${expected.slow && !FULL ? ' — large assembly, set CADLENS_FULL=1' : ''}`, async () => {
      const file = files.find((f) => f.startsWith(prefix))!;
      const result = await analyzer.analyzeFile(join(PARTS, file));
      expect(analysisResultSchema.safeParse(result).success).toBe(true);
      if (expected.error) {
        expect(result.error?.code).toBe(expected.error);
        return;
      }
      expect(result.error).toBeUndefined();
      expect(result.part!.faces).toHaveLength(expected.faces!);
      const unmapped = result.part!.faces.filter((f) => f.mapping === 'unmapped').length;
      expect(unmapped).toBeLessThanOrEqual(expected.unmappedAtMost ?? 0);
      if (expected.clean) expect(result.stages.map((s) => [s.name, s.passed])).toEqual(result.stages.map((s) => [s.name, true]));
      expect(result.quality.score).toBeGreaterThan(0.5);
      for (const f of result.part!.faces) expect(Number.isInteger(f.stepId)).toBe(true);
    }, 120_000);
  }
});
