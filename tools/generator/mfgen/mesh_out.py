"""Binary STL of a labelled solid, with its per-triangle labels (triangles in STL order)."""
import struct


def write_stl(shape, path, face_ids, face_classes, tolerance):
    shape.tessellate(tolerance)  # one mesh for the whole solid, so faces share their boundary vertices
    tris_out, tri_class, tri_face = [], [], []
    for face, fid, cls in zip(shape.Faces, face_ids, face_classes):
        pts, tris = face.tessellate(tolerance)
        if not tris:
            raise ValueError(f"face {fid} has no triangles")
        # orient the face's triangles along its outward normal (checked on its largest triangle)
        best = max(tris, key=lambda t: (pts[t[1]] - pts[t[0]]).cross(pts[t[2]] - pts[t[0]]).Length)
        a, b, c = (pts[i] for i in best)
        nrm = (b - a).cross(c - a)
        centre = (a + b + c) * (1.0 / 3.0)
        u, v = face.Surface.parameter(centre)
        out = face.Surface.normal(u, v)
        if face.Orientation == "Reversed":
            out = out * -1
        flip = nrm.dot(out) < 0
        for t in tris:
            i, j, k = (t[0], t[2], t[1]) if flip else t
            tris_out.append((pts[i], pts[j], pts[k]))
            tri_class.append(cls)
            tri_face.append(fid)
    with open(path, "wb") as fh:
        fh.write(b"cadlens synthetic part".ljust(80, b" "))
        fh.write(struct.pack("<I", len(tris_out)))
        for a, b, c in tris_out:
            n = (b - a).cross(c - a)
            if n.Length > 0:
                n.normalize()
            fh.write(struct.pack("<12fH", n.x, n.y, n.z, a.x, a.y, a.z, b.x, b.y, b.z, c.x, c.y, c.z, 0))
    return {"triangleClass": tri_class, "triangleFace": tri_face}
