#!/usr/bin/python3
"""A generated part as input for tools/labelling/render-faces.py, to look at its labels.

    python3 tools/generator/render_dump.py /work/gen/plates201/syn_p201_000003 [--out /tmp/look]
    python3 tools/labelling/render-faces.py /tmp/look/syn_p201_000003.dump.json \
        --labels /tmp/look/syn_p201_000003.labels.json --views all

Reads NAME.step with FreeCAD (face k of the read solid is the k-th CLOSED_SHELL entry, as step_ids.py checks when
the part is written), tessellates each face, and writes NAME.dump.json (stepId + triangles per face) and
NAME.labels.json (class name, instance and bottom per stepId: the `faces` layout render-faces.py reads).
"""
import argparse
import json
import os
import sys

sys.path.append("/usr/lib/freecad-python3/lib")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import FreeCAD  # noqa: E402,F401
import Part  # noqa: E402
from mfgen.classes import CLASS_NAMES  # noqa: E402
from mfgen.step_ids import shell_face_ids  # noqa: E402

NAMES = CLASS_NAMES + ["other_feature"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("part", help="path without extension (NAME.step and NAME.json beside each other)")
    ap.add_argument("--out", default="/tmp/look")
    ap.add_argument("--deflection", type=float, default=0.05)
    a = ap.parse_args()
    with open(a.part + ".step") as fh:
        ids = shell_face_ids(fh.read())[0]
    with open(a.part + ".json") as fh:
        labels = json.load(fh)[0][1]
    solid = Part.read(a.part + ".step")
    faces = []
    for sid, face in zip(ids, solid.Faces):
        pts, tris = face.tessellate(a.deflection)
        xyz = [round(c, 4) for t in tris for i in t for c in (pts[i].x, pts[i].y, pts[i].z)]
        faces.append({"stepId": sid, "triangles": xyz})
    name = os.path.basename(a.part)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, name + ".dump.json"), "w") as fh:
        json.dump({"file": name + ".step", "faces": faces}, fh)
    row = {fid: k for k, fid in enumerate(labels["face_ids"])}
    out = {}
    for sid in ids:
        k = row[sid]
        inst = next((j for j, x in enumerate(labels["inst"][k]) if x), None)
        out[str(sid)] = {"class": NAMES[labels["seg"][str(sid)]], "instance": inst,
                         "bottom": bool(labels["bottom"][str(sid)])}
    with open(os.path.join(a.out, name + ".labels.json"), "w") as fh:
        json.dump({"faces": out}, fh)
    print(os.path.join(a.out, name + ".dump.json"))


if __name__ == "__main__":
    main()
