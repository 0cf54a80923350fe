#!/usr/bin/env bash
# One command: builds jtrack if needed, installs its kernelspec into a temporary prefix and prints
# the `1+1` round-trip median with autolog on vs off (embedded SQLite store in a temp directory).
#   bench/autolog.sh
#   ROUND_TRIPS=500 JTRACK_BUILD_DIR=target-autolog bench/autolog.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${JTRACK_BUILD_DIR:-target}"
jar="$here/$build_dir/jtrack.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$here" && ./mvnw -q -B -o -DbuildDir="$build_dir" -DskipTests package >&2 || ./mvnw -q -B -DbuildDir="$build_dir" -DskipTests package >&2)
fi
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/work"
echo "== $("$java_home/bin/java" -version 2>&1 | head -1)"
"$java_home/bin/java" -jar "$jar" install --prefix "$tmp/prefix" --name jtrack-autolog-bench >/dev/null
unset MLFLOW_TRACKING_URI MLFLOW_EXPERIMENT_NAME
JUPYTER_PATH="$tmp/prefix/share/jupyter" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime" \
  JTRACK_HISTORY_FILE="$tmp/history.jsonl" JTRACK_JOURNAL_DIR="$tmp/journal" \
  /usr/bin/python3 "$here/bench/autolog_bench.py" jtrack-autolog-bench "$tmp/work" --round-trips "${ROUND_TRIPS:-200}"
echo "== library autologging (Tribuo)"
"$here/bench/library-autolog.sh" "${LIBRARY_ROUNDS:-5}"
