"""Summary of tools/speed/batch-rounds-ab.sh output: per pair, each build's CPU as x the bare import of the same pair
(round 0: a fresh process's batch; rounds 1-2: warm), and its main thread's CPU; medians over the pairs.
usage: python3 tools/speed/batch-rounds-summary.py OUT"""
import re
import statistics
import sys

pairs = []
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith('pair'):
        pairs.append({'load': float(line.split()[-1])})
        continue
    m = re.match(r'(bare|new|base) round (\d+): main (\S+) all (\d+)', line)
    if m and pairs:
        pairs[-1].setdefault(m.group(1), {})[int(m.group(2))] = (float(m.group(3)), int(m.group(4)))
cols = {}
print('| pair | load | bare CPU s (round 0 / warm) | base × (round 0 / warm) | new × (round 0 / warm) | main thread s, base → new (round 0 / warm) |')
print('|---|---|---|---|---|---|')
for k, p in enumerate(pairs, 1):
    if not all(w in p and len(p[w]) >= 3 for w in ('bare', 'new', 'base')):
        continue
    warm = lambda w, i: p[w][1][i] + p[w][2][i]
    row = {'bare0': p['bare'][0][1], 'bareW': warm('bare', 1)}
    for w in ('base', 'new'):
        row[w + '0'] = p[w][0][1] / row['bare0']
        row[w + 'W'] = warm(w, 1) / row['bareW']
        row[w + 'M0'] = p[w][0][0] / 1000
        row[w + 'MW'] = warm(w, 0) / 1000
    for key, v in row.items():
        cols.setdefault(key, []).append(v)
    print(f"| {k} | {p['load']:.1f} | {row['bare0'] / 1000:.2f} / {row['bareW'] / 1000:.2f} | {row['base0']:.2f} / {row['baseW']:.2f} | "
          f"{row['new0']:.2f} / {row['newW']:.2f} | {row['baseM0']:.2f} → {row['newM0']:.2f} / {row['baseMW']:.2f} → {row['newMW']:.2f} |")
if cols:
    med = {k: statistics.median(v) for k, v in cols.items()}
    print(f"| median | | {med['bare0'] / 1000:.2f} / {med['bareW'] / 1000:.2f} | {med['base0']:.2f} / {med['baseW']:.2f} | "
          f"{med['new0']:.2f} / {med['newW']:.2f} | {med['baseM0']:.2f} → {med['newM0']:.2f} / {med['baseMW']:.2f} → {med['newMW']:.2f} |")
