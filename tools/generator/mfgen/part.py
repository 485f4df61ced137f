"""One labelled part: stock, features in AAGNet's order, the final provenance check, STEP + label JSON
(+ optional rigid motion and labelled STL)."""
import json
import math
import os
import random
import time

import FreeCAD

from . import VERSION
from .builder import Builder
from .classes import CLASS_ID, COMPOSITE_KINDS, FEATURE_KINDS, ORDER_GROUP, OTHER_FEATURE, STOCK
from .features import apply
from .frames import stock_frames
from .mesh_out import write_stl
from .plates import build_plate
from .protrusions import add_protrusions
from .turned import build_turned
from .housing import build_housing
from .sheet import build_sheet
from .nurbs import to_nurbs
from .provenance import Reject
from .step_ids import export_and_map

STOCK_MIN, STOCK_MAX = 10.0, 100.0
COMPOSITE_SHARE = 0.3
ATTEMPTS_PER_FEATURE = 3
STL_DEFLECTION_MM = 0.05


def part_rng(seed, index):
    # A fixed mix of seed and index (no hash randomisation), so part i is the same in any --count / worker split.
    return random.Random(seed * 1_000_003 + index * 7_919 + 17)


def draw_plan(rng):
    n = rng.randint(2, 8)
    kinds = [rng.choice(COMPOSITE_KINDS) if rng.random() < COMPOSITE_SHARE else rng.choice(FEATURE_KINDS)
             for _ in range(n)]
    big = n >= 10  # AAGNet doubles the minimum stock side for 10+ features (never with 2-8)
    lo = STOCK_MIN * (2 if big else 1)
    dims = [rng.uniform(lo, STOCK_MAX) for _ in range(3)]
    return dims, sorted(kinds, key=lambda k: ORDER_GROUP[k])


def random_motion(rng):
    """A uniformly random rotation (from a random unit quaternion) and a translation in [-100, 100] mm."""
    q = [rng.gauss(0, 1) for _ in range(4)]
    s = math.sqrt(sum(x * x for x in q))
    w, x, y, z = (c / s for c in q)
    rot = [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
           2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
           2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]
    t = [rng.uniform(-100, 100) for _ in range(3)]
    return rot, t


def build(seed, index, protrusions=False):
    """The machined, labelled solid of part (seed, index), or Reject. Returns (builder, solid, record).
    protrusions: first fuse bosses and ribs onto the stock (protrusions.py; their own random stream, so the
    machining plan is the default part's)."""
    rng = part_rng(seed, index)
    dims, plan = draw_plan(rng)
    b = Builder(*dims)
    frames = stock_frames(*dims)
    added = add_protrusions(b, seed, index, frames) if protrusions else None
    rejected = {}
    for kind in plan:
        done = False
        for _ in range(ATTEMPTS_PER_FEATURE):
            snap = b.snapshot()
            b.begin_feature()
            try:
                params = apply(b, rng, kind, frames)
                b.features.append({"kind": kind, "params": params})
                done = True
                break
            except Reject as r:
                b.restore(snap)
                rejected[r.reason] = rejected.get(r.reason, 0) + 1
        if not done:
            rejected["feature-dropped"] = rejected.get("feature-dropped", 0) + 1
    if len(b.features) < 2:
        raise Reject("too-few-features", f"{len(b.features)} of {len(plan)} applied")
    solid = b.verify()
    b.apply_convention()
    info = {"stock": [round(d, 4) for d in dims], "plan": plan, "rejected": rejected}
    if added is not None:
        info["protrusions"] = added
    return b, solid, info


def part_name(seed, index, plates=False, turned=False, sheet=False, nurbs=False, housing=False):
    """syn_s<seed>_<index> (box parts), syn_p<seed>_<index> (--plates), syn_t<seed>_<index> (--turned),
    syn_m<seed>_<index> (--sheet) or syn_h<seed>_<index> (--housing): the modes make different parts of the same seed. --nurbs adds an n after the
    mode letter (syn_sn<seed>_<index>, syn_pn..., ...): the same part as its twin without n, written as B-splines."""
    mode = 'h' if housing else 'm' if sheet else 't' if turned else 'p' if plates else 's'
    return f"syn_{mode}{'n' if nurbs else ''}{seed}_{index:06d}"


def write_part(seed, index, out_dir, motion=False, stl=False, protrusions=False, plates=False, turned=False,
               sheet=False, nurbs=False, housing=False):
    """Generate, check and write part (seed, index). Returns a summary record (status ok or skipped).
    plates: a profiled plate (plates.py) instead of a machined box; turned: a turned part (turned.py); sheet: a bent
    sheet-metal part (sheet.py); housing: a cast housing (housing.py); nurbs: write the finished, labelled solid with B-spline faces and edges (nurbs.py)."""
    name = part_name(seed, index, plates, turned, sheet, nurbs, housing)
    t0 = time.time()
    rec = {"name": name, "seed": seed, "index": index}
    paths = [os.path.join(out_dir, name + ext) for ext in (".step", ".json", ".motion.json", ".stl",
                                                          ".stl.labels.json")]
    tmp_step = paths[0] + ".tmp.step"
    try:
        b, solid, info = (build_housing(seed, index) if housing else build_sheet(seed, index) if sheet else build_turned(seed, index) if turned else build_plate(seed, index) if plates
                          else build(seed, index, protrusions))
        rec.update(info)
        labels = b.labels
        if motion:
            rot, trans = random_motion(part_rng(seed, index + 10_000_000))
            m = FreeCAD.Matrix(rot[0], rot[1], rot[2], trans[0], rot[3], rot[4], rot[5], trans[1],
                               rot[6], rot[7], rot[8], trans[2], 0, 0, 0, 1)
            moved = solid.copy()
            moved.transformShape(m, True)
            if len(moved.Faces) != len(solid.Faces):
                raise Reject("motion-changed-topology")
            for fa, fb in zip(solid.Faces, moved.Faces):  # same face order, faces moved as a whole
                if (m.multiply(fa.CenterOfMass) - fb.CenterOfMass).Length > 1e-6 * max(1.0, fa.BoundBox.DiagonalLength):
                    raise Reject("motion-changed-topology")
            solid = moved
        if nurbs:  # last, after any motion: face order kept and checked, so the labels stay with their faces
            solid = to_nurbs(solid)
        ids = export_and_map(solid, tmp_step)
        face_ids = sorted(ids)
        by_id = dict(zip(ids, labels))
        inst_ids = sorted({lab[1] for lab in labels if lab[1] >= 0})
        seg = {str(i): by_id[i][0] for i in face_ids}
        bottom = {str(i): by_id[i][2] for i in face_ids}
        inst = [[1 if (by_id[i][1] >= 0 and by_id[i][1] == by_id[j][1]) else 0 for j in face_ids] for i in face_ids]
        composites = []
        for c in b.composites:
            faces = [i for i in face_ids if by_id[i][1] in c["instances"]]
            if faces:
                composites.append({"type": c["type"], "faces": faces})
        generator = {"seed": seed, "index": index, "version": VERSION, "stock": info["stock"],
                     "features": b.features, "relabelled": b.relabelled,
                     "instances": {str(k): {"class": v["class"], "feature": v["feature"],
                                            "faces": [i for i in face_ids if by_id[i][1] == k]}
                                   for k, v in sorted(b.instances.items()) if k in inst_ids}}
        if protrusions:  # only then: default label files stay byte-for-byte what they were
            generator["protrusions"] = [dict(p, faces=[i for i in face_ids if by_id[i][1] == p["instance"]])
                                        for p in info["protrusions"]]
        if plates:  # only then, as for protrusions: default label files stay byte-for-byte what they were
            generator["mode"] = "plates"
            generator["plate"] = info["plate"]
        if turned:  # only then, as for plates
            generator["mode"] = "turned"
            generator["turned"] = info["turned"]
        if sheet:  # only then, as for plates
            generator["mode"] = "sheet"
            generator["sheet"] = info["sheet"]
        if housing:  # only then, as for plates
            generator["mode"] = "housing"
            generator["housing"] = info["housing"]
        if nurbs:  # only then: default label files stay byte-for-byte what they were
            generator["nurbs"] = True
        doc = [[name, {
            "seg": seg, "inst": inst, "bottom": bottom, "face_ids": face_ids, "composites": composites,
            "generator": generator,
        }]]
        classes = range(OTHER_FEATURE + 1 if protrusions or turned or sheet or housing else OTHER_FEATURE)
        if any(c not in classes for c in seg.values()) or len(seg) != len(solid.Faces):
            raise Reject("labels-do-not-cover-faces")
        if stl:
            tri = write_stl(solid, paths[3] + ".tmp", ids, [by_id[i][0] for i in ids], STL_DEFLECTION_MM)
            with open(paths[4], "w") as fh:
                json.dump(tri, fh, separators=(",", ":"))
            os.replace(paths[3] + ".tmp", paths[3])
        if motion:
            with open(paths[2], "w") as fh:
                json.dump({"rotation": rot, "translationMm": trans}, fh)
        with open(paths[1], "w") as fh:
            json.dump(doc, fh, separators=(",", ":"))
        os.replace(tmp_step, paths[0])
        hist = {}
        for c in seg.values():
            hist[c] = hist.get(c, 0) + 1
        rec.update(status="ok", relabelled=b.relabelled, faces=len(face_ids), classes=hist, instances=len(inst_ids),
                   composites=[c["type"] for c in composites], features=[f["kind"] for f in b.features])
    except Exception as r:  # noqa: BLE001 - Reject, or an OpenCascade/FreeCAD error: the part is skipped, reported
        reason = r.reason if isinstance(r, Reject) else "internal-error"
        rec.update(status="skipped", reason=reason, detail=f"{type(r).__name__}: {r}")
        for p in paths + [tmp_step, paths[3] + ".tmp"]:
            if os.path.exists(p):
                os.remove(p)
    rec["seconds"] = round(time.time() - t0, 3)
    return rec
