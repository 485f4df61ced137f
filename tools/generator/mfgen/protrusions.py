"""Protrusions (opt-in, `--protrusions`): bosses and ribs fused onto the stock before the machining features.

Real parts have material standing out of the base body — cylindrical and rectangular bosses, ribs, feet — that
the 24 AAGNet kinds never make. docs/labelling.md labels such a protrusion `other_feature` (one instance per
protrusion, no bottom face: nothing was removed) and keeps the face it stands on `stock` ("a plate with a raised
block keeps the plate top as stock"). A fillet at a protrusion's foot is a fillet operation at the base of a boss
or rib, so it is its own `round` instance (docs/labelling.md, "Fillets and chamfers"), made here with the same
blend operation as any other round.

A protrusion stands inside one stock face, at least FOOT_MARGIN_MM from its edges and CLEARANCE_MM from the other
protrusions, so the face keeps a stock rim all round it. The machining features that follow are drawn as without
protrusions; a cut whose tool would touch a protrusion is rejected and retried (Builder.cut), so a protrusion is
never machined and its foot always stands on the stock face (unless a later cut beside it lowers that face).
The draws come from their own random stream, so the machining plan of part (seed, i) is that of the default part.
"""
import random

from .frames import cylinder, polygon, prism
from .provenance import Reject

SHARE = 0.75  # share of parts that get protrusions
COUNT = (1, 3)
KINDS = ("cylindrical_boss", "rectangular_boss", "rib")
FOOT_MARGIN_MM = 2.0
CLEARANCE_MM = 1.0
MIN_SIDE_MM = 2.0
ATTEMPTS = 4
FOOT_FILLET_SHARE = 0.3


def protrusion_rng(seed, index):
    """A stream of its own (not the part's), so the default draws of part (seed, index) are untouched."""
    return random.Random(seed * 1_000_003 + index * 7_919 + 20_000_017)


def _height(rng, frame):
    return rng.uniform(2.0, max(3.0, min(30.0, 0.6 * max(frame.U, frame.V), 1.5 * frame.D)))


def _body(rng, frame, kind):
    """(solid standing on the frame's face from z = 0 up, params); raises Reject when the face is too small."""
    room_u, room_v = frame.U - 2 * FOOT_MARGIN_MM, frame.V - 2 * FOOT_MARGIN_MM
    if min(room_u, room_v) < MIN_SIDE_MM:
        raise Reject("face-too-small", kind)
    h = _height(rng, frame)
    if kind == "cylindrical_boss":
        r = rng.uniform(MIN_SIDE_MM / 2, max(MIN_SIDE_MM / 2, 0.25 * min(room_u, room_v)))
        cu = FOOT_MARGIN_MM + r + rng.uniform(0, room_u - 2 * r)
        cv = FOOT_MARGIN_MM + r + rng.uniform(0, room_v - 2 * r)
        body = cylinder(frame, cu, cv, r, 0.0, top=h)  # from z = h down to the face
        return body, {"center": [round(cu, 4), round(cv, 4)], "radius": round(r, 4), "height": round(h, 4)}
    if kind == "rectangular_boss":
        w = max(MIN_SIDE_MM, room_u * rng.uniform(0.1, 0.45))
        d = max(MIN_SIDE_MM, room_v * rng.uniform(0.1, 0.45))
    else:  # rib: a thin wall along u or v
        t = rng.uniform(1.0, 3.0)
        along_u = rng.random() < 0.5
        length = (room_u if along_u else room_v) * rng.uniform(0.4, 0.9)
        if length < 3 * t or t > (room_v if along_u else room_u):
            raise Reject("face-too-small", kind)
        w, d = (length, t) if along_u else (t, length)
    u0 = FOOT_MARGIN_MM + rng.uniform(0, room_u - w)
    v0 = FOOT_MARGIN_MM + rng.uniform(0, room_v - d)
    pts = [(u0, v0), (u0 + w, v0), (u0 + w, v0 + d), (u0, v0 + d)]
    # prism() extrudes from z = top down to -depth: top = h, depth = 0 gives the block standing on the face
    body = prism(frame, polygon(pts), 0.0, top=h)
    return body, {"corner": [round(u0, 4), round(v0, 4)], "size": [round(w, 4), round(d, 4)], "height": round(h, 4)}


def _foot_fillet(b, rng, inst, params):
    """Fillets the edges where the protrusion meets the stock face (a `round` operation); skipped if it fails."""
    foot = [e for e, faces in b.edge_faces().values()
            if len(faces) == 2 and sorted(b.labels[i][1] == inst for i in faces) == [False, True]
            and any(b.labels[i][1] == -1 for i in faces)]
    if not foot:
        return
    short = min(params["size"]) if "size" in params else 2 * params["radius"]
    cap = min(2.0, 0.3 * short, 0.3 * params["height"])
    r = rng.uniform(0.2, max(0.25, cap))
    snap = b.snapshot()
    try:
        b.blend("round", foot, r, "protrusion foot fillet")
        params["foot_fillet"] = round(r, 4)
    except Reject:
        b.restore(snap)


def add_protrusions(b, seed, index, frames):
    """Fuses 1-3 protrusions onto stock faces of the fresh stock in `b` (a SHARE of parts get any). Returns the
    params of each one added (written to the label file as `generator.protrusions`)."""
    rng = protrusion_rng(seed, index)
    if rng.random() >= SHARE:
        return []
    out = []
    for _ in range(rng.randint(*COUNT)):
        kind = rng.choice(KINDS)
        for _ in range(ATTEMPTS):
            frame = rng.choice(frames)
            snap = b.snapshot()
            try:
                body, params = _body(rng, frame, kind)
                inst = b.new_instance("other_feature")
                b.fuse(body, inst, what=kind)
                if rng.random() < FOOT_FILLET_SHARE:
                    _foot_fillet(b, rng, inst, params)
                params.update(kind=kind, instance=inst, frame=frame.describe())
                out.append(params)
                break
            except Reject:
                b.restore(snap)
    return out
