"""Cast housings (opt-in, `--housing`): gearbox and motor housings, cast brackets — a drafted shell with a cavity,
casting rounds, bosses, ribs and feet, then machined bores, bolt patterns and drilled holes.

The base body is the casting's skin before any blend, protrusion or machining (docs/labelling.md, "Stock": cast
skins, the inner cavity too, are stock; a mounting flange that is part of the body is stock, as the real gearbox
housing P07's):
- a box-like shell (a frustum of planar faces) or a round one (a cone frustum), its outer walls drafted 0.5-3 deg,
  bottom footprint 40-300 mm;
- an inner cavity drafted the other way (wider at its mouth), open at the top (the machined mating face), or closed
  (a void under a top wall, opened by a machined bore through that wall, the first operation);
- on some parts a base flange round the foot of the body (a plate, part of the base body).
Then, as operations on the Builder (cut / fuse / blend / verify / apply_convention, as the other modes):
1. casting rounds on the base body: the outer vertical corners (box), the other convex edges and the concave edges
   (cavity floor and corners, flange to wall) — one blend operation each: `round`, one instance per smooth chain
   (docs/labelling.md, "One blend operation"; P07: cast fillets one round per smooth chain). The machined mating
   face and the bottom keep sharp edges;
2. protrusions fused on (docs/labelling.md: a boss, foot, rib or gusset standing out of the body is `other_feature`,
   one instance each, never a bottom face): mounting feet at the bottom (no flange), triangular gussets between the
   flange and the wall, cylindrical bosses on the side walls, bosses on the cavity floor with a rib to the wall;
3. casting fillets where the protrusions meet the body or each other: one blend operation, `round`;
4. machining: a bearing bore through each side boss into the cavity (through hole or a stepped seat: counterbore),
   sometimes with a 45 deg edge break at its mouth (`chamfer`), plain bores through a wall, a bolt pattern of
   tapped (blind) holes in the mating face, drilled (sometimes counterbored: a spot face) holes through the feet or
   the flange, blind holes in the floor bosses (holes.py: one instance per hole, composites of the drill's class).

A drill here may run into a boss or foot (`Builder.protrusions_machinable`): it is drilled into that protrusion
only, kept `HOLE_WALL_MM` inside material (checked on the solid) and clear of every other protrusion. The draws
come from a stream of their own (`housing_rng`), so part i of seed s depends only on (s, i); housings are named
`syn_h<s>_<i>`.
"""
import math
import random

import FreeCAD
import Part

from .builder import Builder, tangent_across
from .classes import OTHER_FEATURE, STOCK
from .frames import OVERSHOOT, Frame, cylinder
from .holes import cut_hole, draw_hole
from .provenance import Reject, outward_normal

V = FreeCAD.Vector
ATTEMPTS = 3
HOLE_WALL_MM = 1.0  # material kept round a drilled hole
APART_MM = 2.0  # between protrusions that do not belong together
UP = V(0, 0, 1)


def housing_rng(seed, index):
    """The housing's own stream: part (seed, index) of --housing depends only on (seed, index)."""
    return random.Random(seed * 1_000_003 + index * 7_919 + 60_000_131)


def _r(x):
    return round(x, 4)


def _pick(rng, weighted):
    x, acc = rng.random() * sum(w for _, w in weighted), 0.0
    for value, w in weighted:
        acc += w
        if x < acc:
            return value
    return weighted[-1][0]


# -- the cast body ------------------------------------------------------------------------------------------------
class Body:
    """The drafted shell: outer half sizes (a, b) at the bottom (round: a = b = radius), height h, draft tan t, the
    cavity's half sizes at its mouth level and its floor, and the flange. Distances are along a horizontal direction
    from the body's axis (x = y = 0)."""

    def __init__(self, rng):
        self.round = rng.random() < 0.4
        size = math.exp(rng.uniform(math.log(40.0), math.log(300.0)))  # the bottom footprint's long side
        self.a = size / 2
        self.b = self.a if self.round else self.a * rng.uniform(0.5, 1.0)
        self.h = size * rng.uniform(0.3, 0.8)
        self.draft_deg = rng.uniform(0.5, 3.0)
        self.t = math.tan(math.radians(self.draft_deg))
        self.wall = max(3.0, min(self.a, self.b) * rng.uniform(0.06, 0.14))  # at the mouth (thinnest)
        self.floor = max(3.0, self.wall * rng.uniform(1.0, 1.6))
        self.open = rng.random() < 0.75
        self.top_wall = 0.0 if self.open else max(3.0, self.wall * rng.uniform(1.0, 1.5))
        self.mouth = self.h - self.top_wall  # the cavity's widest level
        self.flange = rng.random() < 0.4
        self.flange_t = self.floor * rng.uniform(0.5, 0.9) if self.flange else 0.0
        self.flange_m = max(8.0, min(self.a, self.b) * rng.uniform(0.2, 0.45)) if self.flange else 0.0
        self.flange_square = self.round and rng.random() < 0.4
        if self.out_a(self.h) - self.wall < 5.0 or self.out_b(self.h) - self.wall < 5.0:
            raise Reject("face-too-small", "cavity")
        if self.mouth - self.floor < 5.0:
            raise Reject("face-too-small", "cavity depth")

    def out_a(self, z):
        return self.a - z * self.t

    def out_b(self, z):
        return self.b - z * self.t

    def cav_a(self, z):
        """The cavity's half size along x at height z (wider upward: its walls drafted the other way)."""
        return self.out_a(self.mouth) - self.wall - (self.mouth - z) * self.t

    def cav_b(self, z):
        return self.out_b(self.mouth) - self.wall - (self.mouth - z) * self.t

    def out_at(self, phi, z):
        """Distance from the axis to the outer wall along the horizontal direction phi (box: phi a multiple of 90 deg)."""
        return self.out_a(z) if self.round or abs(math.cos(phi)) > 0.5 else self.out_b(z)

    def cav_at(self, phi, z):
        return self.cav_a(z) if self.round or abs(math.cos(phi)) > 0.5 else self.cav_b(z)

    def side_room(self, phi, z):
        """Half width of the wall facing phi at height z (the room along it beside the axis); 0 for a round body."""
        if self.round:
            return 0.0
        return self.out_b(z) if abs(math.cos(phi)) > 0.5 else self.out_a(z)

    def thickness(self, phi, z):
        return self.out_at(phi, z) - self.cav_at(phi, z)

    def record(self):
        return {"shape": "round" if self.round else "box", "half_size": [_r(self.a), _r(self.b)], "height": _r(self.h),
                "draft_deg": _r(self.draft_deg), "wall": _r(self.wall), "floor": _r(self.floor),
                "cavity": "open" if self.open else "closed", "top_wall": _r(self.top_wall),
                "flange": ({"thickness": _r(self.flange_t), "margin": _r(self.flange_m),
                            "outline": "square" if self.flange_square or not self.round else "round"}
                           if self.flange else None)}


def _frustum(bottom, top):
    """A solid of planar faces between two parallel polygons with the same number of corners (CCW from +z)."""
    faces = [Part.Face(Part.makePolygon(bottom + [bottom[0]])), Part.Face(Part.makePolygon(top + [top[0]]))]
    n = len(bottom)
    for i in range(n):
        j = (i + 1) % n
        faces.append(Part.Face(Part.makePolygon([bottom[i], bottom[j], top[j], top[i], bottom[i]])))
    solid = Part.Solid(Part.Shell(faces))
    if solid.Volume < 0:
        solid.reverse()
    return solid


def _rect(a, b, z):
    return [V(-a, -b, z), V(a, -b, z), V(a, b, z), V(-a, b, z)]


def cast_body(body):
    """(base solid, cavity solid): the drafted shell with its flange, the cavity cut out."""
    h = body.h
    if body.round:
        outer = Part.makeCone(body.a, body.out_a(h), h, V(0, 0, 0), UP)
    else:
        outer = _frustum(_rect(body.a, body.b, 0.0), _rect(body.out_a(h), body.out_b(h), h))
    if body.flange:
        m, tf = body.flange_m, body.flange_t
        if body.round and not body.flange_square:
            plate = Part.makeCylinder(body.a + m, tf, V(0, 0, 0), UP)
        else:
            plate = Part.makeBox(2 * (body.a + m), 2 * (body.b + m), tf, V(-body.a - m, -body.b - m, 0))
        outer = outer.fuse(plate).removeSplitter()
        if len(outer.Solids) != 1:
            raise Reject("not-one-solid", "flange")
        outer = outer.Solids[0]
    top = h + OVERSHOOT if body.open else body.mouth
    f = body.floor
    if body.round:
        cavity = Part.makeCone(body.cav_a(f), body.cav_a(top), top - f, V(0, 0, f), UP)
    else:
        cavity = _frustum(_rect(body.cav_a(f), body.cav_b(f), f), _rect(body.cav_a(top), body.cav_b(top), top))
    base = outer.cut(cavity)
    if len(base.Solids) != 1:
        raise Reject("not-one-solid", "cast body")
    return base.Solids[0], cavity


# -- edges --------------------------------------------------------------------------------------------------------
def _normal_at(face, p):
    u, v = face.Surface.parameter(p)
    return outward_normal(face, u, v)


def edge_convex(f1, f2, e):
    """True when the two faces meet in a convex (outside) edge: face 2 runs from the edge to below face 1's plane."""
    a, b = e.ParameterRange
    t = (a + b) / 2
    p, tan = e.valueAt(t), e.tangentAt(t)
    n1, n2 = _normal_at(f1, p), _normal_at(f2, p)
    d = n2.cross(tan)
    if d.Length < 1e-9:
        return False
    d.normalize()
    if not f2.isInside(p + d * 0.05, 1e-3, True):
        d = d * -1
    return n1.dot(d) < 0


def _flat_at(face, z, nz):
    """A plane at height z facing nz (the mating face, the bottom)."""
    if face.Surface.TypeId != "Part::GeomPlane":
        return False
    n = _normal_at(face, face.CenterOfMass)
    return n.z * nz > 0.999 and abs(face.CenterOfMass.z - z) < 1e-6


def cast_edges(b, body, convex, vertical=None, of=None, need=None):
    """Edges of the casting to round: two faces of `of` (instances; -1 stock) that meet at a sharp edge of the asked
    convexity, not on the machined mating face (open cavity) nor on the bottom. vertical: True only edges running up
    the body, False none of those, None any. need: one of the two faces must belong to one of these instances (and
    the two to different instances)."""
    of = {-1} if of is None else of
    shape = b.shape
    out = []
    for e, faces in b.edge_faces().values():
        if len(faces) != 2:
            continue
        i, j = faces
        li, lj = b.labels[i][1], b.labels[j][1]
        if li not in of or lj not in of:
            continue
        if need is not None and (li == lj or (li not in need and lj not in need)):
            continue
        f1, f2 = shape.Faces[i], shape.Faces[j]
        if any(_flat_at(f, 0.0, -1) or (body.open and _flat_at(f, body.h, 1)) for f in (f1, f2)):
            continue
        if tangent_across(f1, f2, e):
            continue
        try:
            a, c = e.ParameterRange
            up = abs(e.tangentAt((a + c) / 2).z) > 0.9
        except Exception:  # noqa: BLE001 - a degenerate edge: not one to round
            continue
        if vertical is not None and up != vertical:
            continue
        if edge_convex(f1, f2, e) == convex:
            out.append(e)
    return out


def cast_round(b, rng, body, what, convex, cap, vertical=None, of=None, lo=1.0, need=None):
    """One casting round operation over the selected edges (a radius drawn up to cap)."""
    edges = cast_edges(b, body, convex, vertical, of, need)
    if not edges:
        raise Reject("no-edges-to-blend", what)
    r = rng.uniform(min(lo, 0.8 * cap), cap)
    b.blend("round", edges, r, what)
    return "round", {"where": what, "radius": _r(r), "edges": len(edges)}


# -- protrusions --------------------------------------------------------------------------------------------------
def _horizontal(phi):
    n = V(math.cos(phi), math.sin(phi), 0)
    return n, V(-math.sin(phi), math.cos(phi), 0)


def _along(phi, s, rho0, rho1, half_w, z0, z1):
    """A block from distance rho0 to rho1 along the horizontal direction phi, lateral offset s +- half_w, z0..z1."""
    box = Part.makeBox(rho1 - rho0, 2 * half_w, z1 - z0, V(rho0, s - half_w, z0))
    box.rotate(V(0, 0, 0), UP, math.degrees(phi))
    return box


def _sagitta(radius, half_chord):
    return radius - math.sqrt(max(0.0, radius * radius - half_chord * half_chord))


def _apart(b, body, allow=()):
    for inst, other in b.protrusions.items():
        if inst not in allow and body.distToShape(other)[0] < APART_MM:
            raise Reject("protrusions-touch", "housing")


def _clear_of_cavity(shape, cavity, what):
    if shape.distToShape(cavity)[0] < 0.5:
        raise Reject("tool-hits-cavity", what)


def _directions(rng, body):
    """A horizontal direction to put a wall feature on: one of the four walls of a box, any angle round a round one."""
    if body.round:
        return rng.uniform(0, 2 * math.pi)
    return rng.choice([0.0, 0.5, 1.0, 1.5]) * math.pi


def foot(b, rng, body, cavity, phi, s, feet):
    """A mounting foot at the bottom of the wall facing phi: other_feature (the body has no flange)."""
    hf = body.floor * rng.uniform(0.45, 0.8)
    lf = max(8.0, body.a * rng.uniform(0.15, 0.35))
    wf = max(8.0, min(body.a, body.b) * rng.uniform(0.2, 0.45))
    rho = body.out_at(phi, 0.0)
    pen = hf * body.t + (_sagitta(rho, wf / 2) if body.round else 0.0) + 1.0
    if not body.round and abs(s) + wf / 2 > body.side_room(phi, hf) - 2.0:
        raise Reject("face-too-small", "foot")
    blk = _along(phi, s, rho - pen, rho + lf, wf / 2, 0.0, hf)
    _clear_of_cavity(blk, cavity, "foot")
    _apart(b, blk)
    inst = b.new_instance("other_feature")
    b.fuse(blk, inst, "foot")
    feet.append({"instance": inst, "phi": phi, "s": s, "rho": rho, "length": lf, "width": wf, "height": hf})
    return "foot", {"phi_deg": _r(math.degrees(phi)), "offset": _r(s), "size": [_r(lf), _r(wf), _r(hf)],
                    "instance": inst}


def gusset(b, rng, body, cavity, phi, s):
    """A triangular rib between the flange and the wall facing phi: other_feature."""
    tf = body.flange_t
    hg = (body.h - tf) * rng.uniform(0.2, 0.6)
    lg = body.flange_m * rng.uniform(0.5, 0.85)
    tg = max(2.0, body.wall * rng.uniform(0.5, 0.9))
    rho = body.out_at(phi, tf)
    pen = hg * body.t + (_sagitta(rho, tg / 2) if body.round else 0.0) + 0.6
    n, eu = _horizontal(phi)
    pts = [(rho - pen, tf - 0.5), (rho + lg, tf - 0.5), (rho - pen, tf + hg)]
    base = [n * r + eu * (s - tg / 2) + V(0, 0, z) for r, z in pts]
    face = Part.Face(Part.makePolygon(base + [base[0]]))
    rib = face.extrude(eu * tg)
    if rib.Volume < 0:
        rib.reverse()
    _clear_of_cavity(rib, cavity, "gusset")
    _apart(b, rib)
    inst = b.new_instance("other_feature")
    b.fuse(rib, inst, "gusset")
    return "gusset", {"phi_deg": _r(math.degrees(phi)), "offset": _r(s), "height": _r(hg), "length": _r(lg),
                      "thickness": _r(tg), "instance": inst}


def side_boss(b, rng, body, cavity, bosses):
    """A cylindrical boss on a side wall, its axis horizontal (a bearing seat): other_feature."""
    phi = _directions(rng, body)
    lo_z = max(body.floor, body.flange_t) + 2.0
    hi_z = body.mouth - 2.0
    if not body.open:
        hi_z = body.mouth - 2.0
    room_z = hi_z - lo_z
    if room_z < 8.0:
        raise Reject("face-too-small", "side boss")
    rb = rng.uniform(3.0, max(3.5, min(room_z / 2 - 0.5, 0.35 * body.h, 40.0)))
    zc = rng.uniform(lo_z + rb, max(lo_z + rb, hi_z - rb))
    if zc + rb > hi_z + 1e-6:
        raise Reject("face-too-small", "side boss")
    side = body.side_room(phi, zc + rb)
    s = 0.0
    if not body.round:
        if side - rb - 3.0 < 0:
            raise Reject("face-too-small", "side boss")
        s = rng.uniform(-(side - rb - 3.0), side - rb - 3.0)
    rho = body.out_at(phi, zc + rb)
    thick = body.thickness(phi, zc + rb)
    pen = rb * body.t + (_sagitta(rho, rb) if body.round else 0.0) + 0.5
    if pen > thick - 1.0:
        raise Reject("too-shallow", "side boss wall")
    hb = rb * body.t * 2 + rng.uniform(2.0, max(2.5, min(0.6 * rb + 3.0, 25.0)))
    n, eu = _horizontal(phi)
    start = n * (rho - pen) + eu * s + V(0, 0, zc)
    boss = Part.makeCylinder(rb, pen + hb, start, n)
    _clear_of_cavity(boss, cavity, "side boss")
    _apart(b, boss)
    inst = b.new_instance("other_feature")
    b.fuse(boss, inst, "side boss")
    bosses.append({"instance": inst, "phi": phi, "s": s, "z": zc, "radius": rb, "end": rho + hb, "body": boss})
    return "side_boss", {"phi_deg": _r(math.degrees(phi)), "offset": _r(s), "z": _r(zc), "radius": _r(rb),
                         "length": _r(pen + hb), "instance": inst}


def floor_boss(b, rng, body, cavity, floor_bosses, rib_share=0.6):
    """A boss standing on the cavity floor (open cavity), on 60 % with a rib to the nearest wall: other_feature."""
    f = body.floor
    depth = body.mouth - f
    hb = depth * rng.uniform(0.3, 0.75)
    ca, cb = body.cav_a(f), body.cav_b(f)
    rb = rng.uniform(2.5, max(3.0, min(0.25 * min(ca, cb), 20.0)))
    room_a, room_b = ca - rb - 3.0, cb - rb - 3.0
    if min(room_a, room_b) < 0:
        raise Reject("face-too-small", "floor boss")
    if body.round:
        rho, ang = rng.uniform(0, room_a), rng.uniform(0, 2 * math.pi)
        x, y = rho * math.cos(ang), rho * math.sin(ang)
        if math.hypot(x, y) > room_a:
            raise Reject("face-too-small", "floor boss")
    else:
        x, y = rng.uniform(-room_a, room_a), rng.uniform(-room_b, room_b)
    boss = Part.makeCylinder(rb, hb + 1.0, V(x, y, f - 1.0), UP)
    _apart(b, boss)
    inst = b.new_instance("other_feature")
    b.fuse(boss, inst, "floor boss")
    rec = {"instance": inst, "x": x, "y": y, "radius": rb, "top": f + hb, "body": boss}
    floor_bosses.append(rec)
    params = {"center": [_r(x), _r(y)], "radius": _r(rb), "height": _r(hb), "instance": inst}
    if rng.random() < rib_share:
        hr = hb * rng.uniform(0.4, 0.85)
        tr = max(1.5, min(body.wall * rng.uniform(0.4, 0.8), 1.4 * rb))
        if body.round:
            phi = math.atan2(y, x) if math.hypot(x, y) > 1e-6 else rng.uniform(0, 2 * math.pi)
            wall_in = body.cav_a(f + hr)
            reach = wall_in + 0.5 * body.thickness(phi, f + hr)
            from_c = math.hypot(x, y)
        else:  # toward the nearest wall of the four
            gaps = [(ca - x, 0.0), (ca + x, math.pi), (cb - y, 0.5 * math.pi), (cb + y, 1.5 * math.pi)]
            phi = min(gaps)[1]
            n, _ = _horizontal(phi)
            from_c = x * n.x + y * n.y
            reach = body.cav_at(phi, f + hr) + 0.5 * body.thickness(phi, f + hr)
        n, eu = _horizontal(phi)
        lateral = -x * math.sin(phi) + y * math.cos(phi)
        rib = _along(phi, lateral, from_c, reach, tr / 2, f - 1.0, f + hr)
        _apart(b, rib, allow=(inst,))
        rib_inst = b.new_instance("other_feature")
        b.fuse(rib, rib_inst, "rib")
        params["rib"] = {"height": _r(hr), "thickness": _r(tr), "phi_deg": _r(math.degrees(phi)), "instance": rib_inst}
    return "floor_boss", params


# -- machining ----------------------------------------------------------------------------------------------------
def _in_material(b, frame, u, v, r, z0, z1, host=None, reach=None):
    """Reject unless a cylinder HOLE_WALL_MM wider than the hole, from depth z0 to z1 below the frame, lies in the
    material and clear of every protrusion but its host (so a drill never breaks out of a wall or into a rib)."""
    probe = Part.makeCylinder(r + HOLE_WALL_MM, z1 - z0, frame.point(u, v, -z1), frame.n)
    inside = probe.common(b.shape).Volume
    if inside < probe.Volume * (1 - 1e-4):
        raise Reject("hole-breaks-out", "housing hole")
    tool = cylinder(frame, u, v, r + 0.5, reach or z1)
    for inst, body in b.protrusions.items():
        if inst != host and tool.distToShape(body)[0] < 1e-6:
            raise Reject("tool-hits-protrusion", "housing hole")


def _force_through(spec):
    spec["through"] = True
    spec.pop("drill_depth", None)
    spec.pop("depth", None)
    return spec


def _hole_record(spec):
    return {k: (_r(x) if isinstance(x, float) else x) for k, x in spec.items()}


def _seat_or_through(rng, share, r, depth):
    """A counterbore (a stepped bearing seat) on `share` of the draws, else (or where the seat cannot fit the
    material) a plain through hole of radius r."""
    if rng.random() < share:
        try:
            return draw_hole(rng, "counterbore", r, depth)
        except Reject:
            pass
    return {"kind": "through_hole", "through": True, "point": False, "radius": r}


def top_bore(b, rng, body):
    """Closed cavity: a machined bore through the top wall into the void (the first operation: it makes the part
    one shell). A through hole, sometimes a stepped seat (counterbore)."""
    top = body.h
    cap = min(body.cav_a(body.mouth), body.cav_b(body.mouth)) - 2.0
    r = rng.uniform(min(3.0, cap), max(3.0, min(cap, 0.45 * min(body.out_a(top), body.out_b(top)))))
    frame = Frame(V(0, 0, top), V(1, 0, 0), V(0, 1, 0), UP, 0.0, 0.0, body.top_wall + 1.0, "+z")
    spec = _force_through(_seat_or_through(rng, 0.35, r, body.top_wall))
    cut_hole(b, frame, 0.0, 0.0, spec)
    return "top_bore", {"hole": _hole_record(spec)}


def boss_bore(b, rng, body, boss):
    """A bearing bore through a side boss and its wall into the cavity; on 35 % a 45 deg edge break at its mouth."""
    n, eu = _horizontal(boss["phi"])
    end = boss["end"]
    origin = n * end + eu * boss["s"] + V(0, 0, boss["z"])
    frame = Frame(origin, eu, UP, n, 0.0, 0.0, 0.0, "boss")
    rb = boss["radius"]
    r = rng.uniform(min(2.0, 0.4 * rb), max(2.0, rb - 2.5))
    if r > rb - 2.0:
        raise Reject("face-too-small", "boss bore")
    # the far face of the wall: the cavity wall at the bore's lowest point lies farthest out
    frame.D = end - body.cav_at(boss["phi"], boss["z"] - r) + 1.0 + (r if body.round else 0.0)
    wall = end - body.out_at(boss["phi"], boss["z"] - rb)
    spec = _force_through(_seat_or_through(rng, 0.4, r, wall))
    _in_material(b, frame, 0.0, 0.0, r if spec["kind"] == "through_hole" else spec["outer_radius"], 0.01, 0.5,
                 boss["instance"], frame.D)
    inst = cut_hole(b, frame, 0.0, 0.0, spec)
    params = {"boss": boss["instance"], "hole": _hole_record(spec)}
    if rng.random() < 0.35:  # an edge break round the bore's mouth: its own chamfer (docs/labelling.md)
        rim = [e for e, faces in b.edge_faces().values() if len(faces) == 2 and e.Curve.TypeId == "Part::GeomCircle"
               and sorted(b.labels[i][1] for i in faces) == sorted([inst, boss["instance"]])
               and abs(n.dot(e.Curve.Center - origin)) < 1e-6]
        if rim:
            size = rng.uniform(0.3, max(0.35, min(1.5, 0.15 * r)))
            b.blend("chamfer", rim, size, "bore edge break")
            params["edge_break"] = _r(size)
    return "boss_bore", params


def wall_bore(b, rng, body, cavity):
    """A plain bore through a wall into the cavity (no boss): a through hole."""
    phi = _directions(rng, body)
    lo_z, hi_z = max(body.floor, body.flange_t) + 2.0, body.mouth - 2.0
    r_hi = min((hi_z - lo_z) / 2 - 1.0, 0.25 * body.h, 25.0)
    if r_hi < 2.0:
        raise Reject("face-too-small", "wall bore")
    r = rng.uniform(2.0, r_hi)
    zc = rng.uniform(lo_z + r, hi_z - r)
    s = 0.0
    if not body.round:
        room = min(body.side_room(phi, zc + r), body.cav_at(phi + math.pi / 2, zc - r)) - r - 3.0
        if room < 0:
            raise Reject("face-too-small", "wall bore")
        s = rng.uniform(-room, room)
    n, eu = _horizontal(phi)
    rho = body.out_at(phi, zc - r) + 0.5
    frame = Frame(n * rho + eu * s + V(0, 0, zc), eu, UP, n, 0.0, 0.0, 0.0, "wall")
    frame.D = rho - body.cav_at(phi, zc - r) + 1.0 + (r if body.round else 0.0)
    tool = cylinder(frame, 0.0, 0.0, r + 0.5, frame.D)
    for inst, other in b.protrusions.items():
        if tool.distToShape(other)[0] < 1e-6:
            raise Reject("tool-hits-protrusion", "wall bore")
    spec = {"kind": "through_hole", "through": True, "point": False, "radius": r}
    cut_hole(b, frame, 0.0, 0.0, spec)
    return "wall_bore", {"phi_deg": _r(math.degrees(phi)), "offset": _r(s), "z": _r(zc), "radius": _r(r)}


def mating_pattern(b, rng, body):
    """Tapped (blind) holes in the machined mating face round the open cavity's mouth, on the wall's mid line."""
    wall = body.wall
    r = rng.uniform(min(1.0, 0.2 * wall), max(1.0, 0.3 * wall))
    if r + HOLE_WALL_MM > wall / 2:
        raise Reject("face-too-small", "mating pattern")
    depth_room = min(body.mouth - body.floor, 40.0)
    ma, mb = body.out_a(body.h) - wall / 2, body.out_b(body.h) - wall / 2
    if body.round:
        k = rng.randint(4, 8)
        ph = rng.choice([0.0, math.pi / k])
        pts = [(ma * math.cos(ph + 2 * math.pi * i / k), ma * math.sin(ph + 2 * math.pi * i / k)) for i in range(k)]
    else:
        pts = [(ma * sa, mb * sb) for sa in (-1, 1) for sb in (-1, 1)]
        if rng.random() < 0.5:
            pts += [(0.0, -mb), (0.0, mb)]
        if rng.random() < 0.3:
            pts += [(-ma, 0.0), (ma, 0.0)]
    frame = Frame(V(0, 0, body.h), V(1, 0, 0), V(0, 1, 0), UP, 0.0, 0.0, depth_room, "+z")
    spec = draw_hole(rng, "blind_hole", r, depth_room)
    done = 0
    for u, v in pts:
        snap = b.snapshot()
        try:
            _in_material(b, frame, u, v, r, 0.01, spec["depth"] + 0.5)
            cut_hole(b, frame, u, v, spec)
            done += 1
        except Reject:
            b.restore(snap)
    if done < 2:
        raise Reject("feature-left-no-face", "mating pattern")
    return "mating_pattern", {"holes": done, "hole": _hole_record(spec)}


def _mount_holes(b, rng, frame, pts, r_out, depth, kinds, host_of, what):
    kind = _pick(rng, kinds)
    spec = _force_through(draw_hole(rng, kind, r_out, depth))
    done = 0
    for (u, v), host in zip(pts, host_of):
        snap = b.snapshot()
        try:
            _in_material(b, frame, u, v, r_out, 0.01, depth - 0.01, host)
            cut_hole(b, frame, u, v, spec)
            done += 1
        except Reject:
            b.restore(snap)
    if not done:
        raise Reject("feature-left-no-face", what)
    return spec, done


def flange_holes(b, rng, body):
    """Drilled holes through the flange (corners, or a bolt circle round a round body): through or counterbored."""
    tf, m = body.flange_t, body.flange_m
    r = rng.uniform(min(2.0, 0.15 * m), max(2.0, min(0.22 * m, 10.0)))
    frame = Frame(V(0, 0, tf), V(1, 0, 0), V(0, 1, 0), UP, 0.0, 0.0, tf, "flange")
    if body.round and not body.flange_square:
        k = rng.randint(3, 8)
        ph = rng.uniform(0, math.pi)
        rc = body.a + m * 0.55
        pts = [(rc * math.cos(ph + 2 * math.pi * i / k), rc * math.sin(ph + 2 * math.pi * i / k)) for i in range(k)]
    else:
        ea, eb = body.a + m * 0.5, body.b + m * 0.5
        pts = [(ea * sa, eb * sb) for sa in (-1, 1) for sb in (-1, 1)]
    spec, done = _mount_holes(b, rng, frame, pts, r, tf, (("through_hole", 0.6), ("counterbore", 0.4)),
                              [None] * len(pts), "flange holes")
    return "flange_holes", {"holes": done, "hole": _hole_record(spec)}


def foot_hole(b, rng, ft):
    """A drilled hole through a foot: through or counterbored (a spot face)."""
    n, eu = _horizontal(ft["phi"])
    r = rng.uniform(min(1.5, 0.2 * ft["width"]), max(1.5, min(0.3 * ft["width"], 0.3 * ft["length"], 10.0)))
    c = n * (ft["rho"] + ft["length"] * 0.5) + eu * ft["s"]
    frame = Frame(V(0, 0, ft["height"]), V(1, 0, 0), V(0, 1, 0), UP, 0.0, 0.0, ft["height"], "foot")
    spec, _ = _mount_holes(b, rng, frame, [(c.x, c.y)], r, ft["height"], (("through_hole", 0.6), ("counterbore", 0.4)),
                           [ft["instance"]], "foot hole")
    return "foot_hole", {"foot": ft["instance"], "hole": _hole_record(spec)}


def floor_boss_hole(b, rng, boss):
    """A blind (tapped) hole in a floor boss's top."""
    r = rng.uniform(min(1.0, 0.3 * boss["radius"]), max(1.0, 0.5 * boss["radius"]))
    if r + HOLE_WALL_MM > boss["radius"] - 0.5:
        raise Reject("face-too-small", "floor boss hole")
    frame = Frame(V(0, 0, boss["top"]), V(1, 0, 0), V(0, 1, 0), UP, 0.0, 0.0, boss["top"], "boss top")
    room = boss["top"] - 2.0
    spec = draw_hole(rng, "blind_hole", r, min(room, 6 * r + 3.0))
    _in_material(b, frame, boss["x"], boss["y"], r, 0.01, spec["depth"] + 0.5, boss["instance"])
    cut_hole(b, frame, boss["x"], boss["y"], spec)
    return "floor_boss_hole", {"boss": boss["instance"], "hole": _hole_record(spec)}


# -- the part -----------------------------------------------------------------------------------------------------
def build_housing(seed, index):
    """The cast, machined, labelled housing of (seed, index), or Reject. Returns (builder, solid, record) like
    part.build."""
    rng = housing_rng(seed, index)
    body = Body(rng)
    base, cavity = cast_body(body)
    bb = base.BoundBox
    b = Builder(bb.XLength, bb.YLength, bb.ZLength, base=base)
    b.protrusions_machinable = True
    b.protrusions_may_touch = True
    b.curved_stock = True
    rejected, plan = {}, []
    feet, bosses, floor_bosses = [], [], []

    def attempt(what, op, tries=ATTEMPTS):
        plan.append(what)
        return b.try_feature(op, rejected, tries)

    if not body.open:  # the void is opened first: every later operation needs one shell
        done, _ = attempt("top bore", lambda: top_bore(b, rng, body))
        if not done:
            raise Reject("closed-cavity-not-opened", "top bore")
    # 1. casting rounds on the base body
    wall_min = min(body.wall, body.floor, body.top_wall or body.wall)
    if not body.round and rng.random() < 0.85:
        cap = max(1.5, min(0.2 * min(body.out_a(body.h), body.out_b(body.h)), 25.0,
                           0.8 * body.flange_m if body.flange else 25.0))
        attempt("corner rounds", lambda: cast_round(b, rng, body, "outer corners", True, cap, vertical=True, lo=2.0), 2)
    if rng.random() < 0.85:
        attempt("cavity fillets", lambda: cast_round(b, rng, body, "concave edges", False,
                                                      max(1.0, min(0.45 * wall_min, 8.0)), of=cast_faces(b)), 2)
    if rng.random() < 0.6:
        attempt("edge rounds", lambda: cast_round(b, rng, body, "convex edges", True,
                                                   max(0.8, min(0.4 * wall_min, 5.0)), of=cast_faces(b), lo=0.5), 2)
    # 2. protrusions
    if body.flange:
        if rng.random() < 0.55:
            k = rng.choice([2, 4]) if not body.round else rng.choice([3, 4, 6])
            ph = rng.choice([0.0, 0.25 * math.pi]) if body.round else 0.0
            for i in range(k):
                phi = ph + 2 * math.pi * i / k
                attempt("gusset", lambda phi=phi: gusset(b, rng, body, cavity, phi, 0.0), 2)
    elif rng.random() < 0.55:
        phis = [0.0, math.pi]
        per_side = 1 if body.round or rng.random() < 0.4 else 2
        for phi in phis:
            for j in range(per_side):
                s = 0.0 if per_side == 1 else (body.b * 0.6) * (1 if j else -1)
                attempt("foot", lambda phi=phi, s=s: foot(b, rng, body, cavity, phi, s, feet), 2)
    for _ in range(_pick(rng, ((0, 0.25), (1, 0.45), (2, 0.3)))):
        attempt("side boss", lambda: side_boss(b, rng, body, cavity, bosses))
    if body.open:
        for _ in range(_pick(rng, ((0, 0.5), (1, 0.35), (2, 0.15)))):
            attempt("floor boss", lambda: floor_boss(b, rng, body, cavity, floor_bosses))
    # 3. casting fillets where the protrusions meet the body and each other
    if b.protrusions and rng.random() < 0.7:
        attempt("protrusion fillets", lambda: cast_round(b, rng, body, "protrusion bases", False,
                                                         max(0.6, min(3.0, 0.3 * wall_min)),
                                                         of=cast_faces(b) | set(b.protrusions), lo=0.5,
                                                         need=set(b.protrusions)), 2)
    # 4. machining
    for boss in bosses:
        attempt("boss bore", lambda boss=boss: boss_bore(b, rng, body, boss))
    if rng.random() < 0.3:
        attempt("wall bore", lambda: wall_bore(b, rng, body, cavity))
    if body.open and rng.random() < 0.75:
        attempt("mating pattern", lambda: mating_pattern(b, rng, body), 2)
    if body.flange and rng.random() < 0.85:
        attempt("flange holes", lambda: flange_holes(b, rng, body), 2)
    for ft in feet:
        if rng.random() < 0.85:
            attempt("foot hole", lambda ft=ft: foot_hole(b, rng, ft), 2)
    for boss in floor_bosses:
        if rng.random() < 0.7:
            attempt("floor boss hole", lambda boss=boss: floor_boss_hole(b, rng, boss), 2)
    if len(b.features) < 2:
        raise Reject("too-few-features", f"{len(b.features)} applied")
    solid = b.verify()
    b.apply_convention()
    info = {"stock": [_r(bb.XLength), _r(bb.YLength), _r(bb.ZLength)], "plan": plan, "rejected": rejected,
            "housing": body.record()}
    return b, solid, info


def cast_faces(b):
    """The instances of the cast skin so far: stock (-1) and the casting rounds (every blend made before machining)."""
    return {-1} | set(b.blend_edges)
