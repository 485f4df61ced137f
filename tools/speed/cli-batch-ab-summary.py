#!/usr/bin/env python3
"""Summary of tools/speed/cli-batch-ab.sh output: per configuration, CPU (user + system) and wall as x the bare
import of the same round, each round and the median; the load averages seen. usage: python3 cli-batch-ab-summary.py OUT"""
import statistics, sys

rounds, cur, loads = [], None, []
for line in open(sys.argv[1]):
    w = line.split()
    if not w or w[0] in ('DONE', 'Command'):  # 'Command exited with non-zero status': a file failed (same in every configuration)
        continue
    if w[0] == 'load':
        loads.append(float(w[1]))
        continue
    if w[0] == 'bare':
        cur = {}
        rounds.append(cur)
    cur[w[0]] = (float(w[1]), float(w[2]) + float(w[3]), int(w[4]) // 1024)
names = [n for n in rounds[0] if n != 'bare']
bare = ', '.join('%.2f' % r['bare'][1] for r in rounds)
print(f"load {min(loads):.1f}-{max(loads):.1f}; bare CPU s: {bare}")
for n in names:
    cpu = [r[n][1] / r['bare'][1] for r in rounds if n in r]
    wall = [r[n][0] / r['bare'][0] for r in rounds if n in r]
    print(f"{n:8s} CPU x {' / '.join(f'{x:.2f}' for x in cpu)} (median {statistics.median(cpu):.2f}); wall x {' / '.join(f'{x:.2f}' for x in wall)}; "
          f"CPU s {' / '.join(f'{r[n][1]:.2f}' for r in rounds if n in r)}; RSS MiB {max(r[n][2] for r in rounds if n in r)}")
