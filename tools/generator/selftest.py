#!/usr/bin/python3
"""Self-test of the label provenance check (run by test/datasets/synthetic-generator.test.ts when FreeCAD is
installed): builds one part, checks its labels pass Builder.verify(), then tampers with them in three ways (a
feature face relabelled as stock, two faces of different instances swapped, a face dropped) and requires verify()
to reject each. Prints one JSON line with the outcome; exit 0 only when all checks behaved.

  python3 tools/generator/selftest.py [--seed 1] [--index 7]
"""
import argparse
import json
import os
import sys

sys.path.append("/usr/lib/freecad-python3/lib")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import FreeCAD  # noqa: E402,F401
from mfgen.builder import Label  # noqa: E402
from mfgen.classes import STOCK  # noqa: E402
from mfgen.part import build  # noqa: E402
from mfgen.provenance import Reject  # noqa: E402


def rejected(b):
    try:
        b.verify()
        return None
    except Reject as r:
        return r.reason


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--index", type=int, default=7)
    a = ap.parse_args()
    b, _, _ = build(a.seed, a.index)
    out = {"clean": rejected(b)}
    good = list(b.labels)
    feat = [i for i, lab in enumerate(good) if lab[1] >= 0 and lab[1] not in b.blend_edges]
    i = feat[0]
    b.labels = list(good)
    b.labels[i] = Label(STOCK, -1, 0)
    out["feature_as_stock"] = rejected(b)
    j = next(k for k in feat if good[k][1] != good[i][1])
    b.labels = list(good)
    b.labels[i], b.labels[j] = good[j], good[i]
    out["swapped_instances"] = rejected(b)
    b.labels = good[:-1]
    out["face_dropped"] = rejected(b)
    ok = out["clean"] is None and all(out[k] is not None for k in ("feature_as_stock", "swapped_instances",
                                                                    "face_dropped"))
    out["ok"] = ok
    print(json.dumps(out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
