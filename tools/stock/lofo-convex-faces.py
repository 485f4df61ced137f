#!/usr/bin/env python3
"""Leave-one-file-out check of the convex-face stock rule (docs/recognition.md, "Stock: faces no cavity can have",
session 6): a planar face whose outer loop has no concave edge (directly or through a concave blend) and is at least
a share C convex, that no opposed planar face stands in front of, and that the pipeline called a cavity class
(pocket, slot, passage, step other than slanted), is stock.
Input: per-face records of collect-pipeline-classes.ts and collect-skin-records.ts (real tune files), joined on
(part, body, stepId). For each file: choose C on the other files (most stock faces fired minus 3 x feature faces
fired; other_feature faces do not count; ties: the middle), then score the held-out file.
  python3 tools/stock/lofo-convex-faces.py rw-classes.jsonl rw-skin.jsonl [gen-classes.jsonl gen-skin.jsonl ...]
Further pairs are scored with C chosen on all real files."""
import json, sys, statistics

KEEP = {'stock', 'other_feature', 'round', 'chamfer', 'through_hole', 'blind_hole', 'slanted_through_step', 'none'}

def load(path):
    return [json.loads(l) for l in open(path) if l.strip()]

def join(cls, skin):
    c = {(r['part'], r['body'], r['stepId']): r for r in load(cls)}
    out = []
    for s in load(skin):
        k = (s['part'], s['body'], s['stepId'])
        if k in c:
            s['cls'] = c[k]['cls']
            out.append(s)
    return out

def candidate(r):
    return r['cls'] not in KEEP and r['beyond'] is not None and r['outerConcaveShare'] == 0 and r['outerUnknownShare'] == 0 and r['outerConvexShare'] > 0 and r['frontGap'] is None

def score(rows, C):
    s = w = tr = tw = 0
    for r in rows:
        if not (candidate(r) and r['outerConvexShare'] >= C) or r['truth'] == 'other_feature': continue
        if r['truth'] == 'stock': s += 1; tr += r['cls'] != 'stock'
        else: w += 1; tw += r['cls'] == r['truth']
    return s, w, tr, tw

def choose(rows):
    vals = sorted({r['outerConvexShare'] for r in rows if candidate(r)})
    grid = [0.0] + [(a + b) / 2 for a, b in zip(vals, vals[1:])] + [1.01]
    best, tied = None, []
    for C in grid:
        s, w, _, _ = score(rows, C)
        obj = s - 3 * w
        if best is None or obj > best: best, tied = obj, [C]
        elif obj == best: tied.append(C)
    return statistics.median(tied)

rows = join(sys.argv[1], sys.argv[2])
parts = sorted({r['part'] for r in rows})
tot = [0, 0, 0, 0]
print('held-out file | C chosen on the others | fires on stock / feature faces | right answers turned wrong')
for p in parts:
    C = choose([r for r in rows if r['part'] != p])
    s, w, tr, tw = score([r for r in rows if r['part'] == p], C)
    tot = [a + b for a, b in zip(tot, (s, w, tr, tw))]
    if s or w: print(f'{p} | {C:.3f} | {s} / {w} | {tw}')
print(f'total held out: stock {tot[0]}, feature {tot[1]} (right answers turned wrong {tot[3]})')
C = choose(rows)
print(f'chosen on all real tune files: C = {C:.3f}; fires on (stock, feature) {score(rows, C)[:2]}')
for cls, skin in zip(sys.argv[3::2], sys.argv[4::2]):
    xs = join(cls, skin)
    s, w, tr, tw = score(xs, C)
    print(f'{cls}: {len(xs)} faces; fires on {s} stock, {w} feature faces ({tw} answered right before)')
