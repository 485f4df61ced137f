"""The 24 AAGNet feature kinds and the composites, each applied to a Builder.

Parameters follow the published MFInstSeg generator (AAGNet, Wu et al. 2024, dataset page and paper): box stock
10-100 mm per side, min feature length 2 mm, clearance 1 mm, feature extent a random fraction (0.1-1 in AAGNet;
0.1-0.7 here, so features that cut into each other leave more of each other behind) of the free face region,
blind depth uniform in [2 mm, depth available - 1 mm], round radius 0.1-5 mm (at most edge length / 10),
chamfer 0.1-4 mm; inner features (holes, passages, pockets, O-rings) inside a face, slots at one stock edge,
steps at a corner (blind) or along a whole side (through). Bottom faces follow AAGNet's rule: new faces whose
normal is parallel to the feed direction (the floor), except rectangular through slot / through step / blind
step, whose bottom is the face normal to the feature's height direction (see README).
"""
import math

from .classes import CLASS_ID
from .frames import OVERSHOOT, cone, cylinder, polygon, prism, regular_polygon
from .provenance import Reject

MIN_LEN = 2.0
CLEARANCE = 1.0
SCALE = (0.1, 0.7)
C45 = math.sqrt(0.5)


def _floor(depth):
    """Bottom rule: the tool's far cap (outward normal -n at z = -depth)."""
    return lambda p, n: n[2] < -0.99 and abs(p[2] + depth) < 1e-6


def _normal_v(v_level):
    """Bottom rule of AAGNet's special cases: the face whose normal is along the frame's v axis, at v = v_level."""
    return lambda p, n: abs(n[1]) > 0.99 and abs(p[1] - v_level) < 1e-6


_NONE = lambda p, n: False  # noqa: E731


def _span(rng, avail):
    if avail < MIN_LEN:
        raise Reject("face-too-small")
    return max(MIN_LEN, avail * rng.uniform(*SCALE))


def _blind_depth(rng, frame, top_depth=0.0):
    avail = frame.D - top_depth - CLEARANCE
    if avail < MIN_LEN + 0.5:
        raise Reject("too-shallow")
    return rng.uniform(MIN_LEN, avail)


def _through(frame):
    return frame.D + OVERSHOOT


def inner_rect(rng, frame):
    w = _span(rng, frame.U - 2 * CLEARANCE)
    h = _span(rng, frame.V - 2 * CLEARANCE)
    u0 = CLEARANCE + rng.uniform(0, frame.U - 2 * CLEARANCE - w)
    v0 = CLEARANCE + rng.uniform(0, frame.V - 2 * CLEARANCE - h)
    return u0, v0, w, h


def _r(x):
    return round(x, 4)


# -- inner features -------------------------------------------------------------------------------------------
def _hole(b, rng, frame, through, name=None, rect=None, depth=None):
    u0, v0, w, h = rect or inner_rect(rng, frame)
    r = min(w, h) / 2
    cu, cv = u0 + w / 2, v0 + h / 2
    d = _through(frame) if through else (depth if depth is not None else _blind_depth(rng, frame))
    kind = name or ("through_hole" if through else "blind_hole")
    inst = b.new_instance(kind)
    b.cut(cylinder(frame, cu, cv, r, d), kind, inst, frame, _NONE if through else _floor(d), kind)
    return inst, {"frame": frame.describe(), "center": [_r(cu), _r(cv)], "radius": _r(r), "depth": _r(d)}


def _profile_shape(rng, shape, u0, v0, w, h):
    cu, cv, R = u0 + w / 2, v0 + h / 2, min(w, h) / 2
    if shape == "rectangular":
        return polygon([(u0, v0), (u0 + w, v0), (u0 + w, v0 + h), (u0, v0 + h)])
    if shape == "triangular":
        apex = math.radians(min(150.0, max(60.0, rng.gauss(120.0, 30.0))))
        ph = rng.uniform(0, 2 * math.pi)
        pts = [(cu + R * math.cos(a), cv + R * math.sin(a)) for a in (ph, ph + apex, ph - apex)]
        if (pts[1][0] - pts[0][0]) * (pts[2][1] - pts[0][1]) - (pts[1][1] - pts[0][1]) * (pts[2][0] - pts[0][0]) < 0:
            pts = [pts[0], pts[2], pts[1]]
        return polygon(pts)
    if shape == "6sides":
        return polygon(regular_polygon(cu, cv, R, 6, rng.uniform(0, math.pi / 3)))
    raise ValueError(shape)


def _passage_or_pocket(b, rng, frame, shape, through, rect=None):
    kind = f"{shape}_passage" if through else f"{shape}_pocket"
    u0, v0, w, h = rect or inner_rect(rng, frame)
    d = _through(frame) if through else _blind_depth(rng, frame)
    inst = b.new_instance(kind)
    b.cut(prism(frame, _profile_shape(rng, shape, u0, v0, w, h), d), kind, inst, frame,
          _NONE if through else _floor(d), kind)
    return inst, {"frame": frame.describe(), "rect": [_r(u0), _r(v0), _r(w), _r(h)], "depth": _r(d)}, (u0, v0, w, h, d)


def _circular_end_pocket(b, rng, frame, rect=None):
    u0, v0, w, h = rect or inner_rect(rng, frame)
    if w < h:  # long axis along u: build in a frame-free way by swapping roles
        segs_fn = lambda r: [  # noqa: E731
            ("line", (u0 + w, v0 + r), (u0 + w, v0 + h - r)),
            ("arc", (u0 + w, v0 + h - r), (u0 + w / 2, v0 + h - r + r), (u0, v0 + h - r)),
            ("line", (u0, v0 + h - r), (u0, v0 + r)),
            ("arc", (u0, v0 + r), (u0 + w / 2, v0), (u0 + w, v0 + r))]
        r = min(w / 2, h / 2 - 0.5)
    else:
        segs_fn = lambda r: [  # noqa: E731
            ("line", (u0 + r, v0), (u0 + w - r, v0)),
            ("arc", (u0 + w - r, v0), (u0 + w, v0 + h / 2), (u0 + w - r, v0 + h)),
            ("line", (u0 + w - r, v0 + h), (u0 + r, v0 + h)),
            ("arc", (u0 + r, v0 + h), (u0, v0 + h / 2), (u0 + r, v0))]
        r = min(h / 2, w / 2 - 0.5)
    if r < 0.5:
        raise Reject("face-too-small")
    # the straight sides sit on the rectangle; a radius below half the short side narrows it to 2r
    if w >= h:
        v0 += h / 2 - r
        h = 2 * r
    else:
        u0 += w / 2 - r
        w = 2 * r
    d = _blind_depth(rng, frame)
    inst = b.new_instance("circular_end_pocket")
    b.cut(prism(frame, segs_fn(r), d), "circular_end_pocket", inst, frame, _floor(d), "circular_end_pocket")
    return inst, {"frame": frame.describe(), "rect": [_r(u0), _r(v0), _r(w), _r(h)], "radius": _r(r),
                  "depth": _r(d)}, (u0, v0, w, h, d)


def _oring(b, rng, frame):
    u0, v0, w, h = inner_rect(rng, frame)
    R = min(w, h) / 2
    if R < 0.7:
        raise Reject("face-too-small")
    r = rng.uniform(R / 3, R - 0.2)
    cu, cv = u0 + w / 2, v0 + h / 2
    d = _blind_depth(rng, frame)
    tool = cylinder(frame, cu, cv, R, d).cut(cylinder(frame, cu, cv, r, d + 2, top=OVERSHOOT + 1))
    inst = b.new_instance("Oring")
    b.cut(tool.Solids[0], "Oring", inst, frame, _floor(d), "Oring")
    return inst, {"frame": frame.describe(), "center": [_r(cu), _r(cv)], "outer": _r(R), "inner": _r(r),
                  "depth": _r(d)}


# -- slots at one edge (frame turned so the edge is v = 0) -----------------------------------------------------
def _edge_span(rng, frame):
    w = _span(rng, frame.U - 2 * CLEARANCE)
    u0 = CLEARANCE + rng.uniform(0, frame.U - 2 * CLEARANCE - w)
    h = _span(rng, frame.V - CLEARANCE)
    return u0, w, h


def _slot(b, rng, frame, kind):
    u0, w, h = _edge_span(rng, frame)
    o = OVERSHOOT
    through = kind in ("triangular_through_slot", "rectangular_through_slot", "circular_through_slot")
    d = _through(frame) if through else _blind_depth(rng, frame)
    if kind in ("rectangular_blind_slot", "rectangular_through_slot"):
        segs = polygon([(u0, -o), (u0 + w, -o), (u0 + w, h), (u0, h)])
        rule = _floor(d) if kind == "rectangular_blind_slot" else _normal_v(h)
    elif kind == "triangular_through_slot":
        ua = u0 + w * rng.uniform(0.3, 0.7)
        segs = polygon([(u0 - (ua - u0) * o / h, -o), (u0 + w + (u0 + w - ua) * o / h, -o), (ua, h)])
        rule = _NONE
    elif kind == "circular_through_slot":
        r = min(w / 2, h)
        uc = u0 + w / 2
        segs = [("line", (uc - r, -o), (uc + r, -o)), ("line", (uc + r, -o), (uc + r, 0.0)),
                ("arc", (uc + r, 0.0), (uc, r), (uc - r, 0.0)), ("line", (uc - r, 0.0), (uc - r, -o))]
        rule = _NONE
    elif kind == "v_circular_end_blind_slot":
        r = w / 2
        if h < r + 1.0:
            h = min(frame.V - CLEARANCE, r + 1.0 + rng.uniform(0, 2))
            if h < r + 0.5:
                raise Reject("face-too-small")
        segs = [("line", (u0, -o), (u0 + w, -o)), ("line", (u0 + w, -o), (u0 + w, h - r)),
                ("arc", (u0 + w, h - r), (u0 + r, h), (u0, h - r)), ("line", (u0, h - r), (u0, -o))]
        rule = _floor(d)
    elif kind == "h_circular_end_blind_slot":
        rh = min(h, w / 2 - 0.5)
        if rh < 0.5:
            raise Reject("face-too-small")
        h = rh
        segs = [("line", (u0, -o), (u0 + w, -o)), ("line", (u0 + w, -o), (u0 + w, 0.0)),
                ("arc", (u0 + w, 0.0), (u0 + w - rh + rh * C45, rh * C45), (u0 + w - rh, rh)),
                ("line", (u0 + w - rh, rh), (u0 + rh, rh)),
                ("arc", (u0 + rh, rh), (u0 + rh - rh * C45, rh * C45), (u0, 0.0)), ("line", (u0, 0.0), (u0, -o))]
        rule = _floor(d)
    else:
        raise ValueError(kind)
    inst = b.new_instance(kind)
    b.cut(prism(frame, segs, d), kind, inst, frame, rule, kind)
    return inst, {"frame": frame.describe(), "u0": _r(u0), "width": _r(w), "length": _r(h), "depth": _r(d)}, \
        (u0, w, h, d)


# -- steps ---------------------------------------------------------------------------------------------------
def _corner_step(b, rng, frame, kind):
    o = OVERSHOOT
    w = _span(rng, frame.U - CLEARANCE)
    h = _span(rng, frame.V - CLEARANCE)
    through = kind == "rectangular_through_step"
    d = _through(frame) if through else _blind_depth(rng, frame)
    if kind in ("rectangular_through_step", "rectangular_blind_step"):
        segs = polygon([(-o, -o), (w, -o), (w, h), (-o, h)])
        rule = _normal_v(h)
    elif kind == "triangular_blind_step":
        segs = polygon([(-o, -o), (w * (1 + o / h), -o), (-o, h * (1 + o / w))])
        rule = _floor(d)
    elif kind == "circular_blind_step":
        R = min(w, h)
        segs = [("line", (-o, -o), (R, -o)), ("line", (R, -o), (R, 0.0)),
                ("arc", (R, 0.0), (R * C45, R * C45), (0.0, R)), ("line", (0.0, R), (-o, R)),
                ("line", (-o, R), (-o, -o))]
        w = h = R
        rule = _floor(d)
    else:
        raise ValueError(kind)
    inst = b.new_instance(kind)
    b.cut(prism(frame, segs, d), kind, inst, frame, rule, kind)
    return inst, {"frame": frame.describe(), "width": _r(w), "height": _r(h), "depth": _r(d)}


def _side_step(b, rng, frame, kind):
    """2-sides / slanted through steps: a profile across the whole side (three edges), swept through."""
    o, U = OVERSHOOT, frame.U
    h = _span(rng, frame.V - CLEARANCE)
    if kind == "2sides_through_step":
        ratio = rng.uniform(0.4, 0.8)
        slope = (h - ratio * h) / (U / 2)
        yl = ratio * h - slope * o
        segs = polygon([(-o, -o), (U + o, -o), (U + o, yl), (U / 2, h), (-o, yl)])
        params = {"height": _r(h), "ratio": _r(ratio)}
    else:
        ratio = rng.uniform(0.3, 0.6)
        left_low = rng.random() < 0.5
        hl, hr = (h * (1 - ratio), h) if left_low else (h, h * (1 - ratio))
        slope = (hr - hl) / U
        segs = polygon([(-o, -o), (U + o, -o), (U + o, hr + slope * o), (-o, hl - slope * o)])
        params = {"height_left": _r(hl), "height_right": _r(hr)}
    d = _through(frame)
    inst = b.new_instance(kind)
    b.cut(prism(frame, segs, d), kind, inst, frame, _NONE, kind)
    params["frame"] = frame.describe()
    return inst, params


# -- blends (AAGNet's chamfer and round on random edges) -------------------------------------------------------
def _random_blend(b, rng, kind):
    edges = [e for e in b.shape.Edges if e.Length >= (MIN_LEN if kind == "round" else 0.0)]
    rng.shuffle(edges)
    for e in edges[:4]:
        if kind == "round":
            size = rng.uniform(0.1, min(5.0, e.Length / 10))
        else:
            size = rng.uniform(0.1, 4.0)
        for s in (size, 0.1):
            snap = b.snapshot()
            try:
                insts = b.blend(kind, [e], s, kind)
                return insts[0], {"size": _r(s), "edge_length": _r(e.Length)}
            except Reject:
                b.restore(snap)
    raise Reject("blend-failed", f"no {kind}able edge")


# -- composites -----------------------------------------------------------------------------------------------
def _counterbore(b, rng, frame):
    u0, v0, w, h = inner_rect(rng, frame)
    rcb = min(w, h) / 2
    if rcb < 1.5 or frame.D < 5:
        raise Reject("face-too-small")
    rdr = rcb * rng.uniform(0.45, 0.7)
    cu, cv = u0 + w / 2, v0 + h / 2
    dcb = rng.uniform(1.0, min(0.4 * frame.D, frame.D - 3.5))
    through = rng.random() < 0.6
    a = b.new_instance("blind_hole")
    b.cut(cylinder(frame, cu, cv, rcb, dcb), "blind_hole", a, frame, _floor(dcb), "counterbore")
    ddr = _through(frame) if through else rng.uniform(dcb + 1.5, frame.D - CLEARANCE)
    kind = "through_hole" if through else "blind_hole"
    c = b.new_instance(kind)
    b.cut(cylinder(frame, cu, cv, rdr, ddr), kind, c, frame, _NONE if through else _floor(ddr), "counterbore drill")
    b.require_faces(a, "counterbore")
    b.composites.append({"type": "counterbore", "instances": [a, c]})
    b.join([a], c)  # docs/labelling.md: the whole stack is one hole, of the drill's class
    return [a, c], {"frame": frame.describe(), "center": [_r(cu), _r(cv)], "bore_radius": _r(rcb),
                    "bore_depth": _r(dcb), "drill_radius": _r(rdr), "drill_depth": _r(ddr), "through": through}


def _countersink(b, rng, frame):
    u0, v0, w, h = inner_rect(rng, frame)
    rcs = min(w, h) / 2
    half = rng.choice([41.0, 45.0, 50.0, 60.0])  # 82, 90, 100, 120 degree countersinks
    rdr = rcs * rng.uniform(0.45, 0.7)
    apex = rcs / math.tan(math.radians(half))
    if rcs < 1.0 or apex > frame.D - CLEARANCE - 0.5:
        raise Reject("face-too-small")
    cu, cv = u0 + w / 2, v0 + h / 2
    through = rng.random() < 0.6
    a = b.new_instance("chamfer")
    b.cut(cone(frame, cu, cv, rcs, half), "chamfer", a, frame, _NONE, "countersink")
    ddr = _through(frame) if through else rng.uniform(apex + 0.5, frame.D - CLEARANCE)
    kind = "through_hole" if through else "blind_hole"
    c = b.new_instance(kind)
    b.cut(cylinder(frame, cu, cv, rdr, ddr), kind, c, frame, _NONE if through else _floor(ddr), "countersink drill")
    b.require_faces(a, "countersink")
    b.composites.append({"type": "countersink", "instances": [a, c]})
    b.join([a], c)  # docs/labelling.md: the cone is a face of the hole
    return [a, c], {"frame": frame.describe(), "center": [_r(cu), _r(cv)], "sink_radius": _r(rcs),
                    "angle_deg": 2 * half, "drill_radius": _r(rdr), "drill_depth": _r(ddr), "through": through}


def _hole_on_floor(b, rng, frame):
    host_kind = rng.choice(["rectangular_pocket", "circular_end_pocket", "6sides_pocket"])
    if host_kind == "circular_end_pocket":
        host, hp, (u0, v0, w, h, d) = _circular_end_pocket(b, rng, frame)
        disk_r = min(w, h) / 2
    else:
        host, hp, (u0, v0, w, h, d) = _passage_or_pocket(b, rng, frame, host_kind.split("_")[0], False)
        disk_r = min(w, h) / 2 * (math.sqrt(3) / 2 if host_kind == "6sides_pocket" else 1.0)
    floor = frame.sunk(d, frame.name + "-floor")
    r = disk_r * rng.uniform(0.2, 0.6)
    off = max(0.0, disk_r - r - CLEARANCE * 0.5)
    ang = rng.uniform(0, 2 * math.pi)
    rad = off * math.sqrt(rng.random())
    cu, cv = u0 + w / 2 + rad * math.cos(ang), v0 + h / 2 + rad * math.sin(ang)
    through = rng.random() < 0.5 or floor.D < MIN_LEN + CLEARANCE + 0.5
    dd = _through(floor) if through else _blind_depth(rng, floor)
    kind = "through_hole" if through else "blind_hole"
    c = b.new_instance(kind)
    b.cut(cylinder(floor, cu, cv, r, dd, top=min(OVERSHOOT, d * 0.5)), kind, c, floor,
          _NONE if through else _floor(dd), "hole on floor")
    b.require_faces(host, "hole_on_floor host")
    return [host, c], {"host": host_kind, "host_params": hp, "center": [_r(cu), _r(cv)], "radius": _r(r),
                       "depth": _r(dd), "through": through}


def _host_edges(b, host, pick):
    """Edges of the current part chosen by pick(edge, [labels of its faces])."""
    out = []
    for e, faces in b.edge_faces().values():
        labs = [b.labels[i] for i in faces]
        if len(labs) == 2 and pick(e, labs):
            out.append(e)
    return out


def _is_along(e, n):
    if e.Curve.__class__.__name__ not in ("Line", "LineSegment"):
        return False
    d = e.Vertexes[-1].Point - e.Vertexes[0].Point
    return d.Length > 0 and abs(d.normalize().dot(n)) > 0.999


def _pocket_fillet(b, rng, frame, floor_too):
    host, hp, (u0, v0, w, h, d) = _passage_or_pocket(b, rng, frame, "rectangular", False)
    params = {"host_params": hp}
    made = [host]
    if not floor_too or rng.random() < 0.5:
        corner = _host_edges(b, host, lambda e, labs: all(l[1] == host for l in labs) and _is_along(e, frame.n))
        if not corner:
            raise Reject("no-edges-to-blend")
        rc = rng.uniform(0.3, min(w, h) / 2 * 0.8)
        corner_insts = b.blend("round", corner, rc, "pocket corner fillet")
        params["_corner_insts"] = corner_insts
        made += corner_insts
        b.join(corner_insts, host)  # the cutter's corner radius is a face of the pocket (docs/labelling.md)
        params["corner_radius"] = _r(rc)
    if floor_too:
        floor_edges = _host_edges(b, host, lambda e, labs: any(l[1] == host and l[2] == 1 for l in labs)
                                  and any(l[1] != host or l[2] == 0 for l in labs) and all(l[1] >= 0 for l in labs))
        if not floor_edges:
            raise Reject("no-edges-to-blend")
        rf = rng.uniform(0.2, min(d * 0.5, min(w, h) / 2 * 0.5, params.get("corner_radius", 99) * 0.45))
        own_walls = set([host] + params.get("_corner_insts", []))
        own = []  # per floor edge: True when it runs between the floor and the pocket's own walls or corners
        for e, faces in b.edge_faces().values():
            if any(e.isSame(x) for x in floor_edges):
                own.append((e, all(b.labels[i][1] in own_walls for i in faces)))
        floor_insts = b.blend("round", floor_edges, rf, "pocket floor fillet")
        made += floor_insts
        if "corner_radius" in params:
            # corner radius >= floor radius: the shape a bull-nose cutter leaves, so the floor fillets along the
            # pocket's own walls and corners (and their corner tori) are the pocket's; a fillet where the floor
            # meets another feature (a hole's rim), or any floor fillet around sharp vertical corners (no cutter
            # makes those), is a fillet operation: `round`, one instance per smooth chain (docs/labelling.md)
            b.join([i for i, e in zip(floor_insts, floor_edges)
                    if any(flag for x, flag in own if x.isSame(e))], host)
        params["floor_radius"] = _r(rf)
    params.pop("_corner_insts", None)
    return made, params


def _feature_edge_chamfer(b, rng, frame):
    host_kind = rng.choice(["rectangular_pocket", "through_hole", "blind_hole", "rectangular_blind_slot",
                            "circular_end_pocket", "rectangular_through_slot"])
    if host_kind in ("through_hole", "blind_hole"):
        host, hp = _hole(b, rng, frame, host_kind == "through_hole")
        size_cap = hp["radius"] * 0.4
    elif host_kind == "rectangular_pocket":
        host, hp, dims = _passage_or_pocket(b, rng, frame, "rectangular", False)
        size_cap = min(dims[2], dims[3]) * 0.2
    elif host_kind == "circular_end_pocket":
        host, hp, dims = _circular_end_pocket(b, rng, frame)
        size_cap = min(dims[2], dims[3]) * 0.2
    else:
        host, hp, dims = _slot(b, rng, frame.rotated(rng.randrange(4)), host_kind)
        size_cap = dims[1] * 0.2
    rim = _host_edges(b, host, lambda e, labs: any(l[1] == host for l in labs) and any(l[1] == -1 for l in labs))
    if not rim:
        raise Reject("no-edges-to-blend")
    size = rng.uniform(0.2, max(0.25, min(1.5, size_cap)))
    made = [host] + b.blend("chamfer", rim, size, "feature edge chamfer")
    return made, {"host": host_kind, "host_params": hp, "size": _r(size), "edges": len(rim)}


# -- dispatch -------------------------------------------------------------------------------------------------
INNER = {"through_hole", "blind_hole", "triangular_passage", "rectangular_passage", "6sides_passage",
         "triangular_pocket", "rectangular_pocket", "6sides_pocket", "circular_end_pocket", "Oring"}
EDGE = {"triangular_through_slot", "rectangular_through_slot", "circular_through_slot", "rectangular_blind_slot",
        "v_circular_end_blind_slot", "h_circular_end_blind_slot"}
CORNER = {"rectangular_through_step", "rectangular_blind_step", "triangular_blind_step", "circular_blind_step"}
SIDE = {"2sides_through_step", "slanted_through_step"}


def apply(b, rng, kind, frames):
    """Apply one feature (or composite) of `kind` on a random stock face; returns its params. Raises Reject."""
    if kind in ("chamfer", "round"):
        _, params = _random_blend(b, rng, kind)
        return params
    frame = rng.choice(frames).rotated(rng.randrange(4))
    if kind in ("through_hole", "blind_hole"):
        return _hole(b, rng, frame, kind == "through_hole")[1]
    if kind in INNER - {"circular_end_pocket", "Oring"}:
        shape, kind_type = kind.split("_")[0], kind.split("_")[1]
        return _passage_or_pocket(b, rng, frame, shape, kind_type == "passage")[1]
    if kind == "circular_end_pocket":
        return _circular_end_pocket(b, rng, frame)[1]
    if kind == "Oring":
        return _oring(b, rng, frame)[1]
    if kind in EDGE:
        return _slot(b, rng, frame, kind)[1]
    if kind in CORNER:
        return _corner_step(b, rng, frame, kind)[1]
    if kind in SIDE:
        return _side_step(b, rng, frame, kind)[1]
    if kind == "counterbore":
        return _counterbore(b, rng, frame)[1]
    if kind == "countersink":
        return _countersink(b, rng, frame)[1]
    if kind == "hole_on_floor":
        return _hole_on_floor(b, rng, frame)[1]
    if kind == "pocket_corner_fillet":
        return _pocket_fillet(b, rng, frame, False)[1]
    if kind == "pocket_floor_fillet":
        return _pocket_fillet(b, rng, frame, True)[1]
    if kind == "feature_edge_chamfer":
        return _feature_edge_chamfer(b, rng, frame)[1]
    raise ValueError(kind)


assert set(CLASS_ID) - {"stock"} == INNER | EDGE | CORNER | SIDE | {"chamfer", "round"}
