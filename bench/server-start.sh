#!/usr/bin/env bash
# Start-up time of `jtrack server` on an empty store: process start -> first 200 from /health.
# Prints each run and the median against the 1 s target.
# Usage: bench/server-start.sh [runs]      (BUILD_DIR=target by default; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-target}"
RUNS="${1:-5}"
if [[ ! -f "$BUILD_DIR/jtrack.jar" ]]; then
  "${MVN:-mvn}" -q -DbuildDir="$BUILD_DIR" -DskipTests package
fi
command -v curl >/dev/null || { echo "server-start.sh needs curl" >&2; exit 1; }
port=$(( 20000 + RANDOM % 20000 ))
times=()
for i in $(seq 1 "$RUNS"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  java ${JTRACK_JAVA_OPTS:-} -jar "$BUILD_DIR/jtrack.jar" server --port "$port" --backend-store-uri "$dir" >"$dir/log" 2>&1 &
  pid=$!
  ok=0
  for _ in $(seq 1 3000); do   # at most ~30 s
    if curl -sf -o /dev/null "http://127.0.0.1:$port/health"; then ok=1; break; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  if [[ $ok != 1 ]]; then echo "server did not come up:"; cat "$dir/log"; rm -rf "$dir"; exit 1; fi
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  rm -rf "$dir"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
verdict=$([[ $median -le 1000 ]] && echo ok || echo MISSED)
printf '%-50s %8s   <= %6s  %s\n' "server start -> /health 200 (ms, median)" "$median" "1000" "$verdict"
