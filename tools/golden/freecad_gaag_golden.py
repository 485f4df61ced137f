#!/usr/bin/python3
"""Golden reference values for the TypeScript gAAG extractor, computed by OpenCascade (7.6, through
Debian's FreeCAD Python `Part` module). Dev-time tool; the library and CI never need it.

For every part: OpenCascade's face order (TopExp explorer over the first solid), the optimal bounding box
(BRepBndLib::AddOptimal, exact geometry) → unit box, and per face
  - surface type (Part TypeId) and uv box (Face.ParameterRange = BRepTools::UVBounds),
  - the 5×5 trimming mask at the gAAG sample uvs: 1 iff BRepTopAdaptor_FClass2d says IN
    (Face.isPartOfDomain = IN or ON at 1e-7) and the sample is not ON a pcurve (uv distance to every
    edge pcurve of the face > 1e-9·span),
  - area and area centroid (BRepGProp surface properties: Face.Area, Face.CenterOfMass) in unit-box units,
and per adjacent face pair (last B-Rep edge in explorer order wins, as networkx does) the convexity from
10 curve-parameter samples with OpenCascade's outward normals (reference §2.7).

Usage (repository root):
  freecadcmd tools/golden/freecad_gaag_golden.py  -- writes test/gaag/golden/occt-gaag-golden.json
Environment: GOLDEN_OUT (output path), GOLDEN_MFCAD_DIR (default .cache/mfcad), SHARED (default ../shared).
"""
import json
import math
import os
import sys

sys.path.append("/usr/lib/freecad-python3/lib")
import FreeCAD  # noqa: E402
import Part  # noqa: E402

ROOT = os.getcwd()
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
MFCAD_DIR = os.environ.get("GOLDEN_MFCAD_DIR", os.path.join(ROOT, ".cache", "mfcad"))
OUT = os.environ.get("GOLDEN_OUT", os.path.join(ROOT, "test", "gaag", "golden", "occt-gaag-golden.json"))
COS5 = math.cos(math.radians(5.0))

AAGNET = ["partA", "partB", "partC"]
REALWORLD = ["D02__motor_antigravity_4004_custom_shaft.STEP", "D03__transmission_pulley_at3_t10_motor.STEP",
             "D09__base.step", "D12__inactive-panel-standoff.step", "D15__nist_ftc_06_asme1_rd.stp",
             "D10__gripper_static_part.step"]
MFCAD_COUNT = 20


def sig(x, n=10):
    return float(f"{x:.{n}g}")


def outward_normal(face, u, v):
    d = face.Surface.normal(u, v)
    n = [d.x, d.y, d.z]
    ln = math.sqrt(sum(c * c for c in n))
    n = [c / ln for c in n] if ln > 0 else n
    return [-c for c in n] if face.Orientation == "Reversed" else n


def cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def coedge_sign(face, edge):
    for e in face.Edges:
        if e.isSame(edge):
            return 1.0 if e.Orientation == "Forward" else -1.0
    raise KeyError("edge not on face")


def convexity(edge, fa, fb):
    t0, t1 = edge.ParameterRange
    sa = coedge_sign(fa, edge)
    dots, votes = 0.0, 0.0
    for k in range(10):
        t = t0 + (t1 - t0) * k / 9
        p = edge.valueAt(t)
        d1 = edge.derivative1At(t)
        tl = math.sqrt(d1.x ** 2 + d1.y ** 2 + d1.z ** 2)
        tan = [sa * d1.x / tl, sa * d1.y / tl, sa * d1.z / tl]
        ua, va = fa.Surface.parameter(p)
        ub, vb = fb.Surface.parameter(p)
        na, nb = outward_normal(fa, ua, va), outward_normal(fb, ub, vb)
        dots += dot(na, nb)
        votes += dot(nb, cross(na, tan))
    if dots / 10 > COS5:
        return "s"
    return "v" if votes < 0 else "x"  # v = convex, x = concave


def pcurve_distance(face, u, v):
    """Smallest uv distance from (u, v) to the face's edge pcurves."""
    best = float("inf")
    p = FreeCAD.Base.Vector2d(u, v)
    # both orientations: a seam edge has one pcurve per orientation
    for e in [x for e0 in face.Edges for x in (e0, e0.reversed())]:
        try:
            c2d, first, last = face.curveOnSurface(e)
        except Exception:
            continue
        try:
            t = c2d.parameter(p)
            t = min(max(t, first), last)
            q = c2d.value(t)
            best = min(best, math.hypot(q.x - u, q.y - v))
        except Exception:
            pass
        for t in (first, last):
            q = c2d.value(t)
            best = min(best, math.hypot(q.x - u, q.y - v))
    return best


def part_golden(path):
    shape = Part.read(path)
    if len(shape.Solids) != 1:
        return None
    solid = shape.Solids[0]
    faces = solid.Faces
    bb = solid.optimalBoundingBox()  # useTriangulation=True (none yet), useShapeTolerance=False
    centre = [(bb.XMin + bb.XMax) / 2, (bb.YMin + bb.YMax) / 2, (bb.ZMin + bb.ZMax) / 2]
    s = 2.0 / max(bb.XLength, bb.YLength, bb.ZLength)
    out_faces = []
    for f in faces:
        umin, umax, vmin, vmax = f.ParameterRange
        span = max(umax - umin, vmax - vmin)
        mask = ""
        for a in range(5):
            u = (1 - a / 4) * umin + (a / 4) * umax
            for b in range(5):
                v = (1 - b / 4) * vmin + (b / 4) * vmax
                inside = f.isPartOfDomain(u, v) and pcurve_distance(f, u, v) > 1e-9 * span
                mask += "1" if inside else "0"
        c = f.CenterOfMass
        out_faces.append([
            f.Surface.TypeId.replace("Part::Geom", ""),
            f.Orientation == "Reversed",
            [sig(umin), sig(umax), sig(vmin), sig(vmax)],
            mask,
            sig(f.Area * s * s, 9),
            [sig((c.x - centre[0]) * s, 9), sig((c.y - centre[1]) * s, 9), sig((c.z - centre[2]) * s, 9)],
        ])
    # face index by hash (isSame)
    index = {}
    for i, f in enumerate(faces):
        index.setdefault(f.hashCode(), []).append((i, f))

    def face_index(g):
        for i, f in index.get(g.hashCode(), []):
            if f.isSame(g):
                return i
        for i, f in enumerate(faces):
            if f.isSame(g):
                return i
        raise KeyError

    pairs = {}
    order = []
    for e in solid.Edges:
        if e.Degenerated:
            continue
        idx = sorted({face_index(g) for g in solid.ancestorsOfType(e, Part.Face)})
        if len(idx) != 2:
            continue
        key = (idx[0], idx[1])
        if key not in pairs:
            order.append(key)
        pairs[key] = convexity(e, faces[idx[0]], faces[idx[1]])
    return {
        "N": len(faces),
        "unitBox": {"center": [sig(x, 12) for x in centre], "scale": sig(s, 12)},
        "faces": out_faces,
        "pairs": [[a, b, pairs[(a, b)]] for a, b in order],
    }


def main():
    jobs = [(n, os.path.join(SHARED, "models", "aagnet", n + ".step"), "models/aagnet/" + n + ".step") for n in AAGNET]
    names = sorted(f for f in os.listdir(MFCAD_DIR) if f.endswith(".step"))
    step = max(1, len(names) // MFCAD_COUNT)
    for f in names[::step][:MFCAD_COUNT]:
        jobs.append(("mfcad/" + f, os.path.join(MFCAD_DIR, f), "mfcad:" + f))
    for f in REALWORLD:
        jobs.append(("realworld/" + f, os.path.join(SHARED, "datasets", "realworld", "parts", f), "datasets/realworld/parts/" + f))
    doc = {
        "description": "OpenCascade reference values for the gAAG extractor (tools/golden/freecad_gaag_golden.py). "
                       "Unit-box units; mask: 25 chars, u-major, not flipped; convexity v=convex x=concave s=smooth. "
                       "Do not edit by hand.",
        "occt": str(getattr(Part, "OCC_VERSION", "7.6")),
        "parts": {},
    }
    for key, path, src in jobs:
        g = part_golden(path)
        if g is None:
            print("skip (not one solid):", key)
            continue
        g["source"] = src
        doc["parts"][key] = g
        print(key, g["N"], len(g["pairs"]), flush=True)
    with open(OUT, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote", OUT, os.path.getsize(OUT))


main()
