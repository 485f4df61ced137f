#!/bin/sh
# Dump a part (or one solid: look.sh D30 --solid 123) and render its views with face ids.
# Extra render options go after `--`: look.sh D01 -- --views all --size 800
set -e
code=$1; shift
dumpargs=""; while [ $# -gt 0 ] && [ "$1" != "--" ]; do dumpargs="$dumpargs $1"; shift; done
[ "$1" = "--" ] && shift
dump=$(npx tsx tools/labelling/label-part.ts "$code" dump $dumpargs 2>/dev/null | tail -1)
/usr/bin/python3 tools/labelling/render-faces.py "$dump" "$@"
