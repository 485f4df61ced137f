#!/usr/bin/python3
"""Labelled curved-feature generator: prismatic parts with AAGNet's 24 machining-feature kinds plus composites,
labelled from the modelling history. Dev-time tool (Debian freecad-python3); see README.md.

  python3 tools/generator/generate.py --seed 1 --count 100 --out .cache/synthetic [--start 0] [--motion] [--stl]
      [--protrusions | --plates | --turned | --sheet | --housing] [--nurbs]

Writes NAME.step + NAME.json (AAGNet layout keyed by ADVANCED_FACE id) per part, and appends one JSON line per
part (ok or skipped, with the reason and seconds) to OUT/summary.jsonl.
"""
import argparse
import json
import os
import select
import signal
import sys
import time

sys.path.append("/usr/lib/freecad-python3/lib")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import FreeCAD  # noqa: E402,F401  (loads OpenCascade)
from mfgen.part import part_name, write_part  # noqa: E402


PART_TIMEOUT_S = 600


def run_isolated(a, i):
    """Part i in a forked child: an OpenCascade crash (some fillets abort the process) or a hang then skips
    and reports that one part instead of ending the run."""
    name = part_name(a.seed, i, a.plates, a.turned, a.sheet, a.nurbs, a.housing)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: FreeCAD is already loaded, fork is cheap
        os.close(r)
        try:
            rec = write_part(a.seed, i, a.out, motion=a.motion, stl=a.stl, protrusions=a.protrusions,
                             plates=a.plates, turned=a.turned, sheet=a.sheet, nurbs=a.nurbs, housing=a.housing)
        except BaseException as e:  # noqa: BLE001 - one bad part must not stop a long run; it is reported
            rec = {"name": name, "seed": a.seed, "index": i, "status": "skipped", "reason": "internal-error",
                   "detail": f"{type(e).__name__}: {e}", "seconds": 0.0}
        os.write(w, json.dumps(rec).encode())
        os._exit(0)
    os.close(w)
    t0 = time.time()
    chunks = []
    with os.fdopen(r, "rb") as fh:
        while True:
            ready, _, _ = select.select([fh], [], [], max(0.0, PART_TIMEOUT_S - (time.time() - t0)))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                break
            data = fh.read1(1 << 16)
            if not data:
                break
            chunks.append(data)
    _, status = os.waitpid(pid, 0)
    if chunks:
        return json.loads(b"".join(chunks))
    for f in os.listdir(a.out):  # a crashed child may leave its temporary files
        if f.startswith(name + ".") and ".tmp" in f:
            os.remove(os.path.join(a.out, f))
    reason = "timeout" if time.time() - t0 >= PART_TIMEOUT_S else "kernel-crash"
    return {"name": name, "seed": a.seed, "index": i, "status": "skipped", "reason": reason,
            "detail": f"child exit status {status}", "seconds": round(time.time() - t0, 3)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--start", type=int, default=0, help="index of the first part (for splitting a set)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--motion", action="store_true", help="apply a random rigid motion; write NAME.motion.json")
    ap.add_argument("--stl", action="store_true", help="also write NAME.stl and NAME.stl.labels.json")
    ap.add_argument("--protrusions", action="store_true",
                    help="fuse 1-3 bosses/ribs (other_feature) onto stock faces of 75 %% of parts (mfgen/protrusions.py)")
    ap.add_argument("--plates", action="store_true",
                    help="profiled plates (extruded outline, hole patterns, notches; mfgen/plates.py), named syn_p<seed>_<i>")
    ap.add_argument("--turned", action="store_true",
                    help="turned parts (shafts, bushes, flanged hubs; mfgen/turned.py), named syn_t<seed>_<i>")
    ap.add_argument("--sheet", action="store_true",
                    help="bent sheet-metal parts (L, U, Z, hat, flange; mfgen/sheet.py), named syn_m<seed>_<i>")
    ap.add_argument("--housing", action="store_true",
                    help="cast housings (drafted shell, cavity, casting rounds, bosses, ribs, feet, bores; mfgen/housing.py), named syn_h<seed>_<i>")
    ap.add_argument("--nurbs", action="store_true",
                    help="write every face and edge as a B-spline (the same part and labels; mfgen/nurbs.py), named syn_<mode>n<seed>_<i>")
    ap.add_argument("--resume", action="store_true", help="skip parts already recorded in OUT/summary.jsonl")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.plates and a.protrusions:
        ap.error("--plates and --protrusions do not combine (a plate has no protrusions yet)")
    if a.turned and (a.plates or a.protrusions):
        ap.error("--turned combines with neither --plates nor --protrusions (one part mode per run)")
    if a.sheet and (a.plates or a.turned or a.protrusions):
        ap.error("--sheet combines with none of --plates, --turned, --protrusions (one part mode per run)")
    if a.housing and (a.plates or a.turned or a.protrusions or a.sheet):
        ap.error("--housing combines with none of --plates, --turned, --sheet, --protrusions (one part mode per run)")
    os.makedirs(a.out, exist_ok=True)
    ok = 0
    summary = os.path.join(a.out, "summary.jsonl")
    done = set()
    if a.resume and os.path.exists(summary):
        with open(summary) as fh:
            for line in fh:
                try:
                    done.add(json.loads(line)["name"])
                except (ValueError, KeyError):
                    pass  # a line cut short by a killed run: that part is generated again
    with open(summary, "a") as log:
        for i in range(a.start, a.start + a.count):
            if part_name(a.seed, i, a.plates, a.turned, a.sheet, a.nurbs, a.housing) in done:
                continue
            rec = run_isolated(a, i)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            ok += rec["status"] == "ok"
            if not a.quiet:
                print(f"{rec['name']}: {rec['status']} {rec.get('reason', '')} {rec.get('faces', '')} faces "
                      f"{rec['seconds']} s", flush=True)
    print(f"done: {ok} of {a.count} parts written to {a.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
