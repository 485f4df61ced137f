#!/usr/bin/env bash
# The face-area audit over every STEP file on the dev machine (see face-area-audit.ts). Usage:
#   tools/geometry-audit/run-all.sh OUT_DIR     (keep OUT_DIR outside the repository, e.g. /work/res/areas/run1)
# One sub-folder of OUT_DIR per group; MFCAD is sampled (every 20th file). Geometry only: no labels are read.
# AUDIT_FLAGS=--all-exact lists every face's exact area, for occt-face-areas.py OUT_DIR/GROUP --all.
set -u
out=${1:?usage: run-all.sh OUT_DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${CADLENS_SHARED_DIR:-$here/../shared}
audit() { local name=$1; shift; nice npx tsx "$here/tools/geometry-audit/face-area-audit.ts" ${AUDIT_FLAGS:-} --out "$out/$name" "$@" > "$out/$name.log" 2>&1; tail -n 20 "$out/$name.log" | grep -v '^npm warn'; }
mkdir -p "$out"
audit realworld "$shared/datasets/realworld/parts"
audit samples "$here/.cache/occt-samples" "$here/.cache/caxif-samples" "$here/.cache/freecad-samples" \
  /usr/share/freecad/Mod/Idf/Idflibs /usr/share/opencascade/data/step
audit mfcad --every 20 "$here/.cache/mfcad"
audit generated /work/gen/dev120 /work/gen/plates205 /work/gen/train-t402 /work/gen/train-s503 /work/gen/dev119n /work/gen/plates204n
