"""Turned parts (opt-in, `--turned`): shafts, pins, bushes and flanged hubs — a bar turned along one axis.

A part is a bar of radius R (diameter 10-120 mm) along +z from z = 0 to z = L (L = 1-6 x the diameter; a flanged
hub is shorter). The bar's largest diameter and its two end faces are the stock (docs/labelling.md, "Stock":
turned parts). Then, as operations on the Builder, so every face is labelled and checked by the box mode's
machinery (Builder.cut / blend / verify / apply_convention):

1. turned sections: a reduced diameter at one or both ends (sometimes two steps), or, for a flanged hub, a long
   reduced hub behind a short flange (the flange keeps the largest diameter: stock). Each is a ring-shaped tool
   cut off the bar: `other_feature`, one instance per turned section, its shoulder with it;
2. an outside groove (circlip / O-ring) on one section: a turned section too, `other_feature`;
3. on the largest diameter: a flat running out at one end of it (`rectangular_through_step`, the floor its bottom)
   or a keyway running out the same way (`rectangular_blind_slot`), and 0-2 cross holes (`through_hole`);
4. an axial bore from an end face: through, blind (flat or drill point), counterbored, countersunk or
   counterdrilled (holes.py; a composite is one instance of the drill's class);
5. edge work: the outer circular edges of the end faces (sometimes of the shoulders too) chamfered (`chamfer`),
   the inner edges of the shoulders filleted (`round`) — one blend operation each, one instance per edge loop.

The draws come from a stream of their own (`turned_rng`), so part i of seed s depends only on (s, i); turned parts
are named `syn_t<s>_<i>`.
"""
import math
import random

import FreeCAD
import Part

from .builder import Builder
from .frames import Frame, polygon, prism
from .holes import HOLE_KINDS, cut_hole, draw_hole
from .provenance import Reject

V = FreeCAD.Vector
ATTEMPTS = 3
RING_OVERSHOOT_MM = 1.0
WALL_MM = 1.5  # material kept round an axial bore (its radius stays this far inside the smallest turned radius)
MARGIN_MM = 1.0  # between features along the axis
HOLE_WEIGHTS = (0.35, 0.25, 0.15, 0.15, 0.1)  # through, blind, counterbore, countersink, counterdrill


def turned_rng(seed, index):
    """The turned part's own stream: part (seed, index) of --turned depends only on (seed, index)."""
    return random.Random(seed * 1_000_003 + index * 7_919 + 60_000_011)


def _r(x):
    return round(x, 4)


def _axis_frame(z, toward_plus):
    """A frame on the end face at height z, n = +z or -z (the material below, as for every frame)."""
    if toward_plus:
        return Frame(V(0, 0, z), V(1, 0, 0), V(0, 1, 0), V(0, 0, 1), 0.0, 0.0, z, "+z-end")
    return Frame(V(0, 0, z), V(1, 0, 0), V(0, -1, 0), V(0, 0, -1), 0.0, 0.0, 0.0, "-z-end")


def _side_frame(radius, angle, depth, z0=0.0, down=False):
    """A frame tangent to a cylinder of `radius` at polar angle `angle`: n radial (outward), u across, v along +z
    from z0 (along -z when `down`, so a cut running out at the bar's far end still starts at v = 0)."""
    n = V(math.cos(angle), math.sin(angle), 0)
    eu = V(-math.sin(angle), math.cos(angle), 0)
    if down:
        return Frame(n * radius + V(0, 0, z0), eu * -1, V(0, 0, -1), n, 0.0, 0.0, depth, "radial")
    return Frame(n * radius + V(0, 0, z0), eu, V(0, 0, 1), n, 0.0, 0.0, depth, "radial")


def _ring(r_in, r_out, z0, z1):
    """The tool turning the bar down to r_in between z0 and z1: a tube from r_in to r_out."""
    outer = Part.makeCylinder(r_out, z1 - z0, V(0, 0, z0))
    inner = Part.makeCylinder(r_in, z1 - z0 + 4, V(0, 0, z0 - 2))
    return outer.cut(inner)


def _no_bottom(p, n):
    return False


def _floor(p, n):
    """Bottom rule of a radial cut (flat, keyway): the tool face facing back down the feed is the floor."""
    return n[2] < -0.5


# -- the turned profile -----------------------------------------------------------------------------------------
def draw_profile(rng):
    """(R, L, flange, [(z0, z1, radius)] turned sections cut off the bar's ends, ordered outermost last)."""
    flange = rng.random() < 0.2
    diameter = math.exp(rng.uniform(math.log(10.0), math.log(120.0)))
    R = diameter / 2
    if flange:  # a flange (the largest diameter) and a long hub
        L = diameter * rng.uniform(0.5, 1.5)
        a = L * rng.uniform(0.5, 0.8)
        left = rng.random() < 0.5
        r = R * rng.uniform(0.35, 0.7)
        z0, z1 = (0.0, a) if left else (L - a, L)
        return R, L, True, [(z0, z1, r)]
    L = diameter * math.exp(rng.uniform(0.0, math.log(6.0)))
    sections = []
    ends = rng.choice([(), (0,), (1,), (0, 1), (0, 1)])
    for end in ends:
        a = L * rng.uniform(0.1, 0.35)
        r = R * rng.uniform(0.55, 0.9)
        z0, z1 = (0.0, a) if end == 0 else (L - a, L)
        sections.append((z0, z1, r))
        if rng.random() < 0.3 and r * 0.9 - 2.0 > 1.0:  # a second, smaller journal at the very end
            b = a * rng.uniform(0.3, 0.6)
            r2 = r * rng.uniform(0.6, 0.9)
            sections.append((0.0, b, r2) if end == 0 else (L - b, L, r2))
    return R, L, False, sections


def main_span(R, L, sections):
    """(z0, z1) of the largest diameter left between the turned sections."""
    lo = max([s[1] for s in sections if s[0] == 0.0] + [0.0])
    hi = min([s[0] for s in sections if s[1] == L] + [L])
    return lo, hi


class Turned:
    """What the features need to know of the bar: its radius, length, the spans taken on the largest diameter."""

    def __init__(self, R, L, sections):
        self.R, self.L = R, L
        self.sections = sections
        self.span = main_span(R, L, sections)
        self.taken = []  # (z0, z1) taken on the largest diameter (grooves, flats, keyways, cross holes)
        self.min_radius = min([R] + [s[2] for s in sections])
        self.section_insts = set()  # instances of the turned sections (their shoulders get fillets and chamfers)

    def radius_at(self, z):
        """The turned radius at z before grooves (the smallest section covering z)."""
        return min([self.R] + [s[2] for s in self.sections if s[0] <= z <= s[1]])

    def free(self, z0, z1):
        return all(z1 + MARGIN_MM <= a or z0 - MARGIN_MM >= b for a, b in self.taken)


# -- operations ---------------------------------------------------------------------------------------------------
def turn_section(b, t, sec):
    """Turn the bar down to sec's radius between its z0 and z1 (step 1): one other_feature instance."""
    z0, z1, r = sec
    outer = max(t.R, max(s[2] for s in t.sections)) + RING_OVERSHOOT_MM
    lo, hi = (z0 - RING_OVERSHOOT_MM, z1) if z0 == 0.0 else (z0, z1 + RING_OVERSHOOT_MM)
    inst = b.new_instance("other_feature")
    b.cut(_ring(r, outer, lo, hi), "other_feature", inst, _axis_frame(hi, True), _no_bottom, "turned section")
    t.section_insts.add(inst)
    return {"z": [_r(z0), _r(z1)], "radius": _r(r)}


def groove(b, rng, t):
    """An outside circlip / O-ring groove on one section (step 2): a turned section, other_feature."""
    choices = [(t.span[0], t.span[1], t.R)] + [s for s in t.sections]
    z0, z1, r = rng.choice(choices)
    w = rng.uniform(0.8, max(0.9, min(6.0, 0.15 * r)))
    depth = rng.uniform(0.3, max(0.35, min(4.0, 0.12 * r)))
    lo, hi = z0 + w + MARGIN_MM, z1 - 2 * w - MARGIN_MM
    if hi <= lo or r - depth < 2.0:
        raise Reject("face-too-small", "groove")
    zg = rng.uniform(lo, hi)
    if r == t.R and not t.free(zg, zg + w):
        raise Reject("holes-overlap", "groove")
    inst = b.new_instance("other_feature")
    b.cut(_ring(r - depth, r + RING_OVERSHOOT_MM, zg, zg + w), "other_feature", inst, _axis_frame(zg + w, True),
          _no_bottom, "groove")
    if r == t.R:
        t.taken.append((zg, zg + w))
    t.min_radius = min(t.min_radius, r - depth)
    return "groove", {"z": [_r(zg), _r(zg + w)], "radius": _r(r), "depth": _r(depth)}


def _runout(rng, t, depth, length):
    """(at the low end, reach from that bar end) of a flat or keyway running out at one end of the largest diameter,
    or Reject. The tool reaches past the bar (or over the turned section there, which it must not touch: its floor
    stays above that radius)."""
    lo, hi = t.span
    if hi - lo < length + 2 * MARGIN_MM:
        raise Reject("face-too-small", "runout")
    at_low = rng.random() < 0.5
    if at_low:
        neighbour = t.radius_at(lo - 1e-3) if lo > 0 else 0.0
    else:
        neighbour = t.radius_at(hi + 1e-3) if hi < t.L else 0.0
    if t.R - depth <= neighbour + 0.5:
        raise Reject("too-shallow", "runout over a turned section")
    z0, z1 = (lo, lo + length) if at_low else (hi - length, hi)
    if not t.free(z0, z1):
        raise Reject("holes-overlap", "runout")
    t.taken.append((z0, z1))
    return at_low, (z1 if at_low else t.L - z0)


def flat_or_keyway(b, rng, t):
    """A flat (rectangular_through_step) or a keyway (rectangular_blind_slot) on the largest diameter (step 3)."""
    keyway = rng.random() < 0.5
    R = t.R
    span = t.span[1] - t.span[0]
    length = span * rng.uniform(0.2, 0.6)
    angle = rng.uniform(0, 2 * math.pi)
    if keyway:
        w = 2 * R * rng.uniform(0.15, 0.3)
        depth = R * rng.uniform(0.1, 0.25)
        u0, u1 = -w / 2, w / 2
        kind = "rectangular_blind_slot"
    else:
        depth = R * rng.uniform(0.05, 0.2)
        u0, u1 = -R - RING_OVERSHOOT_MM, R + RING_OVERSHOOT_MM
        kind = "rectangular_through_step"
    if depth < 0.5:
        raise Reject("too-shallow", kind)
    at_low, reach = _runout(rng, t, depth, length)
    # v from the bar end the cut runs out at: a blind slot's end wall faces -v, as in the box mode (shape_left.py)
    frame = _side_frame(R, angle, 2 * R, 0.0 if at_low else t.L, not at_low)
    v0 = -RING_OVERSHOOT_MM
    inst = b.new_instance(kind)
    b.cut(prism(frame, polygon([(u0, v0), (u1, v0), (u1, reach), (u0, reach)]), depth), kind, inst, frame, _floor,
          kind)
    return kind, {"angle_deg": _r(math.degrees(angle)), "depth": _r(depth), "u": [_r(u0), _r(u1)],
                  "from_end": "-z" if at_low else "+z", "reach": _r(reach)}


def cross_hole(b, rng, t):
    """A through hole across the largest diameter (step 3)."""
    R = t.R
    r = rng.uniform(1.0, max(1.05, 0.25 * R))
    lo, hi = t.span[0] + r + MARGIN_MM, t.span[1] - r - MARGIN_MM
    if hi <= lo:
        raise Reject("face-too-small", "cross hole")
    zc = rng.uniform(lo, hi)
    if not t.free(zc - r, zc + r):
        raise Reject("holes-overlap", "cross hole")
    angle = rng.uniform(0, math.pi)
    frame = _side_frame(R, angle, 2 * R)
    spec = {"kind": "through_hole", "through": True, "point": False, "radius": r}
    # the hole centre is at v = zc: the frame's v axis is +z from z = 0
    cut_hole(b, frame, 0.0, zc, spec)
    t.taken.append((zc - r, zc + r))
    return "through_hole", {"angle_deg": _r(math.degrees(angle)), "z": _r(zc), "radius": _r(r)}


def axial_bore(b, rng, t):
    """A bore along the axis from one end face (step 4): holes.py's drills and composites."""
    kind = rng.choices(HOLE_KINDS, HOLE_WEIGHTS)[0]
    cap = t.min_radius - WALL_MM
    if cap < 1.0:
        raise Reject("face-too-small", "axial bore")
    r_out = rng.uniform(min(1.0, cap), max(1.0, min(cap, 0.7 * t.min_radius)))
    top = rng.random() < 0.5
    frame = _axis_frame(t.L if top else 0.0, top)
    frame.D = t.L
    spec = draw_hole(rng, kind, r_out, t.L)
    cut_hole(b, frame, 0.0, 0.0, spec)
    return f"axial_{kind}", {"end": "+z" if top else "-z",
                             "hole": {k: (_r(x) if isinstance(x, float) else x) for k, x in spec.items()}}


# -- edge work ----------------------------------------------------------------------------------------------------
def _circle_edges(b):
    """(edge, plane face index, cylinder face index, convex) for each closed circular edge where a plane normal to
    the axis meets a cylinder about it. Convex: the edge is the plane's outer rim (an end or shoulder corner)."""
    out = []
    for e, faces in b.edge_faces().values():
        if len(faces) != 2 or not e.isClosed() or e.Curve.TypeId != "Part::GeomCircle":
            continue
        kinds = [b.shape.Faces[i].Surface.TypeId for i in faces]
        if sorted(kinds) != ["Part::GeomCylinder", "Part::GeomPlane"]:
            continue
        plane, cyl = (faces[0], faces[1]) if kinds[0] == "Part::GeomPlane" else (faces[1], faces[0])
        axis = b.shape.Faces[cyl].Surface.Axis
        if abs(axis.z) < 0.999 or math.hypot(e.Curve.Center.x, e.Curve.Center.y) > 1e-6:
            continue
        rim = max(x.Curve.Radius for x in b.shape.Faces[plane].Edges if x.Curve.TypeId == "Part::GeomCircle")
        out.append((e, plane, cyl, e.Curve.Radius >= rim - 1e-6))
    return out


def _is_end(b, plane_face, t):
    z = b.shape.Faces[plane_face].CenterOfMass.z
    return abs(z) < 1e-6 or abs(z - t.L) < 1e-6


def end_chamfers(b, rng, t):
    """Chamfer the outer rims of the end faces (sometimes of the shoulders too): one blend operation (step 5)."""
    shoulders = rng.random() < 0.4
    edges = [e for e, plane, cyl, convex in _circle_edges(b)
             if convex and (_is_end(b, plane, t) or shoulders and b.labels[plane][1] in t.section_insts)]
    if not edges:
        raise Reject("no-edges-to-blend", "end chamfer")
    cap = min(3.0, 0.1 * t.min_radius, min(sec[1] - sec[0] for sec in t.sections) * 0.3 if t.sections else 3.0,
              min((t.R - s[2]) * 0.4 for s in t.sections) if shoulders and t.sections else 3.0)
    size = rng.uniform(0.3, max(0.35, cap))
    b.blend("chamfer", edges, size, "end chamfer")
    return "chamfer", {"where": "end and shoulder rims" if shoulders else "end rims", "size": _r(size),
                       "edges": len(edges)}


def shoulder_fillets(b, rng, t):
    """Fillet the inner edges of the shoulders (turned section corners): one blend operation (step 5)."""
    edges = [e for e, plane, cyl, convex in _circle_edges(b)
             if not convex and b.labels[cyl][1] == b.labels[plane][1] and b.labels[cyl][1] in t.section_insts]
    if not edges:
        raise Reject("no-edges-to-blend", "shoulder fillet")
    cap = min(3.0, min(s[1] - s[0] for s in t.sections) * 0.3, min(t.R - s[2] for s in t.sections) * 0.4)
    size = rng.uniform(0.2, max(0.25, cap))
    b.blend("round", edges, size, "shoulder fillet")
    return "round", {"where": "shoulders", "size": _r(size), "edges": len(edges)}


# -- the part -----------------------------------------------------------------------------------------------------
def build_turned(seed, index):
    """The turned, labelled part of (seed, index), or Reject. Returns (builder, solid, record) like part.build."""
    rng = turned_rng(seed, index)
    R, L, flange, sections = draw_profile(rng)
    bar = Part.makeCylinder(R, L, V(0, 0, 0), V(0, 0, 1))
    b = Builder(2 * R, 2 * R, L, base=bar)
    t = Turned(R, L, sections)
    rejected, plan = {}, []

    def attempt(what, op, tries=ATTEMPTS):
        """op() -> (kind, params): one feature, drawn again when rejected (Builder.try_feature); the bar's taken
        positions and smallest radius are put back with the shape."""
        plan.append(what)

        def restore(state):
            t.taken, t.min_radius = state

        return b.try_feature(op, rejected, tries, save=lambda: (list(t.taken), t.min_radius), restore=restore)

    for sec in sections:  # larger first: a second journal is turned out of the first
        attempt("turned section", lambda sec=sec: ("turned_section", turn_section(b, t, sec)), 1)
    if rng.random() < 0.4:
        attempt("groove", lambda: groove(b, rng, t))
    if rng.random() < 0.4:
        attempt("flat or keyway", lambda: flat_or_keyway(b, rng, t))
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        attempt("cross hole", lambda: cross_hole(b, rng, t))
    if rng.random() < (0.9 if flange else 0.55):
        attempt("axial bore", lambda: axial_bore(b, rng, t))
    if rng.random() < 0.6:
        attempt("end chamfer", lambda: end_chamfers(b, rng, t), 1)
    if sections and rng.random() < 0.4:
        attempt("shoulder fillet", lambda: shoulder_fillets(b, rng, t), 1)
    if len(b.features) < 2:
        raise Reject("too-few-features", f"{len(b.features)} applied")
    solid = b.verify()
    b.apply_convention()
    info = {"stock": [_r(2 * R), _r(2 * R), _r(L)], "plan": plan, "rejected": rejected,
            "turned": {"radius": _r(R), "length": _r(L), "flange": flange,
                       "sections": [[_r(z0), _r(z1), _r(r)] for z0, z1, r in sections]}}
    return b, solid, info
