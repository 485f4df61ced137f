#!/usr/bin/python3
"""Independent end-to-end check of the converted network on a real part (dev-time tool).

Builds the gAAG of an MFInstSeg example part (reference notes, section 2) with OpenCascade through
Debian's FreeCAD Python module (OCCT 7.6), runs the torch re-implementation of
convert_aagnet.py (literal form) on it, and compares with the per-face predictions the reference
notes record for partA (section 9.4). This checks the spec reading of the network against numbers
that were produced by a different implementation, which the random-graph checks cannot do.

Usage (repository root; needs python3-torch and freecad-python3):
  /usr/bin/python3 models/tools/freecad_gaag.py [path/to/part.step] [--dump out.json]
--dump writes the gAAG (raw inputs) and the torch outputs as JSON (for onnxruntime checks).
"""
from __future__ import annotations

import json
import math
import os
import sys

import numpy as np

sys.path.append("/usr/lib/freecad-python3/lib")
import FreeCAD  # noqa: E402,F401
import Part  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import convert_aagnet as conv  # noqa: E402

SHARED = conv.SHARED
# Reference notes 9.4, partA: per-face argmax from the authors' prototype gAAG.
PART_A_ARGMAX = [24, 24, 24, 24, 6, 6, 6, 24, 24, 24, 1, 1, 24, 6, 6, 6, 14, 14, 14, 14, 14, 14, 24, 6, 6, 6,
                 14, 14, 14, 14, 14, 14]
COS5 = math.cos(math.radians(5.0))


def surface_kind(face) -> str:
    return face.Surface.TypeId


def outward_normal(face, u: float, v: float) -> np.ndarray:
    """Natural normal (dS/du x dS/dv), negated for reversed faces."""
    d = face.Surface.normal(u, v)
    n = np.array([d.x, d.y, d.z])
    ln = np.linalg.norm(n)
    n = n / ln if ln > 0 else n
    return -n if face.Orientation == "Reversed" else n


def face_index(faces, f) -> int:
    for i, g in enumerate(faces):
        if g.isSame(f):
            return i
    raise KeyError("face not found")


def build_gaag(path: str):
    shape = Part.read(path)
    solids = shape.Solids
    if len(solids) != 1:
        raise SystemExit(f"expected one solid, got {len(solids)}")
    solid = solids[0]
    faces = solid.Faces
    n = len(faces)
    # exact box from vertices + dense edge samples (box-like stocks: vertices suffice)
    pts = [np.array([p.x, p.y, p.z]) for e in solid.Edges if not e.Degenerated for p in e.discretize(64)]
    pts = np.array(pts)
    lo, hi = pts.min(0), pts.max(0)
    centre = (lo + hi) / 2
    s = 2.0 / float((hi - lo).max())

    face_attr = np.zeros((n, 10), np.float32)
    grid = np.zeros((n, 7, 5, 5), np.float32)
    type_col = {"Part::GeomPlane": 0, "Part::GeomCylinder": 1, "Part::GeomCone": 2, "Part::GeomSphere": 3,
                "Part::GeomToroid": 4}
    for i, f in enumerate(faces):
        k = surface_kind(f)
        if k in type_col:
            face_attr[i, type_col[k]] = 1
        if k in ("Part::GeomBSplineSurface", "Part::GeomBezierSurface"):
            face_attr[i, 6] = float(f.Surface.isURational() or f.Surface.isVRational())
        face_attr[i, 5] = f.Area * s * s
        c = f.CenterOfMass
        face_attr[i, 7:10] = (np.array([c.x, c.y, c.z]) - centre) * s
        umin, umax, vmin, vmax = f.ParameterRange
        for a in range(5):
            u = (1 - a / 4) * umin + (a / 4) * umax
            for b in range(5):
                v = (1 - b / 4) * vmin + (b / 4) * vmax
                p = f.Surface.value(u, v)
                grid[i, 0:3, a, b] = (np.array([p.x, p.y, p.z]) - centre) * s
                grid[i, 3:6, a, b] = outward_normal(f, u, v)
                # isPartOfDomain counts ON as inside; the outer ring lies on the uv box (ON/OUT) -> 0.
                inner = 0 < a < 4 and 0 < b < 4
                grid[i, 6, a, b] = 1.0 if inner and f.isPartOfDomain(u, v) else 0.0
        if f.Orientation == "Reversed":
            grid[i] = grid[i, :, ::-1, :].copy()

    pairs: dict[tuple[int, int], np.ndarray] = {}
    order: list[tuple[int, int]] = []
    for e in solid.Edges:
        if e.Degenerated:
            continue
        anc = solid.ancestorsOfType(e, Part.Face)
        idx = sorted({face_index(faces, f) for f in anc})
        if len(idx) == 1:
            continue
        if len(idx) > 2:
            raise SystemExit("non-manifold edge")
        a, b = idx
        attr = np.zeros(12, np.float32)
        attr[0:3] = convexity_onehot(e, faces[a], faces[b])
        attr[3] = e.Length * s
        ct = e.Curve.TypeId
        attr[4] = ct == "Part::GeomCircle"
        attr[5] = len(e.Vertexes) == 1 or e.Vertexes[0].isSame(e.Vertexes[-1])
        attr[6] = ct == "Part::GeomEllipse"
        if ct == "Part::GeomBSplineCurve":
            rational = e.Curve.isRational()
            attr[7] = attr[10] = not rational
            attr[8] = attr[11] = rational
        attr[9] = ct == "Part::GeomLine"
        if (a, b) not in pairs:
            order.append((a, b))
        pairs[(a, b)] = attr  # last B-Rep edge wins (networkx add_edge overwrites)
    src, dst, rows = [], [], []
    for a, b in order:
        src += [a, b]
        dst += [b, a]
        rows += [pairs[(a, b)], pairs[(a, b)]]
    edge_index = np.array([src, dst], np.int64)
    edge_attr = np.array(rows, np.float32).reshape(-1, 12)
    return face_attr, grid, edge_index, edge_attr, centre, s


def coedge_sign(face, edge) -> float:
    """+1 when the face's wire uses the edge along its curve's parameter direction."""
    for e in face.Edges:
        if e.isSame(edge):
            return 1.0 if e.Orientation == "Forward" else -1.0
    raise KeyError("edge not on face")


def normal_at_point(face, p) -> np.ndarray:
    u, v = face.Surface.parameter(p)
    return outward_normal(face, u, v)


def convexity_onehot(edge, fa, fb) -> list[float]:
    """[concave, convex, smooth] from 10 curve-parameter samples (orientation-free form of the notes)."""
    t0, t1 = edge.ParameterRange
    sign_a = coedge_sign(fa, edge)
    dots, votes = [], 0.0
    for k in range(10):
        t = t0 + (t1 - t0) * k / 9
        p = edge.valueAt(t)
        d1 = edge.derivative1At(t)
        tan = np.array([d1.x, d1.y, d1.z])
        tan /= np.linalg.norm(tan)
        na, nb = normal_at_point(fa, p), normal_at_point(fb, p)
        dots.append(float(na @ nb))
        d_into_a = np.cross(na, sign_a * tan)  # face a lies on the left of its coedge seen from outside
        votes += float(nb @ d_into_a)
    if np.mean(dots) > COS5:
        return [0, 0, 1]
    return [0, 1, 0] if votes < 0 else [1, 0, 0]


def main() -> int:
    argv = sys.argv[1:]
    if "--dump" in argv:
        k = argv.index("--dump")
        argv = argv[:k] + argv[k + 2:]
    args = [a for a in argv if not a.startswith("--")]
    path = args[0] if args else os.path.join(SHARED, "partA.step")
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    fa, grid, ei, ea, centre, s = build_gaag(path)
    print(f"{os.path.basename(path)}: N={fa.shape[0]} E={ei.shape[1]} centre={centre.round(3)} s={s:.7g}")
    np.set_printoptions(precision=5, suppress=True, linewidth=150)
    print("face 0 raw attrs:", fa[0])
    if fa.shape[0] > 10:
        print("face 10 raw attrs:", fa[10])
    print("face 0 mask (inner rows):", ["".join(str(int(x)) for x in grid[0, 6, r]) for r in (1, 2, 3)])
    print("first edges:", [(int(ei[0, k]), int(ei[1, k]), ea[k, :3].tolist(), round(float(ea[k, 3]), 5))
                           for k in range(0, min(8, ei.shape[1]), 2)])

    import torch
    with open(os.path.join(SHARED, "attr_stat.json")) as f:
        stats = json.load(f)
    model = conv.AAGNetSegmentor(stats)
    model.load_state_dict(torch.load(os.path.join(SHARED, "weight_on_MFInstseg.pth"), map_location="cpu"), strict=True)
    model.eval()
    seg, inst, bottom = conv.run_torch(model, (fa, grid, ei, ea), loop_ref=True)
    pred = seg.argmax(1).tolist()
    prob = torch.softmax(torch.from_numpy(seg), 1).max(1)[0]
    print("per-face argmax:", pred)
    print(f"min per-face max-softmax: {float(prob.min()):.3f}")
    rc = 0
    if os.path.basename(path) == "partA.step":
        diff = [i for i, (p, q) in enumerate(zip(pred, PART_A_ARGMAX)) if p != q]
        print(f"agreement with the reference's partA argmax: {len(pred) - len(diff)}/{len(pred)}"
              + (f" (differ at faces {diff})" if diff else ""))
        rc = 0 if not diff else 1
    if dump:
        def f32(a):  # shortest decimal that round-trips each float32 (JSON.parse + Float32Array gives it back)
            return [float(np.format_float_positional(x, unique=True)) for x in np.asarray(a, np.float32).ravel()]

        doc = {
            "description": f"gAAG of {os.path.basename(path)} (AAGNet examples) built with OpenCascade 7.6 through FreeCAD "
                           "by models/tools/freecad_gaag.py, and the torch outputs (literal form). Do not edit by hand.",
            "part": os.path.basename(path), "N": int(fa.shape[0]), "E": int(ei.shape[1]),
            "unitBox": {"centre": [float(c) for c in centre], "scale": float(s), "note": "FreeCAD units"},
            "inputs": {"faceAttr": f32(fa), "faceGrid": f32(grid), "edgeIndex": [int(v) for v in ei.ravel()],
                       "edgeAttr": f32(ea)},
            "outputs": {"segLogits": f32(seg), "instLogits": f32(inst), "bottomLogits": f32(bottom)},
        }
        if os.path.basename(path) == "partA.step":
            doc["referenceArgmax"] = PART_A_ARGMAX
        with open(dump, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {dump} ({os.path.getsize(dump)} bytes)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
