#!/usr/bin/env python3
"""Dev helper: reads `cadlens analyze --json` (one document or NDJSON) on stdin and prints it without what differs
from run to run (request ids, `timings`, `...Ms` timings, `...At` dates), keys sorted, for comparing two runs' results."""
import json, re, sys

def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in sorted(o.items()) if k not in ('requestId', 'timings') and not re.search(r'(Ms|At)$', k)}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o

text = sys.stdin.read()
try:
    docs = [json.loads(text)]
except json.JSONDecodeError:
    docs = [json.loads(l) for l in text.splitlines() if l.strip()]
for d in docs:
    print(json.dumps(strip(d), sort_keys=True))
