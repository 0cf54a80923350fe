#!/usr/bin/env bash
# Tracking client benchmark: per-call latency of logMetric (embedded store and server down) and
# end-to-end delivery rate. Builds the jar if needed. Usage: bench/recorder-bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -ntp -DskipTests package
fi
exec java -Xmx512m -cp "$JAR" bench/RecorderBench.java "$@"
