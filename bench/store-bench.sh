#!/usr/bin/env bash
# Store-level benchmark (embedded SQLite by default; pass a tracking URI to measure another store).
# Builds the jar if needed, then prints one line per figure.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -ntp -DskipTests package
fi
exec java -Xmx1g -cp "$JAR" bench/StoreBench.java "$@"
