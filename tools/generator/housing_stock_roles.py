#!/usr/bin/python3
"""Where on a cast housing the stock faces are that recognition gets wrong: each stock face of a `--housing` set
(tools/generator/mfgen/housing.py) by its role on the casting — bottom, mating face (top), drafted outer wall, cavity
wall, cavity floor, a closed cavity's ceiling, flange top, flange side — with what Tier 2 called the wrong ones (the
JSON of tools/tier2/generated-errors.ts). Dev data only.

  npx tsx tools/tier2/generated-errors.ts --dir /work/gen/h601 --json /tmp/h601-errors.json
  /usr/bin/python3 tools/generator/housing_stock_roles.py --dir /work/gen/h601 --errors /tmp/h601-errors.json
"""
import argparse
import collections
import glob
import json
import os
import sys

sys.path.append("/usr/lib/freecad-python3/lib")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import FreeCAD  # noqa: E402
import Part  # noqa: E402
from mfgen.classes import STOCK  # noqa: E402
from mfgen.provenance import outward_normal  # noqa: E402
from mfgen.step_ids import shell_face_ids  # noqa: E402


def role(face, h):
    """The face's place on the casting, from its surface, outward normal and the body's record."""
    c = face.CenterOfMass
    kind = face.Surface.TypeId.split("::Geom")[-1]
    u, v = face.Surface.parameter(c)
    n = outward_normal(face, u, v)
    radial = FreeCAD.Vector(c.x, c.y, 0)
    inward = radial.Length > 1e-6 and n.dot(radial) < -1e-3 and abs(n.z) < 0.999  # faces the axis: a cavity wall
    if kind != "Plane":
        return f"{kind.lower()} ({'cavity wall' if inward else 'outer'})"
    if abs(n.z) > 0.999:
        if n.z < 0:
            return "bottom" if abs(c.z) < 1e-6 else "cavity ceiling"
        if abs(c.z - h["height"]) < 1e-3:
            return "top (mating face)"
        if abs(c.z - h["floor"]) < 1e-3:
            return "cavity floor"
        if h["flange"] and abs(c.z - h["flange"]["thickness"]) < 1e-3:
            return "flange top"
        return "other up-facing plane"
    if abs(n.z) < 1e-6:
        return "vertical plane (flange side)"
    return "drafted plane (cavity wall)" if inward else "drafted plane (outer)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--errors", required=True, help="JSON of tools/tier2/generated-errors.ts for the same set")
    a = ap.parse_args()
    wrong = collections.defaultdict(dict)
    for e in json.load(open(a.errors))["errors"]:
        wrong[e["part"]][e["stepId"]] = e
    faces, area, bad, bad_area, calls = (collections.Counter() for _ in range(5))
    for path in sorted(glob.glob(os.path.join(a.dir, "syn_h*.json"))):
        name = os.path.basename(path)[:-5]
        labels = json.load(open(path))[0][1]
        h = labels["generator"]["housing"]
        step = os.path.join(a.dir, name + ".step")
        shape = Part.Shape()
        shape.read(step)
        ids = shell_face_ids(open(step).read())[0]
        for face, sid in zip(shape.Solids[0].Faces, ids):
            if labels["seg"][str(sid)] != STOCK:
                continue
            key = (f"{h['shape']}/{h['cavity']}", role(face, h))
            faces[key] += 1
            area[key] += face.Area
            e = wrong[name].get(sid)
            if e:
                bad[key] += 1
                bad_area[key] += face.Area
                calls[key + (e["predicted"], e["rule"])] += 1
    print("| body | stock face role | faces | wrong | wrong by area | area (m²) |")
    print("|---|---|---:|---:|---:|---:|")
    for k in sorted(faces, key=lambda k: -area[k]):
        print(f"| {k[0]} | {k[1]} | {faces[k]} | {bad[k]} | {100 * bad_area[k] / area[k]:.1f} % | {area[k] / 1e6:.3f} |")
    print("\n| body | role | called | rule | faces |\n|---|---|---|---|---:|")
    for k, v in calls.most_common(25):
        print(f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {v} |")


if __name__ == "__main__":
    main()
