/**
 * Generators of hostile-but-valid STEP files built around the committed cube fixture: deep and
 * exponential MAPPED_ITEM instancing, and over-long string literals. They write ISO 10303-21 text
 * only; every file stays syntactically valid and references resolve.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CUBE_PATH = fileURLToPath(new URL('../fixtures/step/cube.step', import.meta.url));

/** The cube fixture's text (10 mm cube, one MANIFOLD_SOLID_BREP in ADVANCED_BREP_SHAPE_REPRESENTATION #128). */
export function cubeStepText(): string {
  return readFileSync(CUBE_PATH, 'latin1');
}

/** Ids in the cube fixture that the generators build on. */
const CUBE = { context: 12, origin: 127, brepRep: 128, sdr: 130 } as const;

/**
 * The cube wrapped in `levels` representations, each holding `fanOut` MAPPED_ITEMs of the level
 * below (so `fanOut ** levels` cube instances); the product's shape is the top level.
 * `fanOut = 1` is a plain chain `levels` deep. With `cycle`, the lowest level maps the top level
 * instead of the cube (an instancing cycle `levels` long).
 */
export function instancedCubeStep(levels: number, fanOut = 1, cycle = false): string {
  const lines: string[] = [];
  let next = 1000;
  let below: number = CUBE.brepRep;
  for (let level = 1; level <= levels; level++) {
    const items: number[] = [];
    for (let k = 0; k < fanOut; k++) {
      // each copy sits 20 mm further along x so OpenCascade cannot share the placement
      const pt = next++;
      const ax = next++;
      const map = next++;
      const mi = next++;
      lines.push(`#${pt}=CARTESIAN_POINT('',(${20 * k}.,0.,0.));`);
      lines.push(`#${ax}=AXIS2_PLACEMENT_3D('',#${pt},$,$);`);
      lines.push(`#${map}=REPRESENTATION_MAP(#${CUBE.origin},#${below});`);
      lines.push(`#${mi}=MAPPED_ITEM('',#${map},#${ax});`);
      items.push(mi);
    }
    const rep = next++;
    lines.push(`#${rep}=SHAPE_REPRESENTATION('level ${level}',(${items.map((i) => `#${i}`).join(',')}),#${CUBE.context});`);
    below = rep;
  }
  if (cycle) {
    const first = lines.findIndex((l) => l.includes('=REPRESENTATION_MAP('));
    lines[first] = lines[first].replace(`,#${CUBE.brepRep});`, `,#${below});`);
  }
  return cubeStepText()
    .replace(`#${CUBE.sdr}=SHAPE_DEFINITION_REPRESENTATION(#129,#${CUBE.brepRep});`, `#${CUBE.sdr}=SHAPE_DEFINITION_REPRESENTATION(#129,#${below});`)
    .replace('ENDSEC;\nEND-ISO', `${lines.join('\n')}\nENDSEC;\nEND-ISO`);
}

/** The cube with its product name replaced by a `length`-character string literal (`'x'` repeated, or `content`). */
export function longProductNameStep(length: number, content?: string): string {
  const name = content ?? 'x'.repeat(length);
  return cubeStepText().replace("#4=PRODUCT('cube','cube',''", `#4=PRODUCT('cube','${name}',''`);
}

/** The error `fn` throws (fails the test when it returns instead). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
