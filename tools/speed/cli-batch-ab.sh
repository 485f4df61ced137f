#!/bin/sh
# Dev check: the `cadlens analyze` batch over listed files (LIST: one path a line) against a bare occt-import-js
# import of the same files in one process (tools/speed/bare-occt-batch.cjs), round by round, each CLI
# configuration with its own warmed code cache. CONFIGS (space-separated, default "default liftoff lb"):
# rule = the launcher's own choice; default = V8's tiering and budget; liftoff = wasm on Liftoff only;
# lb = Liftoff + --interrupt-budget=1000000; budget = V8's wasm tiering + the budget. Appends
# "/usr/bin/time" lines (name, wall, user, system, max RSS KB) and the load average per round to OUT;
# tools/speed/cold-ab-medians.py-style summary: python3 tools/speed/cli-batch-ab-summary.py OUT.
# EXTRA: more CLI options for every configuration (e.g. "--concurrency 1").
# base = the launcher's own choice in another build's CLI (BASE_CLI, default .tmp/dist-base/cli.js: a copy of
# that build's dist/ inside this repository, so that it resolves node_modules), for old-vs-new A/B with "base rule".
# rule1 / base1: the same on one worker (--concurrency 1).
# usage: [CONFIGS="..."] [EXTRA="..."] sh tools/speed/cli-batch-ab.sh LIST ROUNDS OUT   (from the repository root, after npm run build)
LIST=$1; N=$2; OUT=$3; CONFIGS=${CONFIGS:-"default liftoff lb"}
envof() {
  case $1 in
    rule|base|rule1|base1) echo "CADLENS_NO_OVERRIDE=1" ;;
    default) echo "CADLENS_WASM_TIERING=v8-default CADLENS_JS_INTERRUPT_BUDGET=v8-default" ;;
    liftoff) echo "CADLENS_WASM_TIERING=liftoff-only CADLENS_JS_INTERRUPT_BUDGET=v8-default" ;;
    lb) echo "CADLENS_WASM_TIERING=liftoff-only CADLENS_JS_INTERRUPT_BUDGET=1000000" ;;
    budget) echo "CADLENS_WASM_TIERING=v8-default CADLENS_JS_INTERRUPT_BUDGET=1000000" ;;
  esac
}
argsof() { case $1 in *1) echo "--concurrency 1" ;; esac; }
cliof() { if [ "${1%1}" = base ]; then echo "${BASE_CLI:-.tmp/dist-base/cli.js}"; else echo dist/cli.js; fi; }
CACHE=$(mktemp -d)
# Warm-up: the whole batch once per configuration, so that each cache (the CLI's and, since session 8, its pool
# workers') is made under the flags the batch itself gets.
for c in $CONFIGS; do CADLENS_COMPILE_CACHE_DIR=$CACHE/$c env $(envof $c) node $(cliof $c) analyze $(argsof $c) $EXTRA $(cat $LIST) >/dev/null 2>&1; done
for i in $(seq $N); do
  echo "load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT
  /usr/bin/time -a -o $OUT -f "bare %e %U %S %M" node tools/speed/bare-occt-batch.cjs $LIST
  for c in $CONFIGS; do
    CADLENS_COMPILE_CACHE_DIR=$CACHE/$c /usr/bin/time -a -o $OUT -f "$c %e %U %S %M" env $(envof $c) node $(cliof $c) analyze $(argsof $c) $EXTRA $(cat $LIST) >/dev/null 2>&1
  done
  echo "load $(cut -d' ' -f1 /proc/loadavg)" >> $OUT
done
