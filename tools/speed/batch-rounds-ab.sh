#!/bin/sh
# Dev A/B (session 17): per pair a bare occt-import-js process, then this build's dist/ and another build's
# (BASE, default .tmp/dist-base: a copy inside the repository so it resolves node_modules), in alternating order,
# each running tools/speed/batch-rounds.mjs over the files of LIST.json for 3 rounds (MODE: always | never).
# Summary: python3 tools/speed/batch-rounds-summary.py OUT
# usage: [MODE=always] [BASE=.tmp/dist-base] sh tools/speed/batch-rounds-ab.sh LIST.json PAIRS OUT   (after npm run build)
LIST=$1; N=$2; OUT=$3; MODE=${MODE:-always}; BASE=${BASE:-.tmp/dist-base}
: > "$OUT"
for k in $(seq 1 "$N"); do
  echo "pair $k load $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT"
  node tools/speed/batch-rounds.mjs bare "$LIST" "$PWD/dist/node.js" 3 | sed 's/^/bare /' >> "$OUT"
  if [ $((k % 2)) -eq 1 ]; then A=dist; B=$BASE; else A=$BASE; B=dist; fi
  for d in $A $B; do
    who=new; [ "$d" = "$BASE" ] && who=base
    node tools/speed/batch-rounds.mjs "$MODE" "$LIST" "$PWD/$d/node.js" 3 | sed "s/^/$who /" >> "$OUT"
  done
done
