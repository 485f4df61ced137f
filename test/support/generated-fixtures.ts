/**
 * Readers shared by the tests on generated fixtures (files the generator wrote, committed under test/fixtures).
 */
import { readFileSync } from 'node:fs';
import { readStep } from '../../src/formats/step/index.js';
import { readStl } from '../../src/formats/mesh/index.js';
import { buildPartFromStep } from '../../src/brep/index.js';
import { createHeuristicRecognizer, runRecognizers, type RecognitionOutput } from '../../src/stages/recognize/index.js';
import { testRecognizeContext } from './recognize-context.js';
import type { Part } from '../../src/model/part.js';

/** One true instance of a generated part (`generator.instances` of its label file). */
export interface GeneratedInstance {
  class: string;
  feature: number;
  faces: number[];
}

/** What the tests read of a generated part's label file. */
export interface GeneratedLabels {
  composites?: { type: string; faces: number[] }[];
  generator: { features: { kind: string }[]; instances: Record<string, GeneratedInstance> };
}

const ctx = testRecognizeContext;
const tier2 = createHeuristicRecognizer();

/**
 * Tier 2 on a part of test/fixtures/synthetic/convention/: the B-Rep part, Tier 2's combined answer and the
 * generator's labels.
 */
export async function tier2OnConventionFixture(name: string): Promise<{ part: Part; result: Awaited<ReturnType<typeof runRecognizers>>['result']; labels: GeneratedLabels }> {
  const part = buildPartFromStep(readStep(conventionFixtureStep(name)));
  const { result } = await runRecognizers(part, [tier2], ctx());
  return { part, result, labels: conventionFixtureLabels(name) };
}

/** The STEP bytes of a part of test/fixtures/synthetic/convention/. */
export function conventionFixtureStep(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/synthetic/convention/${name}.step`, import.meta.url)));
}

/** The generator's labels of a part of test/fixtures/synthetic/convention/. */
export function conventionFixtureLabels(name: string): GeneratedLabels {
  const [[, labels]] = JSON.parse(readFileSync(new URL(`../fixtures/synthetic/convention/${name}.json`, import.meta.url), 'utf8')) as [[string, GeneratedLabels]];
  return labels;
}

/** Instances as sorted lists of sorted face ids (comparable with `toEqual` whatever the order found). */
export const sortedInstances = (xs: number[][]) => xs.map((x) => [...x].sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);

/** The generator's instances of class `cls` in a label file, faces by STEP id ({@link sortedInstances}). */
export const trueInstancesOf = (labels: GeneratedLabels, cls: string) => sortedInstances(Object.values(labels.generator.instances).filter((i) => i.class === cls).map((i) => i.faces));

/**
 * Tier 2 on a committed generated part: its instances of class `cls` and the generator's (faces by STEP id, sorted), and
 * every face's class by STEP id.
 */
export async function tier2InstancesOnConventionFixture(name: string, cls: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
  return { predicted: sortedInstances(result.features.filter((f) => f.type === cls).map((f) => f.faces.map(stepId))), truth: trueInstancesOf(labels, cls), faceClass };
}

/**
 * Tier 2 on a committed generated part, read by STEP id: each face's class, the predicted features (faces sorted), the
 * predicted feature holding a face and the generator's true instance holding it.
 */
export async function tier2FacesOnConventionFixture(name: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const stepId = (i: number) => part.faces[i].stepId!;
  const faceClass = new Map(result.faces.map((f) => [stepId(f.faceIndex), f.className]));
  const features = result.features.map((f) => ({ type: f.type, faces: f.faces.map(stepId).sort((a, b) => a - b) }));
  const featureOf = (id: number) => features.find((f) => f.faces.includes(id));
  const truthOf = (id: number) => Object.values(labels.generator.instances).find((i) => i.faces.includes(id))!;
  return { faceClass, features, featureOf, truthOf };
}

/** Per triangle of a mesh part: the class a recognizer gave it and the index of its feature (-1: none). */
export function triangleAnswers(out: RecognitionOutput, triangleCount: number): { predicted: Int32Array; featureOf: Int32Array } {
  const predicted = new Int32Array(triangleCount).fill(-1);
  const featureOf = new Int32Array(triangleCount).fill(-1);
  for (const f of out.faces) for (const t of f.triangles ?? []) predicted[t] = f.classId;
  out.features.forEach((feat, k) => {
    for (const fi of feat.faces) for (const t of out.faces[fi].triangles ?? []) featureOf[t] = k;
  });
  return { predicted, featureOf };
}

/** What the tests read of a generated STL's label file (`NAME.stl.labels.json`): per triangle its class and B-Rep face. */
export interface GeneratedStlLabels {
  triangleClass: number[];
  triangleFace: number[];
}

/**
 * A part of test/fixtures/generated-stl/ (generator `--motion --stl`): its mesh, read anew on each call so a test
 * can hand a fresh copy to each step it checks, and its per-triangle labels.
 */
export function generatedStlFixture(name: string): { mesh: () => ReturnType<typeof readStl>['mesh']; labels: GeneratedStlLabels } {
  const base = new URL(`../fixtures/generated-stl/${name}`, import.meta.url).href;
  return {
    mesh: () => readStl(new Uint8Array(readFileSync(new URL(`${base}.stl`)))).mesh,
    labels: JSON.parse(readFileSync(new URL(`${base}.stl.labels.json`), 'utf8')) as GeneratedStlLabels,
  };
}

/**
 * {@link tier2OnConventionFixture} read by STEP face id, as the label files name faces: the part's face index of an id,
 * Tier 2's class name of a face and the index of the Tier 2 feature holding it (-1: none).
 */
export async function tier2ByStepId(name: string) {
  const { part, result, labels } = await tier2OnConventionFixture(name);
  const faceOf = new Map(part.faces.map((f, i) => [f.stepId!, i]));
  const classOf = (id: number) => result.faces[faceOf.get(id)!].className;
  const featureOf = (id: number) => result.features.findIndex((f) => f.faces.includes(faceOf.get(id)!));
  return { part, result, labels, faceOf, classOf, featureOf };
}
