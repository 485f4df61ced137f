import type { StepEntity, StepFile, StepValue } from './step-types.js';

/**
 * The ids of every entity reachable from `roots` by following references (the roots included). Entities
 * that are missing or fail to decode end the walk there; the reference check reports them. Iterative, so a
 * long chain cannot overflow the stack, and linear in the entities and references reached.
 */
export function entitiesReachableFrom(file: StepFile, roots: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const todo: number[] = [];
  for (const r of roots) if (!seen.has(r)) (seen.add(r), todo.push(r));
  const values: StepValue[] = [];
  while (todo.length > 0) {
    const id = todo.pop()!;
    let entity: StepEntity | undefined;
    try {
      entity = file.get(id);
    } catch {
      entity = undefined;
    }
    if (!entity) continue;
    if (entity.parts) for (const p of entity.parts) values.push(...p.args);
    else values.push(...entity.args);
    while (values.length > 0) {
      const v = values.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) values.push(...v);
      else if (v.kind === 'ref') {
        if (!seen.has(v.id)) (seen.add(v.id), todo.push(v.id));
      } else if (v.kind === 'typed') values.push(v.value);
    }
  }
  return seen;
}
