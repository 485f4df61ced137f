#!/usr/bin/env python3
"""Leave-one-file-out check of the outline-wall stock criterion's two thresholds (docs/recognition.md,
session 5). Input: face records from tools/stock/collect-stock-records.ts (real tune files only).
Options: --no-tier (ignore the tier's class), --depth (also a minimum bay depth B).
For each file: choose the facing-gap cutoff G (and B) on the other files (most stock
faces fired minus 3 x feature faces fired; ties: the middle of the tied values), then score the held-out file.
  python3 tools/stock/lofo-outline-walls.py /tmp/stock/rw.jsonl [gen.jsonl mfcad.jsonl ...]
Extra files are scored with the thresholds chosen on all real files."""
import json, sys, statistics

def load(path):
    return [json.loads(l) for l in open(path) if l.strip()]

def candidates(rows):
    return [r for r in rows if r.get('fullThickness') and r.get('plate') and not r.get('support') and r.get('onOutline')]

# Classes whose faces can be a full-thickness wall on a plate's outline: the tier's call is kept.
THROUGH = {'stock', 'chamfer', 'round', 'other_feature', 'rectangular_through_slot', 'triangular_through_slot',
           'circular_through_slot', 'rectangular_through_step', '2sides_through_step', 'slanted_through_step'}
USE_TIER = '--no-tier' not in sys.argv
USE_B = '--depth' in sys.argv
sys.argv = [a for a in sys.argv if not a.startswith('--')]

def fires(r, G, B):
    clear = lambda x: x is None or x > G
    if USE_TIER and r['t2'] in THROUGH: return False
    return clear(r['facingGap']) and clear(r['neighbourGap']) and (not USE_B or r['beyond'] >= B)

def score(rows, G, B):
    s = w = 0
    for r in rows:
        if fires(r, G, B):
            if r['truth'] == 'stock': s += 1
            else: w += 1
    return s, w

def grid(values):
    v = sorted(set(values))
    return [0.0] + [(a + b) / 2 for a, b in zip(v, v[1:])] + [v[-1] + 1.0] if v else [0.0]

def choose(rows):
    Gs = grid([x for r in rows for x in (r['facingGap'], r['neighbourGap']) if x is not None])
    Bs = grid([r['beyond'] for r in rows])
    best, tied = None, []
    for G in Gs:
        for B in Bs:
            s, w = score(rows, G, B)
            obj = s - 3 * w
            if best is None or obj > best: best, tied = obj, [(G, B)]
            elif obj == best: tied.append((G, B))
    return statistics.median(sorted(t[0] for t in tied)), statistics.median(sorted(t[1] for t in tied))

rows = candidates(load(sys.argv[1]))
allrows = load(sys.argv[1])
parts = sorted({r['part'] for r in allrows})
tot = {'stock': 0, 'wrong': 0, 'turned_right': 0, 'turned_wrong': 0}
print('held-out file | G (, B) chosen on the other 23 | fires on stock / feature faces | Tier 2 answer turned right / wrong')
for p in parts:
    train = [r for r in rows if r['part'] != p]
    test = [r for r in rows if r['part'] == p]
    G, B = choose(train)
    s, w = score(test, G, B)
    tr = sum(1 for r in test if fires(r, G, B) and r['truth'] == 'stock' and r['t2'] != 'stock')
    tw = sum(1 for r in test if fires(r, G, B) and r['truth'] != 'stock' and r['t2'] == r['truth'])
    tot['stock'] += s; tot['wrong'] += w; tot['turned_right'] += tr; tot['turned_wrong'] += tw
    if s or w or tr or tw or True:
        print(f'{p} | {G:.3f}{f", {B:.3f}" if USE_B else ""} | {s} / {w} | {tr} / {tw}')
print('total held out:', tot)
G, B = choose(rows)
print(f'chosen on all real tune files: G = {G:.3f}{f", B = {B:.3f}" if USE_B else ""}; fires on (stock, feature) faces {score(rows, G, B)}')
for extra in sys.argv[2:]:
    xs = load(extra)
    c = candidates(xs)
    fired = [r for r in c if fires(r, G, B)]
    wrong = [r for r in fired if r['truth'] != 'stock']
    changed = [r for r in fired if r['t2'] != 'stock']
    print(f'{extra}: {len(xs)} faces, {len(c)} candidates, fires on {len(fired)} ({len(fired) - len(wrong)} stock, {len(wrong)} feature: {sorted({r["truth"] for r in wrong})}); Tier 2 answer changed on {len(changed)} ({sum(1 for r in changed if r["truth"] == "stock")} right)')
