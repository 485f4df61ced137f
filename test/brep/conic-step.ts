import { ap214ContextLines, ap214File } from '../support/ap214-file.js';

/**
 * A hand-written STEP file with one planar sheet bounded by a hyperbola arc and one bounded by a parabola arc, each
 * closed by a straight chord (the test helpers of conic-curves.test.ts).
 *
 * Sheet 1 (plane z = 0): the hyperbola C + a cosh t·X + b sinh t·Y with a = 2, b = 1, centre (0, 0, 0), X = +x, for
 * t ∈ [−1, 1], from (2 cosh 1, −sinh 1) to (2 cosh 1, sinh 1), then the chord x = 2 cosh 1 back. Its edge is a
 * SURFACE_CURVE with a 2-D HYPERBOLA pcurve on the plane. Area: a·b·(sinh 1 cosh 1 − 1) per unit t — the hyperbolic
 * segment cut off by the chord.
 * Sheet 2 (plane z = 5): the parabola C + F s²·X + 2F s·Y (STEP's parameter s) with F = 0.5, centre (0, 0, 5),
 * trimmed by parameter to s ∈ [−2, 2] (a TRIMMED_CURVE, no pcurve), from (2, −2) to (2, 2), then the chord x = 2
 * back. Area: the parabolic segment, ⅔ · chord 4 · height 2 = 16/3. With 2F = 1, ISO's parameter s and
 * OpenCascade's u (= 2F·s, which it reads trimming values as) agree, so the file means the same to both readers.
 */
export function conicSheetsStep(): string {
  const ch = Math.cosh(1), sh = Math.sinh(1);
  const n = (x: number) => (Number.isInteger(x) ? `${x}.` : String(x));
  const lines = [
    ...ap214ContextLines('conics'),
    "#20=DIRECTION('',(0.,0.,1.));",
    "#21=DIRECTION('',(1.,0.,0.));",
    "#22=DIRECTION('',(0.,1.,0.));",
    // sheet 1: hyperbola
    "#30=CARTESIAN_POINT('',(0.,0.,0.));",
    "#31=AXIS2_PLACEMENT_3D('',#30,#20,#21);",
    "#32=PLANE('',#31);",
    "#33=HYPERBOLA('',#31,2.,1.);",
    `#34=CARTESIAN_POINT('',(${n(2 * ch)},${n(-sh)},0.));`,
    `#35=CARTESIAN_POINT('',(${n(2 * ch)},${n(sh)},0.));`,
    "#36=VERTEX_POINT('',#34);",
    "#37=VERTEX_POINT('',#35);",
    "#38=CARTESIAN_POINT('',(0.,0.));",
    "#39=DIRECTION('',(1.,0.));",
    "#40=AXIS2_PLACEMENT_2D('',#38,#39);",
    "#41=HYPERBOLA('',#40,2.,1.);",
    "#42=DEFINITIONAL_REPRESENTATION('',(#41),#13);",
    "#43=PCURVE('',#32,#42);",
    "#44=SURFACE_CURVE('',#33,(#43),.PCURVE_S1.);",
    "#45=EDGE_CURVE('',#36,#37,#44,.T.);",
    "#46=VECTOR('',#22,1.);",
    "#47=LINE('',#34,#46);",
    "#48=EDGE_CURVE('',#37,#36,#47,.F.);",
    "#49=ORIENTED_EDGE('',*,*,#45,.T.);",
    "#50=ORIENTED_EDGE('',*,*,#48,.T.);",
    "#51=EDGE_LOOP('',(#49,#50));",
    "#52=FACE_OUTER_BOUND('',#51,.T.);",
    "#53=ADVANCED_FACE('hyperbolic segment',(#52),#32,.T.);",
    // sheet 2: parabola
    "#60=CARTESIAN_POINT('',(0.,0.,5.));",
    "#61=AXIS2_PLACEMENT_3D('',#60,#20,#21);",
    "#62=PLANE('',#61);",
    "#63=PARABOLA('',#61,0.5);",
    "#64=CARTESIAN_POINT('',(2.,-2.,5.));",
    "#65=CARTESIAN_POINT('',(2.,2.,5.));",
    "#66=VERTEX_POINT('',#64);",
    "#67=VERTEX_POINT('',#65);",
    "#76=TRIMMED_CURVE('',#63,(PARAMETER_VALUE(-2.)),(PARAMETER_VALUE(2.)),.T.,.PARAMETER.);",
    "#68=EDGE_CURVE('',#66,#67,#76,.T.);",
    "#69=LINE('',#64,#46);",
    "#70=EDGE_CURVE('',#67,#66,#69,.F.);",
    "#71=ORIENTED_EDGE('',*,*,#68,.T.);",
    "#72=ORIENTED_EDGE('',*,*,#70,.T.);",
    "#73=EDGE_LOOP('',(#71,#72));",
    "#74=FACE_OUTER_BOUND('',#73,.T.);",
    "#75=ADVANCED_FACE('parabolic segment',(#74),#62,.T.);",
    "#80=OPEN_SHELL('',(#53,#75));",
    "#81=SHELL_BASED_SURFACE_MODEL('',(#80));",
    "#82=MANIFOLD_SURFACE_SHAPE_REPRESENTATION('conics',(#81,#31),#12);",
    "#83=PRODUCT_DEFINITION_SHAPE('','',#7);",
    '#84=SHAPE_DEFINITION_REPRESENTATION(#83,#82);',
  ];
  return ap214File('cadlens test: conic edges', 'conics.step', lines);
}
