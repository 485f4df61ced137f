"""Face provenance: which operation made each face of the result (the label source).

Every face of a boolean or blend result is a piece of exactly one face of its inputs. For each result face we
take interior sample points with their outward normals and look them up among the input faces:
  - on a face of the previous shape with the same outward normal -> the face keeps that face's label
    (AAGNet's rule: a face a later feature only trims stays with the feature that made it);
  - on a face of the tool body with the opposite normal (a cut face is the tool's skin seen from the material)
    -> the label of that tool face (class, instance, bottom from the tool's construction);
  - neither (blends only: fillet/chamfer faces) -> the new blend instance of the nearest blended edge.
The sample points of one face must all agree, otherwise the operation is rejected. This reads the modelling
history; it never looks at the result's shape to guess a feature.
"""
import FreeCAD
import Part

V = FreeCAD.Vector
DIST_TOL = 1e-4
NORMAL_DOT = 0.95
BOX_MARGIN = 0.5


class Reject(Exception):
    """An operation (or part) that cannot be labelled or is not one valid solid; `reason` is a stable key."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def outward_normal(face, u, v):
    n = face.Surface.normal(u, v)
    return n * -1 if face.Orientation == "Reversed" else n


def face_samples(face, count=3, candidates=16):
    """Up to `count` points inside the face, as far from its boundary as the mesh allows, with the outward
    normal there. Candidates are the uv-centroids of the face's largest mesh triangles mapped onto the surface;
    the ones farthest from the face's edges win, so a sample never sits on the line where the face meets a
    tangent neighbour (a fillet's torus and the cylinder it blends into)."""
    pts, tris = face.tessellate(0.05)
    tris = sorted(tris, key=lambda t: -(pts[t[1]] - pts[t[0]]).cross(pts[t[2]] - pts[t[0]]).Length)[:candidates]
    surf = face.Surface
    boundary = []
    for e in face.Edges:
        try:
            boundary.extend(e.discretize(Deflection=0.01) if e.Length > 0 else [])
        except Exception:  # noqa: BLE001 - degenerate edge (a cone apex): no boundary points
            pass
    scored = []
    for t in tris:
        try:
            uvs = [surf.parameter(pts[i]) for i in t]
            u = sum(x[0] for x in uvs) / 3.0
            v = sum(x[1] for x in uvs) / 3.0
            p = surf.value(u, v)
        except Exception:  # noqa: BLE001 - projection failure: try the next triangle
            continue
        d = min(((b - p).Length for b in boundary), default=1.0)
        scored.append((d, p, u, v))
    scored.sort(key=lambda x: -x[0])
    out = []
    for d, p, u, v in scored:  # the classifier is the costly part: run it on the best candidates only
        if d <= 1e-6 or len(out) >= count:
            break
        if face.isInside(p, 1e-7, True):
            out.append((p, outward_normal(face, u, v)))
    if not out:
        raise Reject("face-without-interior-sample")
    return out


def lies_on(face, p, n, sign):
    """True when p is on the trimmed face and the face's outward normal there is sign * n."""
    # A quick reject on the bounding box. FreeCAD's face box may come from the face's mesh, which lies inside a
    # curved face by up to the mesh deflection (0.05 mm), so the margin must be larger than that.
    bb, m = face.BoundBox, BOX_MARGIN
    if not (bb.XMin - m <= p.x <= bb.XMax + m and bb.YMin - m <= p.y <= bb.YMax + m
            and bb.ZMin - m <= p.z <= bb.ZMax + m):
        return False
    surf = face.Surface
    try:
        u, v = surf.parameter(p)
        q = surf.value(u, v)
    except Exception:  # noqa: BLE001
        return False
    if (q - p).Length > DIST_TOL:
        return False
    if not face.isInside(p, DIST_TOL, True):
        return False
    return outward_normal(face, u, v).dot(n) * sign > NORMAL_DOT


def transfer(new_shape, sources, fallback=None):
    """Labels for every face of new_shape. sources: [(faces, labels, sign)] searched in order (the previous
    shape first, so its faces win, as in AAGNet). fallback(face, samples) labels blend faces or returns None."""
    labels = []
    # A face the operation left untouched is the same B-Rep face (same TShape) in the result: it keeps its label.
    faces0, labels0, sign0 = sources[0]
    unchanged = {g.hashCode(): (g, lab) for g, lab in zip(faces0, labels0)} if sign0 == 1 else {}
    for face in new_shape.Faces:
        same = unchanged.get(face.hashCode())
        if same is not None and same[0].isSame(face):
            labels.append(same[1])
            continue
        samples = face_samples(face)
        found = None
        for p, n in samples:
            hit = None
            for faces, face_labels, sign in sources:
                for g, lab in zip(faces, face_labels):
                    if lies_on(g, p, n, sign):
                        hit = lab
                        break
                if hit is not None:
                    break
            if hit is None and fallback is not None:
                hit = fallback(face, p)
            if hit is None:
                raise Reject("face-without-provenance", f"face at {p}")
            if found is not None and hit != found:
                raise Reject("ambiguous-provenance", f"{found} vs {hit}")
            found = hit
        labels.append(found)
    return labels


def single_solid(shape, what):
    """The one valid solid of a result, or Reject."""
    if shape is None or shape.isNull():
        raise Reject("boolean-failed", what)
    solids = shape.Solids
    if len(solids) != 1:
        raise Reject("not-one-solid", f"{what}: {len(solids)} solids")
    s = solids[0]
    if not s.isValid():
        raise Reject("invalid-solid", what)
    if len(s.Shells) != 1 or not s.Shells[0].isClosed():
        raise Reject("not-one-closed-shell", what)
    if s.Volume <= 0:
        raise Reject("invalid-solid", f"{what}: volume {s.Volume}")
    return s
