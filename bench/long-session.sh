#!/usr/bin/env bash
# A long session (issue 13): per-cell time by windows and RSS, jtrack's engine with autolog on (an
# embedded store in a temporary directory) beside a bare JShell driven directly, cell by cell in
# lockstep, with the kernel's default JVM options. Builds the jar if needed.
#   bench/long-session.sh                 # 5000 cells, windows of 500
#   bench/long-session.sh 1000 100
#   JTRACK_AUTOLOG=off bench/long-session.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${JTRACK_JAR:-$here/target/jtrack.jar}"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -q -B -o -DskipTests package >&2)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
unset MLFLOW_EXPERIMENT_NAME
cd "$here"
echo "== $(java -version 2>&1 | head -1); autolog ${JTRACK_AUTOLOG:-on}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
MLFLOW_TRACKING_URI="$tmp/store" JTRACK_JOURNAL_DIR="$tmp/journal" JTRACK_HISTORY_FILE="$tmp/history.jsonl" \
  timeout "${TIMEOUT:-3600}" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xss4m -cp "$jar" \
  bench/LongSessionBench.java "${1:-5000}" "${2:-500}"
