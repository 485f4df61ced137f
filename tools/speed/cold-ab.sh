#!/bin/sh
# Dev check: one-file cold runs, interleaved round by round (a busy machine's load drifts between rounds,
# not between the three commands of one round): a bare occt-import-js process, a baseline CLI (a copy of
# another build's dist/ inside this repository, e.g. .tmp/dist-base/, so that it resolves node_modules) and
# this build's CLI, each with its own warmed code cache. Appends "/usr/bin/time" lines (wall, user, system,
# max RSS KB) and the load average per round to OUT; tools/speed/cold-ab-medians.py OUT prints medians and ratios.
# usage: [EXTRA="--mesh never"] [BASE_ENV="K=V"] [NEW_ENV="K=V"] [ALTERNATE=1] sh tools/speed/cold-ab.sh FILE ROUNDS OUT [BASE_CLI]   (from the repository root)
# BASE_ENV: environment of the baseline CLI only, e.g. BASE_ENV=CADLENS_JS_INTERRUPT_BUDGET=v8-default with BASE_CLI=dist/cli.js;
# NEW_ENV: the same for this build's CLI (session 22, branch s22/speed: CADLENS_TIER1_SESSION_THREAD=worker against =caller).
F=$1; N=$2; OUT=$3; BASE=${4:-.tmp/dist-base/cli.js}
export CADLENS_COMPILE_CACHE_DIR_BASE=$(mktemp -d) CADLENS_COMPILE_CACHE_DIR_NEW=$(mktemp -d)
CADLENS_COMPILE_CACHE_DIR=$CADLENS_COMPILE_CACHE_DIR_BASE env $BASE_ENV node $BASE analyze $EXTRA $F >/dev/null 2>&1
CADLENS_COMPILE_CACHE_DIR=$CADLENS_COMPILE_CACHE_DIR_NEW env $NEW_ENV node dist/cli.js analyze $EXTRA $F >/dev/null 2>&1
base() { CADLENS_COMPILE_CACHE_DIR=$CADLENS_COMPILE_CACHE_DIR_BASE /usr/bin/time -a -o $OUT -f "base %e %U %S %M" env $BASE_ENV node $BASE analyze $EXTRA $F >/dev/null 2>&1; }
new() { CADLENS_COMPILE_CACHE_DIR=$CADLENS_COMPILE_CACHE_DIR_NEW /usr/bin/time -a -o $OUT -f "new %e %U %S %M" env $NEW_ENV node dist/cli.js analyze $EXTRA $F >/dev/null 2>&1; }
for i in $(seq $N); do
  /usr/bin/time -a -o $OUT -f "bare %e %U %S %M" node tools/speed/bare-occt-import.cjs $F
  # ALTERNATE=1: every second round runs this build before the baseline (session 22)
  if [ -n "$ALTERNATE" ] && [ $((i % 2)) -eq 0 ]; then new; base; else base; new; fi
  echo "load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT
done
