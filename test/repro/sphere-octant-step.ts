import { ap214ContextLines, ap214File } from '../support/ap214-file.js';

/**
 * A ball of radius 10 made of eight octant faces on one rational B-spline sphere that is periodic in u (9 × 5 poles,
 * u the longitude over [0, 2π] with the seam at +x, v from the north pole at 0 to the south pole at π), bounded by
 * quarter circles written as rational B-spline curves, with no PCURVEs and no degenerate edges at the poles — how D31's
 * rounded corners are written (a CAD export through OpenCascade). Test helper of sphere-octant-through-pole.test.ts.
 */
export const SPHERE_RADIUS_MM = 10;

export function sphereOctantsStep(): string {
  const R = SPHERE_RADIUS_MM;
  const h = Math.SQRT1_2;
  const lines: string[] = [];
  let id = 100;
  const add = (text: (n: number) => string): number => {
    const n = id++;
    lines.push(`#${n}=${text(n)};`);
    return n;
  };
  const num = (x: number) => (Math.abs(x) < 1e-15 ? '0.' : Number.isInteger(x) ? `${x}.` : String(x));
  const point = (p: number[]) => add(() => `CARTESIAN_POINT('',(${p.map(num).join(',')}))`);
  // the surface: longitude poles (x, y, weight) times meridian poles (radius, z, weight)
  const around = [[1, 0, 1], [1, 1, h], [0, 1, 1], [-1, 1, h], [-1, 0, 1], [-1, -1, h], [0, -1, 1], [1, -1, h], [1, 0, 1]];
  const down = [[0, 1, 1], [1, 1, h], [1, 0, 1], [1, -1, h], [0, -1, 1]];
  const rows = around.map(([x, y]) => `(${down.map(([r, z]) => `#${point([R * x * r, R * y * r, R * z])}`).join(',')})`);
  const weights = around.map(([, , wu]) => `(${down.map(([, , wv]) => num(wu * wv)).join(',')})`);
  const q = Math.PI / 2;
  const sphere = add(
    () =>
      `(BOUNDED_SURFACE() B_SPLINE_SURFACE(2,2,(${rows.join(',')}),.SPHERICAL_SURF.,.T.,.F.,.F.) ` +
      `B_SPLINE_SURFACE_WITH_KNOTS((3,2,2,2,3),(3,2,3),(0.,${num(q)},${num(2 * q)},${num(3 * q)},${num(4 * q)}),(0.,${num(q)},${num(2 * q)}),.UNSPECIFIED.) ` +
      `GEOMETRIC_REPRESENTATION_ITEM() RATIONAL_B_SPLINE_SURFACE((${weights.join(',')})) REPRESENTATION_ITEM('') SURFACE())`,
  );
  const north = [0, 0, R];
  const south = [0, 0, -R];
  const equator = [0, 1, 2, 3].map((k) => [R * Math.cos(k * q), R * Math.sin(k * q), 0]);
  const vertex = (p: number[]) => add(() => `VERTEX_POINT('',#${point(p)})`);
  const vN = vertex(north);
  const vS = vertex(south);
  const vE = equator.map(vertex);
  /** A quarter circle about the origin from a to b: its middle pole is a + b, weighted ½√2. */
  const arc = (a: number[], b: number[], va: number, vb: number) => {
    const poles = [a, a.map((c, k) => c + b[k]), b].map((p) => `#${point(p)}`).join(',');
    const curve = add(
      () =>
        `(BOUNDED_CURVE() B_SPLINE_CURVE(2,(${poles}),.CIRCULAR_ARC.,.F.,.F.) B_SPLINE_CURVE_WITH_KNOTS((3,3),(0.,${num(q)}),.UNSPECIFIED.) ` +
        `CURVE() GEOMETRIC_REPRESENTATION_ITEM() RATIONAL_B_SPLINE_CURVE((1.,${num(h)},1.)) REPRESENTATION_ITEM(''))`,
    );
    return add(() => `EDGE_CURVE('',#${va},#${vb},#${curve},.T.)`);
  };
  const eq = [0, 1, 2, 3].map((k) => arc(equator[k], equator[(k + 1) % 4], vE[k], vE[(k + 1) % 4]));
  const toNorth = [0, 1, 2, 3].map((k) => arc(north, equator[k], vN, vE[k]));
  const toSouth = [0, 1, 2, 3].map((k) => arc(equator[k], south, vE[k], vS));
  const oriented = (edge: number, forward: boolean) => add(() => `ORIENTED_EDGE('',*,*,#${edge},${forward ? '.T.' : '.F.'})`);
  // The surface's normal S_u × S_v points inwards: every face runs against it, its loop anticlockwise seen from outside.
  const face = (name: string, loop: [number, boolean][]) => {
    const edges = loop.map(([e, f]) => `#${oriented(e, f)}`).join(',');
    const edgeLoop = add(() => `EDGE_LOOP('',(${edges}))`);
    const bound = add(() => `FACE_OUTER_BOUND('',#${edgeLoop},.T.)`);
    return add(() => `ADVANCED_FACE('${name}',(#${bound}),#${sphere},.F.)`);
  };
  const faces: number[] = [];
  for (let k = 0; k < 4; k++) {
    const next = (k + 1) % 4;
    // (the north loops start on the equator, as D31's do: their second meridian leaves the pole where the inversion
    // happens to put it)
    faces.push(face(`north ${k}`, [[eq[k], true], [toNorth[next], false], [toNorth[k], true]]));
    faces.push(face(`south ${k}`, [[eq[k], false], [toSouth[k], true], [toSouth[next], false]]));
  }
  const shell = add(() => `CLOSED_SHELL('',(${faces.map((f) => `#${f}`).join(',')}))`);
  const solid = add(() => `MANIFOLD_SOLID_BREP('ball',#${shell})`);
  return ap214File('cadlens test: a ball of eight B-spline octants', 'octants.step', [
    ...ap214ContextLines('ball'),
    ...lines,
    `#20=ADVANCED_BREP_SHAPE_REPRESENTATION('ball',(#${solid}),#12);`,
    "#21=PRODUCT_DEFINITION_SHAPE('','',#7);",
    '#22=SHAPE_DEFINITION_REPRESENTATION(#21,#20);',
  ]);
}
