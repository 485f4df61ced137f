"""Profiled plates (opt-in, `--plates`): the parts real customers send most — an extruded outline, not a box.

A part is a plate 3-30 mm thick whose outline is a rectangle or an L, U or T (a union of rectangles), extruded
along +z from z = 0. That extruded outline is the stock (docs/labelling.md, "Stock": the two large faces and the
outline walls of a profiled plate are stock, the inner walls of an L, U or T included). Then, as operations on the
Builder, so every face is labelled and checked by the box mode's machinery (Builder.cut / blend / verify /
apply_convention):

1. outline corners: vertical convex corners rounded or cut at 45 degrees, concave corners filleted — each corner
   its own blend operation, one `round` / `chamfer` instance (docs/labelling.md);
2. edge features on straight outline edges: notches through the thickness (`rectangular_through_slot`, floor = the
   notch's inner wall, "Through/blind by direction"), half-round notches (`circular_through_slot`), blind slots
   from the top at an edge, a rebate at a sharp corner (`rectangular_blind_step`) — the box mode's builders in a
   frame on that edge, kept small (a quarter of the edge and of the room behind it) so a notch never looks like
   the opening of a U;
3. pockets, windows and the box mode's pocket composites on the top (sometimes the bottom) face, inside one
   rectangle of the outline (features.apply in that rectangle's frame);
4. hole patterns (grid, row, bolt circle with an optional centre bore) of through / blind holes (flat or
   drill-point bottom) and counterbores, countersinks and counterdrills (holes.py), on the top and sometimes the
   bottom face;
5. an edge break: the top (and sometimes the bottom) outline edges chamfered or rounded, one operation.

The draws come from a stream of their own (`plate_rng`), so part i of seed s depends only on (s, i); plate parts
are named `syn_p<s>_<i>` so they never collide with the box parts of the same seed.
"""
import math
import random

import FreeCAD
import Part

from .builder import Builder
from .classes import STOCK
from .features import _corner_step, _slot, apply as apply_feature
from .frames import Frame
from .holes import HOLE_KINDS, cut_hole, draw_hole
from .provenance import Reject, outward_normal

V = FreeCAD.Vector
ATTEMPTS = 3
PATTERN_ATTEMPTS = 5  # most rejected patterns overlap earlier holes, found before any cut: cheap to draw again
CLEARANCE_MM = 1.0
SHAPES = (("rect", 0.45), ("L", 0.25), ("U", 0.15), ("T", 0.15))
CORNER_STYLES = (("sharp", 0.2), ("round", 0.35), ("chamfer", 0.1), ("mixed", 0.35))
EDGE_KINDS = (("rectangular_through_slot", 0.55), ("circular_through_slot", 0.15), ("rectangular_blind_slot", 0.15),
              ("rectangular_blind_step", 0.15))
NOTCH_SHARE = 0.35  # a notch spans at most this share of its edge (and of the room behind it) before _slot's 0.1-0.7
REGION_KINDS = (("rectangular_pocket", 3), ("circular_end_pocket", 2), ("pocket_corner_fillet", 3),
                ("pocket_floor_fillet", 1), ("rectangular_passage", 2), ("6sides_pocket", 0.5),
                ("triangular_pocket", 0.5), ("Oring", 0.5), ("hole_on_floor", 1), ("6sides_passage", 0.3),
                ("triangular_passage", 0.3))
HOLE_WEIGHTS = (0.3, 0.15, 0.2, 0.17, 0.18)  # through, blind, counterbore, countersink, counterdrill
MAX_HOLES = 24  # per part: keeps a part to a few seconds


def plate_rng(seed, index):
    """The plate's own stream (not the box part's): part (seed, index) of --plates depends only on (seed, index)."""
    return random.Random(seed * 1_000_003 + index * 7_919 + 40_000_039)


def _pick(rng, weighted):
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _r(x):
    return round(x, 4)


# -- the outline ----------------------------------------------------------------------------------------------
def draw_outline(rng):
    """(shape, width, height, thickness, CCW outline points, regions): the outline in [0, w] x [0, h]; regions are
    rectangles (x0, y0, x1, y1) of material that features are placed in."""
    t = math.exp(rng.uniform(math.log(3.0), math.log(30.0)))  # thin plates are the common ones
    w = rng.uniform(max(30.0, 3 * t), 180.0)
    h = rng.uniform(max(20.0, 2 * t), w)
    shape = _pick(rng, SHAPES)
    if shape == "rect":
        return shape, w, h, t, [(0, 0), (w, 0), (w, h), (0, h)], [(0, 0, w, h)]
    if shape == "L":  # the top-right corner taken away
        a, c = w * rng.uniform(0.35, 0.65), h * rng.uniform(0.35, 0.65)
        pts = [(0, 0), (w, 0), (w, h - c), (w - a, h - c), (w - a, h), (0, h)]
        return shape, w, h, t, pts, [(0, 0, w, h - c), (0, 0, w - a, h)]
    if shape == "U":  # an opening in the top side
        a, c = w * rng.uniform(0.3, 0.5), h * rng.uniform(0.35, 0.65)
        x0 = rng.uniform(0.2 * w, 0.8 * w - a)
        pts = [(0, 0), (w, 0), (w, h), (x0 + a, h), (x0 + a, h - c), (x0, h - c), (x0, h), (0, h)]
        return shape, w, h, t, pts, [(0, 0, w, h - c), (0, 0, x0, h), (x0 + a, 0, w, h)]
    a, c = w * rng.uniform(0.3, 0.55), h * rng.uniform(0.35, 0.6)  # T: a bar of height c on a stem of width a
    x0 = rng.uniform(0.1 * w, 0.9 * w - a)
    pts = [(x0, 0), (x0 + a, 0), (x0 + a, h - c), (w, h - c), (w, h), (0, h), (0, h - c), (x0, h - c)]
    return shape, w, h, t, pts, [(0, h - c, w, h), (x0, 0, x0 + a, h)]


def extrude(pts, t):
    face = Part.Face(Part.makePolygon([V(x, y, 0) for x, y in pts] + [V(pts[0][0], pts[0][1], 0)]))
    solid = face.extrude(V(0, 0, t))
    if solid.Volume < 0:
        solid.reverse()
    return solid


def _corners(pts):
    """Per vertex: (point, incoming unit direction, outgoing unit direction, incoming length, outgoing length, convex)."""
    out = []
    n = len(pts)
    for i in range(n):
        p0, p1, p2 = pts[i - 1], pts[i], pts[(i + 1) % n]
        din = (p1[0] - p0[0], p1[1] - p0[1])
        dout = (p2[0] - p1[0], p2[1] - p1[1])
        lin, lout = math.hypot(*din), math.hypot(*dout)
        din, dout = (din[0] / lin, din[1] / lin), (dout[0] / lout, dout[1] / lout)
        out.append((p1, din, dout, lin, lout, din[0] * dout[1] - din[1] * dout[0] > 0))
    return out


def _room(pts, p, d):
    """Distance from p (on the outline) inward along d to the outline: the material behind an edge."""
    best = math.inf
    for i in range(len(pts)):
        (ax, ay), (bx, by) = pts[i], pts[(i + 1) % len(pts)]
        ex, ey = bx - ax, by - ay
        den = d[0] * ey - d[1] * ex
        if abs(den) < 1e-12:
            continue
        s = ((ax - p[0]) * ey - (ay - p[1]) * ex) / den  # along d
        q = ((ax - p[0]) * d[1] - (ay - p[1]) * d[0]) / den  # along the edge
        if s > 1e-6 and -1e-9 <= q <= 1 + 1e-9:
            best = min(best, s)
    return best


# -- frames on the plate ----------------------------------------------------------------------------------------
def region_frame(region, t, top, inset):
    """A frame on the top (n = +z) or bottom (n = -z) face over `region`, shrunk by `inset` on every side."""
    x0, y0, x1, y1 = region[0] + inset, region[1] + inset, region[2] - inset, region[3] - inset
    if top:
        return Frame(V(x0, y0, t), V(1, 0, 0), V(0, 1, 0), V(0, 0, 1), x1 - x0, y1 - y0, t, "+z")
    return Frame(V(x0, y1, 0), V(1, 0, 0), V(0, -1, 0), V(0, 0, -1), x1 - x0, y1 - y0, t, "-z")


def edge_frame(p, d, offset, length, room, t):
    """A frame on the top face whose v = 0 edge is the outline edge from p along d (the box mode's edge features
    start there): u along the edge from `offset`, v inward (the material), n = +z."""
    return Frame(V(p[0] + d[0] * offset, p[1] + d[1] * offset, t), V(d[0], d[1], 0), V(-d[1], d[0], 0),
                 V(0, 0, 1), length, room, t, "+z-edge")


def corner_frame(p, din, dout, t):
    """A frame on the top face at a convex outline corner: u along the outgoing edge, v back along the incoming one."""
    return Frame(V(p[0], p[1], t), V(dout[0], dout[1], 0), V(-din[0], -din[1], 0), V(0, 0, 1), 0, 0, t, "+z-corner")


# -- operations ---------------------------------------------------------------------------------------------------
def _vertical_edge(b, p):
    for e in b.shape.Edges:
        if len(e.Vertexes) == 2 and all(abs(v.X - p[0]) < 1e-6 and abs(v.Y - p[1]) < 1e-6 for v in e.Vertexes):
            return e
    raise Reject("no-edges-to-blend", f"corner {p}")


def corner_blend(b, corner, kind, size):
    """Round or 45-degree chamfer of one vertical outline corner: a blend operation of its own."""
    p, convex = corner[0], corner[5]
    b.blend(kind, [_vertical_edge(b, p)], size, f"outline corner {kind}")
    return {"where": "outline corner", "corner": [_r(p[0]), _r(p[1])], "convex": convex, "size": _r(size)}


def corner_plan(rng, corners):
    """[(corner, kind, size)]: the corner treatment of the outline (one style per part, as drawings have it)."""
    style = _pick(rng, CORNER_STYLES)
    plan = []
    shared = None
    for c in corners:
        cap = min(15.0, 0.3 * min(c[3], c[4]))
        if cap < 1.0:
            continue
        if not c[5]:  # concave corner: filleted on half the parts (a cutter's radius, or a fillet operation)
            if style != "sharp" and rng.random() < 0.5:
                plan.append((c, "round", rng.uniform(0.5, min(8.0, cap))))
            continue
        kind = style
        if style == "mixed":
            kind = _pick(rng, (("round", 0.4), ("chamfer", 0.25), ("sharp", 0.35)))
        if kind == "sharp":
            continue
        if style in ("round", "chamfer"):
            shared = shared or rng.uniform(1.0, cap)
            size = min(shared, cap)
        else:
            size = rng.uniform(1.0 if kind == "round" else 0.5, cap)
        plan.append((c, kind, size))
    return plan


def edge_feature(b, rng, pts, corners, t, margin):
    """A notch, half-round notch, edge slot or corner rebate on the outline (step 2)."""
    kind = _pick(rng, EDGE_KINDS)
    if kind == "rectangular_blind_step":
        sharp = [c for c in corners if c[5] and c[0] not in margin["blended"]]
        if not sharp:
            raise Reject("face-too-small", "no sharp convex corner")
        c = rng.choice(sharp)
        f = corner_frame(c[0], c[1], c[2], t)
        f.U, f.V = 0.4 * c[4], 0.4 * c[3]
        inst, params = _corner_step(b, rng, f, kind)
        return kind, params
    i = rng.randrange(len(pts))
    p, q = pts[i], pts[(i + 1) % len(pts)]
    length = math.hypot(q[0] - p[0], q[1] - p[1])
    d = ((q[0] - p[0]) / length, (q[1] - p[1]) / length)
    m = margin["size"] + CLEARANCE_MM
    span = min(NOTCH_SHARE * length, length - 2 * m)
    if span < 4.0:
        raise Reject("face-too-small", "outline edge")
    offset = m + rng.uniform(0, length - 2 * m - span)
    inward = (-d[1], d[0])
    room = min(_room(pts, (p[0] + d[0] * s, p[1] + d[1] * s), inward)
               for s in (offset, offset + span / 2, offset + span))
    frame = edge_frame(p, d, offset, span, NOTCH_SHARE * room, t)
    _, params, _ = _slot(b, rng, frame, kind)
    return kind, params


def _pattern_centres(rng, frame, r, inset):
    """Hole centres (u, v) of a grid, a row or a bolt circle of holes of radius r inside `frame`, and the layout."""
    m = inset + r + CLEARANCE_MM
    su, sv = frame.U - 2 * m, frame.V - 2 * m
    pitch_min = 2.5 * r
    if min(su, sv) < 0:
        raise Reject("face-too-small", "hole pattern")
    layout = _pick(rng, (("grid", 0.45), ("row", 0.3), ("bolt_circle", 0.25)))
    if layout == "bolt_circle":
        n = rng.randint(3, 8)
        rc_lo, rc_hi = 1.25 * r / math.sin(math.pi / n), min(su, sv) / 2
        if rc_hi < rc_lo:
            raise Reject("face-too-small", "bolt circle")
        rc = rng.uniform(rc_lo, rc_hi)
        cu, cv = m + rc + rng.uniform(0, su - 2 * rc), m + rc + rng.uniform(0, sv - 2 * rc)
        ph = rng.choice([0.0, math.pi / n, math.pi / 4])
        pts = [(cu + rc * math.cos(ph + 2 * math.pi * k / n), cv + rc * math.sin(ph + 2 * math.pi * k / n))
               for k in range(n)]
        return layout, pts, {"center": [_r(cu), _r(cv)], "circle_radius": _r(rc)}
    along_u = rng.random() < 0.5 if layout == "row" else True
    sa, sb = (su, sv) if along_u else (sv, su)
    na_max, nb_max = int(sa / pitch_min) + 1, int(sb / pitch_min) + 1
    if na_max < 2:
        raise Reject("face-too-small", "hole row")
    na = rng.randint(2, min(6 if layout == "row" else 4, na_max))
    nb = 1 if layout == "row" or nb_max < 2 else rng.randint(2, min(3, nb_max))
    pa = rng.uniform(pitch_min, sa / (na - 1))
    pb = rng.uniform(pitch_min, sb / (nb - 1)) if nb > 1 else 0.0
    a0, b0 = m + rng.uniform(0, sa - pa * (na - 1)), m + rng.uniform(0, sb - pb * (nb - 1))
    pts = [(a0 + i * pa, b0 + j * pb) for i in range(na) for j in range(nb)]
    if not along_u:
        pts = [(v, u) for u, v in pts]
    return layout, pts, {"count": [na, nb], "pitch": [_r(pa), _r(pb)], "along": "u" if along_u else "v"}


def _clear_of(frame, centres, r, taken):
    """Reject holes that would cut into a hole made before (on either face): two coaxial or overlapping drills of
    separate operations would make a counterbore-like stack labelled as two holes."""
    for u, v in centres:
        p = frame.point(u, v)
        for x, y, rr in taken:
            if math.hypot(p.x - x, p.y - y) < r + rr + CLEARANCE_MM:
                raise Reject("holes-overlap", "hole pattern")
    return [(frame.point(u, v).x, frame.point(u, v).y, r) for u, v in centres]


def hole_pattern(b, rng, frame, inset, budget, taken):
    """A pattern of identical holes (one draw of sizes, one cut per hole, each hole its own instance). `taken`:
    (x, y, radius) of the holes made before; this pattern's are added to it when it is done."""
    kind = rng.choices(HOLE_KINDS, HOLE_WEIGHTS)[0]
    r = rng.uniform(1.0, max(1.0, min(8.0, 0.12 * min(frame.U, frame.V))))
    layout, centres, lp = _pattern_centres(rng, frame, r, inset)
    if len(centres) > budget:
        raise Reject("pattern-too-many-holes", f"{len(centres)} > {budget}")
    circles = _clear_of(frame, centres, r, taken)
    spec = draw_hole(rng, kind, r, frame.D)
    insts = [cut_hole(b, frame, u, v, spec) for u, v in centres]
    params = {"frame": frame.describe(), "layout": layout, "hole": {k: (_r(x) if isinstance(x, float) else x)
                                                                   for k, x in spec.items()},
              "centres": [[_r(u), _r(v)] for u, v in centres], **lp}
    if layout == "bolt_circle" and rng.random() < 0.5:  # a flange's centre bore inside the bolt circle
        room = lp["circle_radius"] - r - 2 * CLEARANCE_MM
        if room >= 2.0:
            bore = draw_hole(rng, "through_hole", rng.uniform(2.0, room), frame.D)
            circles += _clear_of(frame, [lp["center"]], bore["radius"], taken)
            insts.append(cut_hole(b, frame, lp["center"][0], lp["center"][1], bore))
            params["centre_bore"] = _r(bore["radius"])
    taken.extend(circles)
    return kind, len(insts), params


def _outline_edges(b, z_top, outline_blends):
    """Edges where the top (z_top True) or bottom stock face meets an outline wall or an outline corner blend."""
    out = []
    for e, faces in b.edge_faces().values():
        if len(faces) != 2:
            continue
        kinds = []
        for i in faces:
            face, (cls, inst, _) = b.shape.Faces[i], b.labels[i]
            if inst in outline_blends:
                kinds.append("corner")
            elif inst == -1 and face.Surface.TypeId == "Part::GeomPlane":
                u0, _, v0, _ = face.ParameterRange
                nz = outward_normal(face, u0, v0).z
                kinds.append("cap" if nz > 0.999 and z_top or nz < -0.999 and not z_top else
                             "wall" if abs(nz) < 1e-6 else "other")
            else:
                kinds.append("other")
        if sorted(kinds) in (["cap", "wall"], ["cap", "corner"]):
            out.append(e)
    return out


def edge_break(b, rng, t, outline_blends, top):
    """Chamfer or round all top (or bottom) outline edges: one blend operation (step 5)."""
    edges = _outline_edges(b, top, outline_blends)
    if not edges:
        raise Reject("no-edges-to-blend", "outline edge break")
    kind = "chamfer" if rng.random() < 0.65 else "round"
    size = rng.uniform(0.3, max(0.35, min(2.0, 0.3 * t)))
    b.blend(kind, edges, size, "outline edge break")
    return kind, {"where": "top outline" if top else "bottom outline", "size": _r(size), "edges": len(edges)}


# -- the part -----------------------------------------------------------------------------------------------------
def build_plate(seed, index):
    """The machined, labelled plate of part (seed, index), or Reject. Returns (builder, solid, record) like
    part.build."""
    rng = plate_rng(seed, index)
    shape, w, h, t, pts, regions = draw_outline(rng)
    b = Builder(w, h, t, base=extrude(pts, t))
    rejected, plan = {}, []

    def attempt(what, op, tries=ATTEMPTS):
        """op() -> (kind, params): one feature, drawn again when rejected (Builder.try_feature)."""
        plan.append(what)
        return b.try_feature(op, rejected, tries)

    corners = _corners(pts)
    margin = {"size": 0.0, "blended": set()}
    outline_blends = set()
    for c, kind, size in corner_plan(rng, corners):
        # no draw inside: one try (a second would repeat the same blend)
        done, _ = attempt("outline corner", lambda c=c, kind=kind, size=size: (kind, corner_blend(b, c, kind, size)), 1)
        if done:
            outline_blends.update(i for i, v in b.instances.items() if v["feature"] == len(b.features) - 1)
            margin["blended"].add(c[0])
            if c[5]:
                margin["size"] = max(margin["size"], size)
    # The stock the final check holds stock faces to (Builder.verify) is the outline after its corner treatment: a
    # concave corner fillet adds material, so the top and bottom faces reach past the drawn outline there.
    b.box = Part.makeCompound([f for f, lab in zip(b.shape.Faces, b.labels) if lab[0] == STOCK])
    for _ in range(_pick(rng, ((0, 0.5), (1, 0.3), (2, 0.2)))):
        attempt("edge feature", lambda: edge_feature(b, rng, pts, corners, t, margin))
    inset = margin["size"]
    faces = [True] + ([False] if rng.random() < 0.25 else [])  # features on the top, sometimes the bottom too
    for top in faces:
        for _ in range(rng.randint(0, 3) if top else rng.randint(0, 1)):
            kind = _pick(rng, REGION_KINDS)
            region = rng.choice(regions)
            attempt(kind, lambda kind=kind, region=region: (
                kind, apply_feature(b, rng, kind, [region_frame(region, t, top, inset)])))
    holes, taken = 0, []
    for top in faces:
        for _ in range(rng.randint(1, 3) if top else rng.randint(0, 2)):
            region = rng.choice(regions)
            frame = region_frame(region, t, top, 0.0)
            done, params = attempt("hole pattern", lambda frame=frame: _pattern_op(b, rng, frame, inset, MAX_HOLES - holes, taken),
                                   PATTERN_ATTEMPTS)
            if done:
                holes += len(params["centres"]) + ("centre_bore" in params)
    if rng.random() < 0.45:
        for top in [True] + ([False] if rng.random() < 0.4 else []):
            attempt("edge break", lambda top=top: edge_break(b, rng, t, outline_blends, top))
    if len(b.features) < 2:
        raise Reject("too-few-features", f"{len(b.features)} applied")
    solid = b.verify()
    b.apply_convention()
    info = {"stock": [_r(w), _r(h), _r(t)], "plan": plan, "rejected": rejected,
            "plate": {"shape": shape, "thickness": _r(t), "outline": [[_r(x), _r(y)] for x, y in pts],
                      "regions": [[_r(x) for x in r] for r in regions]}}
    return b, solid, info


def _pattern_op(b, rng, frame, inset, budget, taken):
    kind, _, params = hole_pattern(b, rng, frame, inset, budget, taken)
    return f"{kind}_pattern", params
