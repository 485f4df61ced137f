/**
 * A validator's `stage` was not checked against the list it was placed in: a geometry validator given under
 * `validators.format` ran on the format stage's context (no `part`), threw, and surfaced only as a
 * `VALIDATOR_FAILED` finding on every file. Now the analyzer refuses it when it is created (`CONFIG_INVALID`),
 * naming the validator and both stages; so it does a misspelt list, which was never run.
 */
import { describe, expect, it } from 'vitest';
import { createNodeAnalyzer } from '../../src/runtime/node/analyze-file.js';
import { defaultInputValidators } from '../../src/stages/intake/index.js';
import { defaultFormatValidators } from '../../src/stages/validate/format/index.js';
import { defaultGeometryValidators } from '../../src/stages/validate/geometry/index.js';
import { defaultMeshGeometryValidators } from '../../src/stages/validate/mesh/index.js';
import { defaultParseValidators } from '../../src/stages/validate/parse/index.js';
import { defineValidator, type GeometryContext, type FormatContext } from '../../src/stages/validate/index.js';
import { isCadlensError } from '../../src/errors/index.js';

const fitsMachine = defineValidator<GeometryContext>({ id: 'acme/fits-machine', stage: 'geometry', validate: () => [] });

function configError(create: () => unknown): { code: string; message: string } {
  try {
    create();
  } catch (e) {
    if (isCadlensError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('created');
}

describe('a validator placed in the list of another stage is refused at creation', () => {
  it('a geometry validator under validators.format: CONFIG_INVALID naming it and both stages', () => {
    const err = configError(() => createNodeAnalyzer({ validators: { format: [...defaultFormatValidators, fitsMachine as never] } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe(`validators.format[${defaultFormatValidators.length}] (acme/fits-machine) is a validator of stage 'geometry', placed in the list of stage 'format' (validators.format)`);
  });

  it('a format validator under validators.geometry is refused the same way', () => {
    const formatCheck = defineValidator<FormatContext>({ id: 'acme/format', stage: 'format', validate: () => [] });
    const err = configError(() => createNodeAnalyzer({ validators: { geometry: [formatCheck as never] } }));
    expect(err.message).toMatch(/acme\/format\) is a validator of stage 'format', placed in the list of stage 'geometry'/);
  });

  it('a misspelt list and a validator without validate are refused', () => {
    expect(configError(() => createNodeAnalyzer({ validators: { geomtry: [fitsMachine] } as never })).message).toBe(
      'validators.geomtry is not a validator list (one of input, format, parse, geometry, meshGeometry)',
    );
    expect(configError(() => createNodeAnalyzer({ validators: { geometry: [{ id: 'acme/x', stage: 'geometry' } as never] } })).message).toBe(
      'validators.geometry[0] (acme/x) validate must be a function',
    );
  });

  it('every default list in its own place, and a mesh-geometry list of geometry validators, are accepted', async () => {
    const analyzer = createNodeAnalyzer({
      validators: {
        input: defaultInputValidators,
        format: defaultFormatValidators,
        parse: defaultParseValidators,
        geometry: [...defaultGeometryValidators, fitsMachine],
        meshGeometry: defaultMeshGeometryValidators,
      },
    });
    await analyzer.dispose();
  });
});
