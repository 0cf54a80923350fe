#!/usr/bin/env bash
# One command: builds jtrack if needed, installs its kernelspec into a temporary prefix for each JDK,
# and prints start time, 1+1 round trip and memory, measured through jupyter_client.
#   bench/kernel.sh                 # JDKs: $JTRACK_BENCH_JDKS (colon-separated JAVA_HOMEs), default 17 and Temurin 25
#   STARTS=10 ROUND_TRIPS=50 bench/kernel.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${JTRACK_BUILD_DIR:-target}"
jar="$here/$build_dir/jtrack.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" -newer "$jar" -type f -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$here" && ./mvnw -q -B -o -DbuildDir="$build_dir" -DskipTests package >&2 || ./mvnw -q -B -DbuildDir="$build_dir" -DskipTests package >&2)
fi
default_jdks=""
for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  [ -x "$j/bin/java" ] && default_jdks="${default_jdks:+$default_jdks:}$j"
done
jdks="${JTRACK_BENCH_JDKS:-${default_jdks:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
IFS=: read -r -a homes <<< "$jdks"
for home in "${homes[@]}"; do
  prefix="$tmp/$(basename "$home")"
  echo "== $("$home/bin/java" -version 2>&1 | head -1)"
  "$home/bin/java" -jar "$jar" install --prefix "$prefix" --name jtrack-bench >/dev/null
  JUPYTER_PATH="$prefix/share/jupyter" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime" \
    JTRACK_HISTORY_FILE="$tmp/history.jsonl" \
    /usr/bin/python3 "$here/bench/kernel_bench.py" jtrack-bench --starts "${STARTS:-10}" --round-trips "${ROUND_TRIPS:-50}"
done
