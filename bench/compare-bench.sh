#!/usr/bin/env bash
# Comparison benchmark: %runs over 10,000 runs and a history chart of 20 runs x 10,000 steps.
# Builds the jar if needed, then prints one line per figure.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -ntp -DskipTests package
fi
exec java -Xmx1g -Djava.awt.headless=true -cp "$JAR" bench/CompareBench.java "$@"
