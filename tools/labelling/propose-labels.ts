/**
 * A rule-based first guess of a part's labels, written as a spec draft for the labeller to correct.
 * It only speeds up typing: every line it writes is checked against the renders and the face table
 * before it goes into a spec, and faces it cannot place are left as an `# undecided` comment so the
 * builder refuses the draft until a human decides them.
 * @internal
 */
import type { FaceFact } from './face-facts.js';

const TOL = 1e-3;

function sameAxis(a: FaceFact, b: FaceFact, tolMm: number): boolean {
  if (!a.direction || !b.direction || !a.origin || !b.origin) return false;
  const d = a.direction[0] * b.direction[0] + a.direction[1] * b.direction[1] + a.direction[2] * b.direction[2];
  if (Math.abs(Math.abs(d) - 1) > 1e-4) return false;
  const v = [b.origin[0] - a.origin[0], b.origin[1] - a.origin[1], b.origin[2] - a.origin[2]];
  const along = v[0] * a.direction[0] + v[1] * a.direction[1] + v[2] * a.direction[2];
  const off = Math.hypot(v[0] - along * a.direction[0], v[1] - along * a.direction[1], v[2] - along * a.direction[2]);
  return off < tolMm;
}

function isAxisAligned(d: readonly number[]): boolean {
  return d.filter((x) => Math.abs(Math.abs(x) - 1) < TOL).length === 1;
}

/** Draft spec lines for the faces of one solid. */
export function proposeSpec(facts: readonly FaceFact[], bbox: { min: number[]; max: number[] }): string {
  const byId = new Map(facts.map((f) => [f.stepId, f]));
  const size = Math.hypot(bbox.max[0] - bbox.min[0], bbox.max[1] - bbox.min[1], bbox.max[2] - bbox.min[2]);
  const tolMm = 1e-4 * size + 1e-6;
  const decided = new Map<number, string>();
  const lines: string[] = [];

  // Stock: planes on the bounding box.
  const stock: number[] = [];
  for (const f of facts) {
    if (f.surfaceType !== 'plane' || !f.direction || !f.axialRange || !isAxisAligned(f.direction)) continue;
    const k = f.direction.findIndex((x) => Math.abs(Math.abs(x) - 1) < TOL);
    const pos = f.centroid[k];
    if (Math.abs(pos - bbox.min[k]) < tolMm * 10 || Math.abs(pos - bbox.max[k]) < tolMm * 10) stock.push(f.stepId);
  }
  for (const id of stock) decided.set(id, 'stock');
  if (stock.length) lines.push(`stock: ${stock.join(' ')}  # planes on the bounding box`);

  // Holes: connected groups of inward cylinders/cones on one axis, with the planes that close or step them.
  let n = 0;
  for (const f of facts) {
    if (decided.has(f.stepId) || !f.inward || (f.surfaceType !== 'cylinder' && f.surfaceType !== 'cone')) continue;
    const group = [f];
    decided.set(f.stepId, 'hole');
    for (let i = 0; i < group.length; i++) {
      for (const nb of group[i].neighbours) {
        const g = byId.get(nb.stepId);
        if (!g || decided.has(g.stepId)) continue;
        const revolved = (g.surfaceType === 'cylinder' || g.surfaceType === 'cone') && g.inward && sameAxis(f, g, tolMm * 10);
        const perpendicularPlane =
          g.surfaceType === 'plane' && g.direction && f.direction && Math.abs(Math.abs(g.direction[0] * f.direction[0] + g.direction[1] * f.direction[1] + g.direction[2] * f.direction[2]) - 1) < 1e-4 && nb.convexity === 'concave';
        if (revolved || perpendicularPlane) {
          group.push(g);
          decided.set(g.stepId, 'hole');
        }
      }
    }
    const floors = group.filter((g) => g.surfaceType === 'plane');
    const disc = floors.filter((g) => g.loops === 1);
    const radii = new Set(group.filter((g) => g.surfaceType === 'cylinder').map((g) => g.radius?.toFixed(3)));
    const cls = disc.length ? 'blind_hole' : 'through_hole';
    const composite = radii.size > 1 && floors.length > disc.length ? ' composite=counterbore' : '';
    const bottom = floors.length ? ` bottom=${floors.map((g) => g.stepId).join(',')}` : '';
    lines.push(`${cls} h${++n}${composite}${bottom}: ${group.map((g) => g.stepId).join(' ')}  # r=${[...radii].join('/')}`);
  }

  // Rounds: outward cylinders/tori joined smoothly to their neighbours; chamfers: 45° planes between convex edges.
  let r = 0;
  for (const f of facts) {
    if (decided.has(f.stepId)) continue;
    const smooth = f.neighbours.filter((nb) => nb.convexity === 'smooth').length;
    if ((f.surfaceType === 'cylinder' || f.surfaceType === 'torus') && smooth >= 2 && f.radius !== null && f.radius < 0.1 * size) {
      decided.set(f.stepId, 'round');
      lines.push(`round r${++r}: ${f.stepId}  # r=${f.radius} ${f.inward ? 'concave' : 'convex'}`);
    } else if (f.surfaceType === 'plane' && f.neighbours.filter((nb) => nb.convexity === 'convex' && Math.abs(nb.dihedralDeg - 45) < 1).length >= 2) {
      decided.set(f.stepId, 'chamfer');
      lines.push(`chamfer c${++r}: ${f.stepId}`);
    }
  }
  const undecided = facts.filter((f) => !decided.has(f.stepId)).map((f) => f.stepId);
  if (undecided.length) lines.push(`# undecided: ${undecided.join(' ')}`);
  return lines.join('\n') + '\n';
}
