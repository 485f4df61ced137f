"""Drilled holes at a given centre with given sizes: the hole patterns of profiled plates (plates.py).

The box mode's hole builders (features.py) draw their sizes while they cut, one hole per draw; a pattern needs the
same hole at several centres, so here the sizes are drawn once (`draw_hole`) and each hole is cut from them
(`cut_hole`). The cuts, labels and joins are the box mode's: `Builder.cut` with a tool body whose faces carry the
class, instance and bottom flag, and a composite's extra tool joined into its drill (docs/labelling.md, "Holes":
one instance of the drill's class, tagged in `composites`). New here: a blind drill can end in a drill-point cone
(its bottom face, docs/labelling.md "Bottom faces"), and the `counterdrill` composite (a larger drill, point and
all, then the hole: bore + conical step + hole is one instance, the conical step its bottom).
"""
import math

import Part

from .frames import OVERSHOOT, cone, cylinder
from .provenance import Reject

DRILL_HALF_ANGLE_DEG = 59.0  # a 118 degree twist-drill point
CLEARANCE_MM = 1.0
MIN_FLOOR_MM = 1.0  # material left under a blind hole's deepest point
HOLE_KINDS = ("through_hole", "blind_hole", "counterbore", "countersink", "counterdrill")


def _tip(r):
    return r / math.tan(math.radians(DRILL_HALF_ANGLE_DEG))


def _drilled(frame, u, v, r, depth, point, top=OVERSHOOT):
    """A drill's tool body: a cylinder from z = +top down to z = -depth, ending in a drill-point cone or flat."""
    if not point:
        return cylinder(frame, u, v, r, depth, top)
    pts = [frame.point(u, v, z) + frame.eu * rr for rr, z in
           ((0.0, top), (r, top), (r, -depth), (0.0, -depth - _tip(r)))]
    return Part.Face(Part.makePolygon(pts + [pts[0]])).revolve(frame.point(u, v, 0.0), frame.n, 360)


def _below(p, n):
    """Bottom rule of a drill: a face facing back down the feed (flat floor, drill-point cone, conical step)."""
    return n[2] < -0.5


def _no_bottom(p, n):
    return False


def _drill(b, frame, u, v, r, depth, through, point, what):
    kind = "through_hole" if through else "blind_hole"
    inst = b.new_instance(kind)
    tool = cylinder(frame, u, v, r, frame.D + OVERSHOOT) if through else _drilled(frame, u, v, r, depth, point)
    b.cut(tool, kind, inst, frame, _no_bottom if through else _below, what)
    return inst


def _composite(b, first, drill, kind):
    b.require_faces(first, kind)
    b.composites.append({"type": kind, "instances": [first, drill]})
    b.join([first], drill)  # docs/labelling.md: the whole stack is one hole, of the drill's class


def draw_hole(rng, kind, r_out, depth_mm):
    """Sizes of one hole of `kind` whose largest radius (at the face) is r_out, in material depth_mm deep.
    Returns a dict (written to the label file) or raises Reject when the hole cannot fit."""
    through = kind == "through_hole" or (kind != "blind_hole" and rng.random() < 0.65)
    spec = {"kind": kind, "through": through, "point": rng.random() < 0.6}
    room = depth_mm - MIN_FLOOR_MM  # the deepest point of a blind hole stays this far above the far face
    if kind in ("through_hole", "blind_hole"):
        spec["radius"] = r_out
        if not through:
            hi = room - (_tip(r_out) if spec["point"] else 0.0)
            if hi < 1.5:
                raise Reject("too-shallow", kind)
            spec["depth"] = rng.uniform(max(1.5, 0.3 * hi), hi)
        return spec
    r_dr = r_out * rng.uniform(0.45, 0.7)
    spec.update(outer_radius=r_out, drill_radius=r_dr)
    if kind == "countersink":
        spec["half_angle_deg"] = rng.choice([41.0, 45.0, 50.0, 60.0])  # 82, 90, 100, 120 degree countersinks
        first = r_out / math.tan(math.radians(spec["half_angle_deg"]))  # the cone's apex depth
    else:
        first_hi = min(0.5 * depth_mm, room - 1.5)
        if first_hi < 0.8:
            raise Reject("too-shallow", kind)
        spec["outer_depth"] = rng.uniform(0.8, first_hi)
        first = spec["outer_depth"] + (_tip(r_out) if kind == "counterdrill" else 0.0)
    if first > room - 0.5:
        raise Reject("too-shallow", kind)
    if not through:
        hi = room - (_tip(r_dr) if spec["point"] else 0.0)
        lo = first + 0.5
        if hi <= lo:
            spec["through"] = True
        else:
            spec["drill_depth"] = rng.uniform(lo, hi)
    return spec


def cut_hole(b, frame, u, v, spec):
    """Cut one hole of `spec` (draw_hole) centred at (u, v) of `frame`; returns its instance id (the drill's)."""
    kind, through, point = spec["kind"], spec["through"], spec["point"]
    if kind in ("through_hole", "blind_hole"):
        return _drill(b, frame, u, v, spec["radius"], spec.get("depth"), through, point, kind)
    r_out, r_dr = spec["outer_radius"], spec["drill_radius"]
    if kind == "counterbore":
        d = spec["outer_depth"]
        first = b.new_instance("blind_hole")
        b.cut(cylinder(frame, u, v, r_out, d), "blind_hole", first, frame, _below, "counterbore")
    elif kind == "counterdrill":
        first = b.new_instance("blind_hole")
        b.cut(_drilled(frame, u, v, r_out, spec["outer_depth"], True), "blind_hole", first, frame, _below,
              "counterdrill")
    else:
        first = b.new_instance("chamfer")
        b.cut(cone(frame, u, v, r_out, spec["half_angle_deg"]), "chamfer", first, frame, _no_bottom, "countersink")
    drill = _drill(b, frame, u, v, r_dr, spec.get("drill_depth"), spec["through"], point, f"{kind} drill")
    _composite(b, first, drill, kind)
    return drill
