"""
Checks the face-area audit's flagged faces (face-area-audit.ts) against OpenCascade's exact Face.Area, so that
a coarse mesh is not mistaken for a wrong exact area. Reads OUT_DIR/faces.jsonl and OUT_DIR/files.jsonl, opens each
file with FreeCAD's Part module (OpenCascade 7.6), and pairs cadlens's faces with OpenCascade's: by index when the
face counts agree and the centroids agree face for face (cadlens's order is the file's, as OpenCascade's for a
single solid), else by the nearest centroid among faces of a similar area. Writes OUT_DIR/occt-check.jsonl, one row
per flagged face with OpenCascade's area and a verdict:
  mesh    - cadlens's exact area is OpenCascade's (rel. 1e-3; Face.Area, else a fine mesh of the face, which
            converges where OpenCascade's default integration is 1e-3 to 1e-2 off on B-spline faces): the audit's
            mesh was off, not the exact area;
  exact   - cadlens's exact area differs from OpenCascade's: a bug to look at;
  nomatch - no OpenCascade face could be paired.
With --all (after face-area-audit.ts --all-exact), also compares every face of every file whose order agrees, not
only the flagged ones, and writes OUT_DIR/occt-all.jsonl: one row per face whose exact area is more than 1e-3 off
OpenCascade's (and more than 1e-3 mm²; Face.Area, else the fine mesh), and prints the totals (faces compared; files
whose order is not OpenCascade's are paired face by face by centroid, and faces left without a partner counted).
Run with FreeCAD's Python modules (Debian freecad-python3):
  python3 tools/geometry-audit/occt-face-areas.py OUT_DIR [--all]
"""
import json
import math
import os
import resource
import sys
from collections import Counter, defaultdict

sys.path.append('/usr/lib/freecad-python3/lib')
import FreeCAD  # noqa: E402,F401  (initialises the Part module)
import Part  # noqa: E402

# a fine mesh of a large B-spline face can take all the memory: cap the address space so that it fails alone
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, resource.RLIM_INFINITY))
out_dir = sys.argv[1]
check_all = '--all' in sys.argv[2:]
flagged = defaultdict(list)
with open(os.path.join(out_dir, 'faces.jsonl')) as fh:
    for line in fh:
        row = json.loads(line)
        flagged[row['file']].append(row)
exact_faces = {}
with open(os.path.join(out_dir, 'files.jsonl')) as fh:
    for line in fh:
        row = json.loads(line)
        if row.get('exactFaces'):
            exact_faces[row['file']] = row['exactFaces']



def fine_mesh_area(face):
    """The area of OpenCascade's mesh of the face at a deflection of 1e-4 of its box: OpenCascade's default Face.Area
    (Gauss points per patch, no error control) can be 1e-3 to 1e-2 off on B-spline faces, where this converges."""
    try:
        points, triangles = face.tessellate(max(1e-5, 1e-4 * face.BoundBox.DiagonalLength))
    except Exception:  # out of memory (the address-space cap below), or OpenCascade's mesher failing
        return math.nan
    return sum((points[b] - points[a]).cross(points[c] - points[a]).Length / 2 for a, b, c in triangles)


def agrees(exact, occ_area, face):
    """Whether cadlens's exact area is OpenCascade's: its Face.Area, else (a B-spline face) its fine mesh."""
    if abs(exact - occ_area) <= 1e-3 * max(occ_area, 1e-9) or abs(exact - occ_area) <= 1e-3:
        return True, occ_area
    fine = fine_mesh_area(face)
    return abs(exact - fine) <= 1e-3 * max(fine, 1e-9), fine  # False where the fine mesh failed (NaN)


def read_occt(path):
    """OpenCascade's faces of a file ((area, centroid, surface class) each) and whether cadlens's order is theirs."""
    shape = Part.Shape()
    shape.read(path)
    occ = []
    for f in shape.Faces:
        c = f.CenterOfMass if f.Area > 0 else FreeCAD.Vector(math.nan, math.nan, math.nan)
        occ.append((f.Area, (c.x, c.y, c.z), f.Surface.__class__.__name__, f))
    ours = exact_faces.get(path)
    by_index = False
    if ours and len(ours) == len(occ):
        diag = max(1.0, shape.BoundBox.DiagonalLength)
        agree = sum(1 for e, o in zip(ours, occ) if e[0] > 0 and math.dist(e[1:], o[1]) < 1e-4 * diag)
        measured = sum(1 for e in ours if e[0] > 0)
        by_index = agree >= 0.95 * measured
    return occ, ours, by_index


if check_all:
    totals = Counter()
    with open(os.path.join(out_dir, 'occt-all.jsonl'), 'w') as out:
        for path in sorted(exact_faces):
            occ, ours, by_index = read_occt(path)
            totals['files'] += 1
            pairs = list(enumerate(zip(ours, occ)))
            if not by_index:
                # another order (several solids, assemblies): each face to the OpenCascade face with its centroid
                # (within 1e-6 of the part's size; among several there, the nearest in area); faces with none are counted,
                # not compared
                totals['files not paired by index'] += 1
                diag = max(1.0, max(abs(x) for o in occ for x in o[1] if math.isfinite(x)))
                pairs = []
                for k, e in enumerate(ours):
                    near = [j for j, o in enumerate(occ) if e[0] > 0 and math.isfinite(o[1][0]) and math.dist(e[1:], o[1]) <= 1e-6 * diag]
                    if near:
                        # faces sharing a centroid (the inside and outside of a tube): the nearest in area
                        best = min(near, key=lambda j: abs(occ[j][0] - e[0]))
                        pairs.append((k, (e, occ[best])))
                        if len(near) > 1:
                            totals['faces paired among several at one centroid'] += 1
                    else:
                        totals['faces not paired'] += 1
            for k, (e, o) in pairs:
                totals['faces'] += 1
                ok, ref = agrees(e[0], o[0], o[3])
                if ref != o[0]:
                    totals['faces checked on a fine mesh'] += 1
                if not ok:
                    totals['faces off'] += 1
                    out.write(json.dumps({'file': path, 'face': k, 'exact': e[0], 'occtArea': o[0], 'fineMesh': ref,
                                          'occtSurface': o[2]}) + '\n')
                    print('off', os.path.basename(path), k, o[2], 'exact %.4f occt %.4f fine mesh %.4f' % (e[0], o[0], ref))
    print(dict(totals))
    sys.exit(0)

verdicts = Counter()
with open(os.path.join(out_dir, 'occt-check.jsonl'), 'w') as out:
    for path, rows in sorted(flagged.items()):
        occ, ours, by_index = read_occt(path)
        for r in rows:
            k = r['face']
            if by_index:
                j = k
            elif ours:
                # nearest centroid among OpenCascade faces within 50 % of the mesh's area
                e = ours[k]
                cand = [(math.dist(e[1:], o[1]) if e[0] > 0 else 0, j) for j, o in enumerate(occ)
                        if abs(o[0] - r['mesh']) <= 0.5 * max(o[0], r['mesh'])]
                j = min(cand)[1] if cand else -1
            else:
                j = -1
            if j < 0:
                verdict, area, kind = 'nomatch', None, None
            else:
                area, _, kind, face = occ[j]
                verdict = 'mesh' if agrees(r['exact'], area, face)[0] else 'exact'
            verdicts[verdict] += 1
            out.write(json.dumps({**r, 'occtFace': j, 'occtArea': area, 'occtSurface': kind, 'byIndex': by_index,
                                  'verdict': verdict}) + '\n')
            print(verdict, os.path.basename(path), k, r['surface'], 'exact %.4f mesh %.4f occt %s' % (
                r['exact'], r['mesh'], 'n/a' if area is None else '%.4f' % area))
print(dict(verdicts))
