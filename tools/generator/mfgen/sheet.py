"""Bent sheet-metal parts (opt-in, `--sheet`): a sheet of constant thickness bent into an L, U, Z, hat or
single-flange profile, with holes, slots, cut-outs, notches and corner breaks cut through the sheet.

The base body is the bent sheet: a cross-section in the x-z plane — the sheet's centre line is a chain of flat
segments joined by bends of inner radius r (outer r + t), offset by t/2 to either side, closed by the two end
caps — extruded along +y by the width W. Its faces (docs/labelling.md, "Stock": sheet metal):
- the two skins of every flat segment and the outline (thickness) faces — the end caps and the two side faces at
  y = 0 and y = W — are `stock`;
- each bend's outer (convex) and inner (concave) cylinder, coaxial, radii differing by t, is `other_feature`
  (sheet-metal bends are outside the 25 classes), one instance per bend. The final check holds them to the bend
  surfaces of the base body (`Builder.formed`), as it holds a protrusion to its body.
Then, as operations on the Builder (cut / blend / verify / apply_convention, as the other modes), all in frames on
one flat segment's skin and through the sheet, normal to it, never touching a bend (`Builder.cut` rejects a tool
that touches one):
1. corners of the free ends of the end flanges rounded or cut at 45 degrees (`round` / `chamfer`, one blend
   operation and one instance per corner);
2. notches from the outline (a side edge of a flat, or a flange's free end): `rectangular_through_slot` (the box
   mode's edge slot, its inner wall the bottom), sometimes a half-round notch (`circular_through_slot`);
3. rectangular cut-outs (`rectangular_passage`) and slots with round ends (obround through-cuts:
   `rectangular_passage`, docs/labelling.md "Holes / passages");
4. round holes in rows, grids or bolt circles (`through_hole`, one instance per hole).

The draws come from a stream of their own (`sheet_rng`), so part i of seed s depends only on (s, i); sheet parts
are named `syn_m<s>_<i>` (m for metal) so they never collide with the other modes' parts of the same seed.
"""
import math
import random

import FreeCAD
import Part

from .builder import Builder, Label
from .classes import OTHER_FEATURE, STOCK
from .features import _passage_or_pocket, _slot
from .frames import OVERSHOOT, Frame, prism
from .holes import cut_hole, draw_hole
from .plates import _pattern_centres, _pick
from .provenance import Reject

V = FreeCAD.Vector
ATTEMPTS = 3
PATTERN_ATTEMPTS = 5
CLEARANCE_MM = 1.0
PROFILES = (("L", 0.25), ("U", 0.2), ("Z", 0.15), ("hat", 0.2), ("flange", 0.2))
MAX_HOLES = 24


def sheet_rng(seed, index):
    """The sheet part's own stream: part (seed, index) of --sheet depends only on (seed, index)."""
    return random.Random(seed * 1_000_003 + index * 7_919 + 60_000_077)


def _r(x):
    return round(x, 4)


# -- the bent sheet -------------------------------------------------------------------------------------------------
def draw_profile(rng):
    """(profile, t, r, W, flats, turns): flat lengths (mm, between bend tangent lines) and signed bend angles
    (radians, + = towards the left skin) of the centre line, a thickness t, an inner bend radius r and a width W."""
    t = math.exp(rng.uniform(math.log(0.8), math.log(4.0)))
    r = t * rng.uniform(0.5, 2.0)
    W = rng.uniform(max(15.0, 6 * t), 150.0)
    profile = _pick(rng, PROFILES)
    right = math.pi / 2

    def flat(lo, hi):
        return rng.uniform(max(lo, 4 * t), hi)

    if profile == "L":
        angle = right if rng.random() < 0.7 else math.radians(rng.uniform(45.0, 120.0))
        flats, turns = [flat(15, 90), flat(15, 90)], [angle]
    elif profile == "flange":  # a wide base with one short flange
        angle = right if rng.random() < 0.7 else math.radians(rng.uniform(45.0, 120.0))
        flats, turns = [flat(40, 150), flat(8, 30)], [angle]
    elif profile == "U":
        flats, turns = [flat(10, 60), flat(20, 120), flat(10, 60)], [right, right]
    elif profile == "Z":
        flats, turns = [flat(10, 60), flat(10, 80), flat(10, 60)], [right, -right]
    else:  # hat: flange, wall up, top, wall down, flange
        fl, wall = flat(8, 40), flat(10, 60)
        flats, turns = [fl, wall, flat(15, 80), wall, flat(8, 40)], [right, -right, -right, right]
    if rng.random() < 0.5:  # bend to the other side: the same profile, mirrored
        turns = [-a for a in turns]
    return profile, t, r, W, flats, turns


def _rot(x, y, a):
    c, s = math.cos(a), math.sin(a)
    return x * c - y * s, x * s + y * c


def lay_out(flats, turns, t, r):
    """Walk the centre line from (0, 0) heading +x. Returns the flat segments [(start, heading, length)] and the
    bends [(centre, start heading, turn, centre-line radius)], all in the x-z plane as 2-D (x, z)."""
    p, phi = (0.0, 0.0), 0.0
    rc = r + t / 2
    segs, bends = [], []
    for i, L in enumerate(flats):
        segs.append((p, phi, L))
        p = (p[0] + L * math.cos(phi), p[1] + L * math.sin(phi))
        if i < len(turns):
            a = turns[i]
            s = 1.0 if a > 0 else -1.0
            c = (p[0] - s * rc * math.sin(phi), p[1] + s * rc * math.cos(phi))
            d = _rot(p[0] - c[0], p[1] - c[1], a)
            bends.append((c, phi, a, rc))
            p, phi = (c[0] + d[0], c[1] + d[1]), phi + a
    return segs, bends


def _left(phi):
    return (-math.sin(phi), math.cos(phi))


def cross_section(segs, bends, t):
    """The closed cross-section (x-z plane, y = 0) as edges: the left skin forward, the far end cap, the right skin
    back, the near end cap."""
    P = lambda q: V(q[0], 0.0, q[1])  # noqa: E731

    def side(sign):
        edges = []
        for i, (p, phi, L) in enumerate(segs):
            n = _left(phi)
            a = (p[0] + sign * t / 2 * n[0], p[1] + sign * t / 2 * n[1])
            b = (a[0] + L * math.cos(phi), a[1] + L * math.sin(phi))
            edges.append(("line", a, b))
            if i < len(bends):
                c, phi0, turn, rc = bends[i]
                s = 1.0 if turn > 0 else -1.0
                rad = rc - s * sign * t / 2  # the left skin is inside a left turn
                pts = []
                for k in (0.0, 0.5, 1.0):
                    ph = phi0 + turn * k
                    nn = _left(ph)
                    pts.append((c[0] + s * rad * -nn[0], c[1] + s * rad * -nn[1]))
                edges.append(("arc", *pts))
        return edges

    left, right = side(1.0), side(-1.0)
    right_back = []
    for e in reversed(right):
        right_back.append((e[0], *reversed(e[1:])))
    loop = left + [("line", left[-1][-1], right_back[0][1])] + right_back + [("line", right_back[-1][-1], left[0][1])]
    edges = []
    for e in loop:
        if e[0] == "line":
            edges.append(Part.LineSegment(P(e[1]), P(e[2])).toShape())
        else:
            edges.append(Part.Arc(P(e[1]), P(e[2]), P(e[3])).toShape())
    return Part.Face(Part.Wire(edges))


def bent_sheet(segs, bends, t, W):
    solid = cross_section(segs, bends, t).extrude(V(0, W, 0))
    if solid.Volume < 0:
        solid.reverse()
    return solid


def bend_of(face, bends):
    """The index of the bend whose axis the cylindrical face lies on, or None."""
    if face.Surface.TypeId != "Part::GeomCylinder":
        return None
    c = face.Surface.Center
    for i, (cc, _, _, _) in enumerate(bends):
        if math.hypot(c.x - cc[0], c.z - cc[1]) < 1e-6:
            return i
    return None


# -- frames on a flat -------------------------------------------------------------------------------------------------
def flat_frame(seg, t, W, u0, u1, v0, v1, name):
    """A frame on the left skin of flat `seg` over [u0, u1] along the flat and [v0, v1] across it (y): n is the left
    skin's outward normal, the material below (z < 0), through depth t."""
    p, phi, _ = seg
    n = _left(phi)
    o = (p[0] + t / 2 * n[0] + u0 * math.cos(phi), p[1] + t / 2 * n[1] + u0 * math.sin(phi))
    return Frame(V(o[0], v0, o[1]), V(math.cos(phi), 0, math.sin(phi)), V(0, 1, 0), V(n[0], 0, n[1]),
                 u1 - u0, v1 - v0, t, name)


def side_edge_frame(seg, t, W, u0, u1, room, far):
    """An edge frame whose v = 0 edge is a side edge of the flat (y = 0, or y = W when `far`): u along the flat over
    [u0, u1], v inward across the width, n the left skin's normal."""
    f = flat_frame(seg, t, W, u0, u1, 0.0, W, "flat-side")
    if not far:
        return Frame(f.origin, f.eu, f.ev, f.n, u1 - u0, room, t, "flat-side-edge")
    return Frame(f.point(u1 - u0, W), f.eu * -1, f.ev * -1, f.n, u1 - u0, room, t, "flat-side-edge")


def end_edge_frame(seg, t, W, first, room, inset):
    """An edge frame whose v = 0 edge is the free end of an end flange (the first flat's start, or the last flat's
    end): u across the width over [inset, W - inset], v along the flat into the flange."""
    p, phi, L = seg
    f = flat_frame(seg, t, W, 0.0, L, 0.0, W, "flat-end")
    if first:  # eu = -y, ev = +heading
        return Frame(f.point(0.0, W - inset), f.ev * -1, f.eu, f.n, W - 2 * inset, room, t, "flat-end-edge")
    return Frame(f.point(L, inset), f.ev, f.eu * -1, f.n, W - 2 * inset, room, t, "flat-end-edge")


# -- operations -------------------------------------------------------------------------------------------------------
def _corner_edges(b, seg, t, first):
    """The two thickness edges at the corners of an end flange's free end."""
    p, phi, L = seg
    q = p if first else (p[0] + L * math.cos(phi), p[1] + L * math.sin(phi))
    out = []
    for y in (0.0, None):
        for e in b.shape.Edges:
            if len(e.Vertexes) != 2 or abs(e.Length - t) > 1e-6:
                continue
            ok = True
            for v in e.Vertexes:
                if math.hypot(v.X - q[0], v.Z - q[1]) > t / 2 + 1e-6 or \
                        (y is not None and abs(v.Y) > 1e-6) or (y is None and abs(v.Y) < 1e-6):
                    ok = False
            if ok:
                out.append(e)
                break
    return out


def corner_break(b, rng, seg, t, W, first, kind, size):
    edges = _corner_edges(b, seg, t, first)
    if len(edges) != 2:
        raise Reject("no-edges-to-blend", "flange corner")
    b.blend(kind, edges, size, f"flange corner {kind}")  # one instance per corner (they never meet)
    return {"where": "flange corner", "end": "first" if first else "last", "size": _r(size)}


def notch(b, rng, segs, t, W, margin):
    """A notch from the outline: from a side edge of a flat, or from a flange's free end."""
    kind = "rectangular_through_slot" if rng.random() < 0.8 else "circular_through_slot"
    i = rng.randrange(len(segs))
    seg = segs[i]
    L = seg[2]
    if i in (0, len(segs) - 1) and rng.random() < 0.5:
        first = i == 0
        inset = margin["corner"] + CLEARANCE_MM
        if W - 2 * inset < 6.0:
            raise Reject("face-too-small", "flange end")
        room = 0.5 * (L - CLEARANCE_MM)
        frame = end_edge_frame(seg, t, W, first, room, inset)
    else:
        m = CLEARANCE_MM + (margin["corner"] if i in (0, len(segs) - 1) else 0.0)
        if L - 2 * m < 6.0:
            raise Reject("face-too-small", "flat side")
        span = min(0.5 * (L - 2 * m), L - 2 * m)
        u0 = m + rng.uniform(0, L - 2 * m - span)
        frame = side_edge_frame(seg, t, W, u0, u0 + span, 0.35 * W, rng.random() < 0.5)
    _, params, _ = _slot(b, rng, frame, kind)
    return kind, dict(params, flat=i)


def _inner_frame(rng, segs, t, W, m):
    i = rng.randrange(len(segs))
    L = segs[i][2]
    if L - 2 * m < 4.0 or W - 2 * m < 4.0:
        raise Reject("face-too-small", "flat")
    return i, flat_frame(segs[i], t, W, m, L - m, m, W - m, f"flat{i}")


def cutout(b, rng, segs, t, W, margin):
    """A rectangular cut-out or a slot with round ends through the sheet: `rectangular_passage`."""
    i, frame = _inner_frame(rng, segs, t, W, CLEARANCE_MM + margin["corner"])
    u0, v0 = rng.uniform(0, 0.4) * frame.U, rng.uniform(0, 0.4) * frame.V
    w = max(3.0, rng.uniform(0.15, 0.6) * (frame.U - u0))
    h = max(3.0, rng.uniform(0.15, 0.6) * (frame.V - v0))
    if u0 + w > frame.U or v0 + h > frame.V:
        raise Reject("face-too-small", "cut-out")
    if rng.random() < 0.5:
        _, params, _ = _passage_or_pocket(b, rng, frame, "rectangular", True, (u0, v0, w, h))
        return "rectangular_passage", dict(params, flat=i, shape="rectangle")
    # obround: long axis along the longer side, both ends half-cylinders
    d = frame.D + OVERSHOOT
    if w >= h:
        rr = h / 2
        segs2 = [("line", (u0 + rr, v0), (u0 + w - rr, v0)), ("arc", (u0 + w - rr, v0), (u0 + w, v0 + rr), (u0 + w - rr, v0 + h)),
                 ("line", (u0 + w - rr, v0 + h), (u0 + rr, v0 + h)), ("arc", (u0 + rr, v0 + h), (u0, v0 + rr), (u0 + rr, v0))]
    else:
        rr = w / 2
        segs2 = [("line", (u0 + w, v0 + rr), (u0 + w, v0 + h - rr)), ("arc", (u0 + w, v0 + h - rr), (u0 + rr, v0 + h), (u0, v0 + h - rr)),
                 ("line", (u0, v0 + h - rr), (u0, v0 + rr)), ("arc", (u0, v0 + rr), (u0 + rr, v0), (u0 + w, v0 + rr))]
    if abs(w - h) < 1.0:
        raise Reject("face-too-small", "obround too round")
    inst = b.new_instance("rectangular_passage")
    b.cut(prism(frame, segs2, d), "rectangular_passage", inst, frame, lambda p, n: False, "obround slot")
    return "rectangular_passage", {"frame": frame.describe(), "flat": i, "shape": "obround",
                                   "rect": [_r(u0), _r(v0), _r(w), _r(h)], "radius": _r(rr)}


def hole_pattern(b, rng, segs, t, W, margin, budget, taken):
    i, frame = _inner_frame(rng, segs, t, W, CLEARANCE_MM + margin["corner"])
    r = rng.uniform(max(0.5 * t, 1.0), max(1.2, min(6.0, 0.15 * min(frame.U, frame.V))))
    layout, centres, lp = _pattern_centres(rng, frame, r, 0.0)
    if len(centres) > budget:
        raise Reject("pattern-too-many-holes", f"{len(centres)} > {budget}")
    circles = _clear_3d(frame, centres, r, taken)
    spec = draw_hole(rng, "through_hole", r, frame.D)
    for u, v in centres:
        cut_hole(b, frame, u, v, spec)
    taken.extend(circles)
    return "through_hole_pattern", {"frame": frame.describe(), "flat": i, "layout": layout, "radius": _r(r),
                                    "centres": [[_r(u), _r(v)] for u, v in centres], **lp}


def _clear_3d(frame, centres, r, taken):
    """As plates._clear_of, in 3-D (holes lie on flats of different orientation)."""
    out = []
    for u, v in centres:
        p = frame.point(u, v)
        for q, rr in taken:
            if (p - q).Length < r + rr + CLEARANCE_MM:
                raise Reject("holes-overlap", "hole pattern")
        out.append((p, r))
    return out


def _apart(b, first, what):
    """Reject a feature whose faces (instances from `first` on) meet a face of an earlier cut or blend: a hole run into a
    cut-out, a cut-out into a notch. Stock and bends may be met."""
    for _, faces in b.edge_faces().values():
        insts = {b.labels[i][1] for i in faces if b.labels[i][0] not in (STOCK, OTHER_FEATURE)}
        if any(i >= first for i in insts) and any(i < first for i in insts):
            raise Reject("cuts-touch", what)


# -- the part ---------------------------------------------------------------------------------------------------------
def build_sheet(seed, index):
    """The bent, cut, labelled sheet part of (seed, index), or Reject. Returns (builder, solid, record) like
    part.build."""
    rng = sheet_rng(seed, index)
    profile, t, r, W, flats, turns = draw_profile(rng)
    segs, bends = lay_out(flats, turns, t, r)
    base = bent_sheet(segs, bends, t, W)
    bb = base.BoundBox
    b = Builder(bb.XLength, bb.YLength, bb.ZLength, base=base)
    b.begin_feature()
    bend_insts = [b.new_instance("other_feature") for _ in bends]
    labels = []
    for f in b.shape.Faces:
        k = bend_of(f, bends)
        labels.append(Label(STOCK, -1, 0) if k is None else Label(OTHER_FEATURE, bend_insts[k], 0))
    if sum(lab[0] == OTHER_FEATURE for lab in labels) != 2 * len(bends):
        raise Reject("bend-faces", f"{len(bends)} bends")
    b.labels = labels
    for k, inst in enumerate(bend_insts):
        b.formed[inst] = [f for f, lab in zip(b.shape.Faces, labels) if lab[1] == inst]
    b.features.append({"kind": "bends", "params": {"profile": profile, "bends": [
        {"instance": inst, "angle_deg": _r(math.degrees(a)), "inner_radius": _r(r), "axis": [_r(c[0]), _r(c[1])]}
        for inst, a, (c, _, _, _) in zip(bend_insts, turns, bends)]}})
    b.box = Part.makeCompound([f for f, lab in zip(b.shape.Faces, labels) if lab[0] == STOCK])
    rejected, plan = {}, []

    def attempt(what, op, tries=ATTEMPTS):
        plan.append(what)

        def apart():  # each cut stands alone, as on a drawing: one that runs into an earlier cut is drawn again
            first = b._next_inst
            kind, params = op()
            _apart(b, first, what)
            return kind, params
        return b.try_feature(apart, rejected, tries)

    margin = {"corner": 0.0}
    if rng.random() < 0.5:  # flange corners: one style per part
        kind = "round" if rng.random() < 0.65 else "chamfer"
        ends = [True, False] if len(segs) > 1 else [True]
        for first in ends:
            if rng.random() < 0.7:
                seg = segs[0] if first else segs[-1]
                size = rng.uniform(1.0, max(1.1, min(15.0, 0.3 * W, 0.4 * seg[2])))
                done, _ = attempt("flange corner", lambda seg=seg, first=first, size=size: (
                    kind, corner_break(b, rng, seg, t, W, first, kind, size)), 1)
                if done:
                    margin["corner"] = max(margin["corner"], size)
    for _ in range(_pick(rng, ((0, 0.4), (1, 0.35), (2, 0.25)))):
        attempt("notch", lambda: notch(b, rng, segs, t, W, margin))
    for _ in range(_pick(rng, ((0, 0.4), (1, 0.4), (2, 0.2)))):
        attempt("cut-out", lambda: cutout(b, rng, segs, t, W, margin))
    holes, taken = 0, []
    for _ in range(rng.randint(1, 3)):
        done, params = attempt("hole pattern", lambda: hole_pattern(b, rng, segs, t, W, margin, MAX_HOLES - holes,
                                                                    taken), PATTERN_ATTEMPTS)
        if done:
            holes += len(params["centres"])
    if len(b.features) < 2:  # the bends plus at least one cut
        raise Reject("too-few-features", f"{len(b.features)} applied")
    solid = b.verify()
    b.apply_convention()
    info = {"stock": [_r(bb.XLength), _r(bb.YLength), _r(bb.ZLength)], "plan": plan, "rejected": rejected,
            "sheet": {"profile": profile, "thickness": _r(t), "inner_radius": _r(r), "width": _r(W),
                      "flats": [_r(x) for x in flats], "bends_deg": [_r(math.degrees(a)) for a in turns]}}
    return b, solid, info
