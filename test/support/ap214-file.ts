/**
 * The frame of a hand-written AP214 test file: the context entities #1–#13 and the ISO 10303-21 header. A test's own
 * entities start at #14 or above; the shape representation refers to #12 (the 3-D context), pcurves to #13 (a 2-D
 * parametric one), the product definition is #7.
 */

/** Entities #1–#13: application and product contexts for product `product`, mm / radian / steradian units, a 1e-7 mm
 * distance uncertainty, the 3-D geometric context (#12) and a 2-D parametric one (#13). */
export function ap214ContextLines(product: string): string[] {
  return [
    "#1=APPLICATION_CONTEXT('core data for automotive mechanical design processes');",
    "#2=APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,#1);",
    "#3=PRODUCT_CONTEXT('',#1,'mechanical');",
    `#4=PRODUCT('${product}','${product}','',(#3));`,
    "#5=PRODUCT_DEFINITION_FORMATION('','',#4);",
    "#6=PRODUCT_DEFINITION_CONTEXT('part definition',#1,'design');",
    "#7=PRODUCT_DEFINITION('design','',#5,#6);",
    '#8=(LENGTH_UNIT()NAMED_UNIT(*)SI_UNIT(.MILLI.,.METRE.));',
    '#9=(NAMED_UNIT(*)PLANE_ANGLE_UNIT()SI_UNIT($,.RADIAN.));',
    '#10=(NAMED_UNIT(*)SI_UNIT($,.STERADIAN.)SOLID_ANGLE_UNIT());',
    "#11=UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-07),#8,'distance_accuracy_value','confusion accuracy');",
    "#12=(GEOMETRIC_REPRESENTATION_CONTEXT(3)GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT((#11))GLOBAL_UNIT_ASSIGNED_CONTEXT((#8,#9,#10))REPRESENTATION_CONTEXT('3D','3D'));",
    "#13=(GEOMETRIC_REPRESENTATION_CONTEXT(2)PARAMETRIC_REPRESENTATION_CONTEXT()REPRESENTATION_CONTEXT('2D',''));",
  ];
}

/** A whole ISO 10303-21 file (AP214 schema, a fixed header date) around `dataLines`. */
export function ap214File(description: string, fileName: string, dataLines: readonly string[]): string {
  return [
    'ISO-10303-21;',
    'HEADER;',
    `FILE_DESCRIPTION(('${description}'),'2;1');`,
    `FILE_NAME('${fileName}','2026-12-07T00:00:00',('cadlens'),('cadlens'),'cadlens test','cadlens','');`,
    "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));",
    'ENDSEC;',
    'DATA;',
    ...dataLines,
    'ENDSEC;',
    'END-ISO-10303-21;',
    '',
  ].join('\n');
}
