"""Labels that follow the shape left (docs/labelling.md, "How the generator follows this guide", mfgen/4).

The construction labels name each face by the operation whose cut made it. A later cut can take a face that
defined the feature — a blind slot's end wall, a pocket's floor, one wall of a corner step — and what is left is
the shape of another class, which is how a person labelling the finished part (docs/labelling.md) names it.
Each rule below reads only geometric facts the generator has: the faces each instance still owns on the final
solid, their outward normals in the frame the feature was cut in (`Builder.frames`), the tool body that made
the instance (`Builder.tools`), and the final solid itself. Cadlens's recognizer is never called.

A rule changes the class of a whole instance (and, where the new class says so, its bottom flags); instance
ids, faces and the geometry are unchanged, so the provenance check (`Builder.verify`) still holds. Each rule
returns None, the new class name (bottom flags kept; none for a passage), or (class, the face indices that are
now its bottom); `follow_shape_left` applies the first rule that answers for an instance.
"""
from .classes import CLASS_ID
from .provenance import Reject, face_samples, outward_normal

AXIS_DOT = 0.999  # an outward normal this close to a frame axis is "along" it
PROBE_STEP_MM, PROBE_DEPTH_MM = 0.25, 1.0  # probes under a pocket's floor level (blind depths are >= 2 mm)
INSIDE_TOL_MM = 1e-4


def _owned(b, inst):
    return [i for i, lab in enumerate(b.labels) if lab[1] == inst]


def _local_normals(b, inst):
    """Outward normal (frame-local) of each planar face the instance owns; curved faces are left out."""
    return [n for _, n in _planar_faces(b, inst)]


def _planar_faces(b, inst):
    """(face index, frame-local outward normal) of each planar face the instance owns."""
    frame = b.frames[inst]
    out = []
    for i in _owned(b, inst):
        face = b.shape.Faces[i]
        if face.Surface.TypeId != "Part::GeomPlane":
            continue
        u0, _, v0, _ = face.ParameterRange  # a plane's normal is the same everywhere: no interior sample needed
        out.append((i, frame.local_dir(outward_normal(face, u0, v0))))
    return out


def _along(n, axis):
    return sum(a * b for a, b in zip(n, axis)) > AXIS_DOT


def _has_face_along(normals, axis):
    """True when a planar face has outward normal `axis` (a frame-local unit vector such as (0, -1, 0))."""
    return any(_along(n, axis) for n in normals)


def _has_curved(b, inst):
    return any(b.shape.Faces[i].Surface.TypeId != "Part::GeomPlane" for i in _owned(b, inst))


def _opens_below_floor(b, inst):
    """True when the material under the instance's floor is gone: probe points inside its tool's floor face, just
    below the floor's level (up to PROBE_DEPTH_MM along -n), all lie outside the final solid. The pocket then opens
    at both ends into another cut (a passage, a cross passage, a deeper cavity); a floor another instance owns at
    the same level (two pockets sharing a floor) still closes it."""
    frame = b.frames[inst]
    floors = [f for faces, labels in b.tools.get(inst, []) for f, lab in zip(faces, labels) if lab[2]]
    if not floors:
        return False
    for floor in floors:
        try:
            samples = face_samples(floor, 5)
        except Reject:
            return False
        for p, _ in samples:
            for k in range(1, int(PROBE_DEPTH_MM / PROBE_STEP_MM) + 1):
                if b.shape.isInside(p - frame.n * (k * PROBE_STEP_MM), INSIDE_TOL_MM, True):
                    return False
    return True


# -- rules (one per relabelling; each documented in docs/labelling.md) -----------------------------------------
POCKET_TO_PASSAGE = {"rectangular_pocket": "rectangular_passage", "triangular_pocket": "triangular_passage",
                     "6sides_pocket": "6sides_passage",
                     # docs/labelling.md: an obround through cut is a rectangular_passage (no obround passage)
                     "circular_end_pocket": "rectangular_passage"}


def pocket_floor_taken(b, inst, cls):
    """A pocket with no floor face left, open below its floor level, opens at both ends: a passage of its profile
    (as a blind hole whose floor a later cut took is a through hole, Builder.apply_convention)."""
    if cls not in POCKET_TO_PASSAGE:
        return None
    if any(b.labels[i][2] for i in _owned(b, inst)):
        return None
    return POCKET_TO_PASSAGE[cls] if _opens_below_floor(b, inst) else None


def slot_floor_taken(b, inst, cls):
    """A rectangular blind slot with no floor left but its end wall is two walls and an end wall, open at the top,
    at the stock edge and below: a slot at an edge running through, `rectangular_through_slot`; as for AAGNet's
    through slot, the face across its length (the end wall) is its bottom."""
    if cls != "rectangular_blind_slot" or any(b.labels[i][2] for i in _owned(b, inst)):
        return None
    ends = {i for i, n in _planar_faces(b, inst) if _along(n, (0.0, -1.0, 0.0))}
    if not ends or not _opens_below_floor(b, inst):
        return None
    return "rectangular_through_slot", ends


def slot_end_taken(b, inst, cls):
    """A blind slot whose end (the rectangular slot's end wall, the v slot's half-round end) another cut took
    entirely opens at both ends: a rectangular through slot (its floor stays the bottom)."""
    if cls == "rectangular_blind_slot":
        return None if _has_face_along(_local_normals(b, inst), (0.0, -1.0, 0.0)) else "rectangular_through_slot"
    if cls == "v_circular_end_blind_slot":
        return None if _has_curved(b, inst) else "rectangular_through_slot"
    return None


def step_wall_taken(b, inst, cls):
    """A rectangular blind step (floor and two walls at a corner) that lost one of its walls to another cut is a
    floor and one wall, open at both ends: a rectangular through step."""
    if cls != "rectangular_blind_step":
        return None
    normals = _local_normals(b, inst)
    walls = [_has_face_along(normals, (-1.0, 0.0, 0.0)), _has_face_along(normals, (0.0, -1.0, 0.0))]
    if _has_face_along(normals, (0.0, 0.0, 1.0)) and walls.count(True) == 1:
        return "rectangular_through_step"
    return None


def h_slot_ends_taken(b, inst, cls):
    """A slot along the edge (h slot) that lost both quarter-round ends is a floor and one long wall open at both
    ends: a rectangular through step."""
    if cls != "h_circular_end_blind_slot" or _has_curved(b, inst):
        return None
    normals = _local_normals(b, inst)
    if _has_face_along(normals, (0.0, 0.0, 1.0)) and _has_face_along(normals, (0.0, -1.0, 0.0)):
        return "rectangular_through_step"
    return None


RULES = [pocket_floor_taken, slot_floor_taken, slot_end_taken, step_wall_taken, h_slot_ends_taken]
# through classes without a floor: the relabelled instance keeps no bottom face
NO_BOTTOM = {"rectangular_passage", "triangular_passage", "6sides_passage"}


def follow_shape_left(b):
    """Relabel the instances of the checked, convention-labelled part `b` by the rules above. Returns
    [{"instance", "rule", "from", "to", "faces"}] for the instances it changed (recorded in the label file)."""
    changed = []
    for inst, info in sorted(b.instances.items()):
        if inst not in b.frames or inst in b.blend_edges or not _owned(b, inst):
            continue  # blends are not cut features; an instance a later cut took whole has nothing to name
        for rule in RULES:
            to = rule(b, inst, info["class"])
            if to is None:
                continue
            to, bottoms = to if isinstance(to, tuple) else (to, None)
            faces = _owned(b, inst)
            b.instances[inst] = dict(info, **{"class": to})
            for i in faces:
                bottom = b.labels[i][2] if bottoms is None else int(i in bottoms)
                b.labels[i] = type(b.labels[i])(CLASS_ID[to], inst, 0 if to in NO_BOTTOM else bottom)
            changed.append({"instance": inst, "rule": rule.__name__, "from": info["class"], "to": to,
                            "faces": len(faces)})
            break
    return changed
