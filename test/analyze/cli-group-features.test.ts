import { describe, expect, it } from 'vitest';
import { formatNumber, groupFeatures } from '../../src/runtime/node/cli/group-features.js';

const feature = (type: string, parameters: Record<string, number>) => ({ type, classId: 0, faces: [0], bottomFaces: [], confidence: 1, parameters });

describe('CLI feature grouping', () => {
  it('groups by type, most frequent first, and summarises each parameter: one value, a few with counts, or a range', () => {
    const features = [
      ...[3, 3, 3, 4, 5, 6, 7.25].map((d) => feature('through_hole', { diameterMm: d, depthMm: 10 })),
      feature('blind_hole', { diameterMm: 6, depthMm: 4 }),
      feature('blind_hole', { diameterMm: 6, depthMm: 8 }),
      feature('chamfer', {}),
      feature('round', { radiusMm: 1 }),
      feature('round', { radiusMm: 2, lengthMm: 5 }),
    ];
    expect(groupFeatures(features)).toEqual([
      {
        type: 'through_hole',
        count: 7,
        parameters: [
          { name: 'diameterMm', summary: '3–7.25 (5 values)' },
          { name: 'depthMm', summary: '10' },
        ],
      },
      {
        type: 'blind_hole',
        count: 2,
        parameters: [
          { name: 'diameterMm', summary: '6' },
          { name: 'depthMm', summary: '4, 8' },
        ],
      },
      {
        type: 'round',
        count: 2,
        parameters: [
          { name: 'radiusMm', summary: '1, 2' },
          { name: 'lengthMm', summary: '5 (on 1 of 2)' },
        ],
      },
      { type: 'chamfer', count: 1, parameters: [] },
    ]);
  });

  it('values equal to 3 decimals count as one; non-finite values are left out', () => {
    const groups = groupFeatures([
      feature('round', { radiusMm: 2.0001 }),
      feature('round', { radiusMm: 1.9999 }),
      feature('round', { radiusMm: Number.NaN }),
    ]);
    expect(groups[0].parameters).toEqual([{ name: 'radiusMm', summary: '2 (on 2 of 3)' }]);
    expect(formatNumber(14875.4567)).toBe('14875.457');
    expect(formatNumber(26000)).toBe('26000');
  });
});
