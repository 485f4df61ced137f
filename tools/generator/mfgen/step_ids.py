"""STEP export and the map from the solid's faces to ADVANCED_FACE ids.

OpenCascade writes the faces of a solid into its CLOSED_SHELL in the order of its face explorer, which is the
order of `shape.Faces`. We do not take that on trust: the written file is read back, and face k of the read-back
solid (the k-th CLOSED_SHELL entry) must match face k of the labelled solid in surface type, area and area
centroid, and the k-th shell entry must be an ADVANCED_FACE on a surface of the same STEP type.
"""
import re

import Part

from .provenance import Reject

_HEAD = re.compile(r"#(\d+)\s*=\s*([A-Z_0-9]+)\s*\(")
_SHELL = re.compile(r"=\s*CLOSED_SHELL\s*\(\s*'[^']*'\s*,\s*\(([^)]*)\)")
_STEP_SURFACE = {"Plane": "PLANE", "Cylinder": "CYLINDRICAL_SURFACE", "Cone": "CONICAL_SURFACE",
                 "Sphere": "SPHERICAL_SURFACE", "Toroid": "TOROIDAL_SURFACE"}


def shell_face_ids(text):
    """The CLOSED_SHELL's face ids in order and the entity type of each face's surface. Only entity heads
    are scanned (the files hold one solid of at most a few hundred faces)."""
    data = text.split("DATA;", 1)[1]
    heads = {}
    starts = {}
    for m in _HEAD.finditer(data):
        heads[int(m.group(1))] = m.group(2)
        starts[int(m.group(1))] = m.end()
    shells = _SHELL.findall(data)
    if len(shells) != 1:
        raise Reject("step-not-one-shell", f"{len(shells)} CLOSED_SHELLs")
    ids = [int(x) for x in re.findall(r"#(\d+)", shells[0])]
    faces = sorted(i for i, kind in heads.items() if kind == "ADVANCED_FACE")
    if sorted(ids) != faces:
        raise Reject("step-shell-face-mismatch", "CLOSED_SHELL does not list every ADVANCED_FACE")
    types = []
    for i in ids:
        args = data[starts[i]:data.index(";", starts[i])]
        refs = re.findall(r"#(\d+)", args)
        # ADVANCED_FACE('', (bounds), #surface, .T.); a rational B-spline surface is a complex entity
        # "#n = ( BOUNDED_SURFACE() ... );" whose head is not a plain keyword.
        types.append(heads.get(int(refs[-1]), "COMPLEX"))
    return ids, types


def export_and_map(shape, path):
    """Write `shape` to `path` and return the ADVANCED_FACE id of each face of `shape` (same order)."""
    shape.exportStep(path)
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    ids, step_types = shell_face_ids(text)
    faces = shape.Faces
    if len(ids) != len(faces):
        raise Reject("step-face-count-mismatch", f"{len(ids)} ADVANCED_FACEs, {len(faces)} faces")
    back = Part.Shape()
    back.read(path)
    bfaces = back.Faces
    if len(bfaces) != len(faces):
        raise Reject("step-readback-mismatch", f"{len(bfaces)} faces read back, {len(faces)} written")
    props = [(f.Area, f.CenterOfMass, max(1.0, f.BoundBox.DiagonalLength)) for f in faces]
    for k, (a, b, st) in enumerate(zip(faces, bfaces, step_types)):
        # The surface type may change on the way (OpenCascade writes a spindle torus as a surface of
        # revolution); the written entity must be that of the read-back face.
        tb = b.Surface.__class__.__name__
        if tb in _STEP_SURFACE and _STEP_SURFACE[tb] != st:
            raise Reject("step-readback-mismatch", f"face {k}: read back as {tb}, written as {st}")
        # Area and centroid must match within 2 %: the reader re-approximates B-spline edges and pcurves (the
        # boundaries of blends, and of holes cut through them), which moves areas by up to ~1e-3 even on
        # planes and cylinders; the nearest-face test below is what pins the order.
        tol = 2e-2
        area, centre, diag = props[k]
        ba, bc = b.Area, b.CenterOfMass
        if abs(area - ba) > tol * max(1.0, area) or (centre - bc).Length > tol * diag:
            raise Reject("step-readback-mismatch", f"face {k}: geometry differs")
        # ... and face k must be the written face nearest to read-back face k (so the order is really kept).
        def gap(p):
            return (p[1] - bc).Length / p[2] + abs(p[0] - ba) / max(1.0, p[0])
        nearest = min(range(len(props)), key=lambda j: gap(props[j]))
        if nearest != k and gap(props[nearest]) < gap(props[k]):
            raise Reject("step-readback-mismatch", f"face {k}: nearest written face is {nearest}")
    return ids
