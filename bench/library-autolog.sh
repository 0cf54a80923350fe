#!/usr/bin/env bash
# Library autologging overhead (Tribuo SGD, 10 epochs x 100,000 rows) with and without autologging,
# then XGBoost4J (bench/xgboost-autolog.sh: per logged iteration).
# Builds the jar if needed; Tribuo comes from the local Maven repository (it is not in jtrack.jar).
# Usage: bench/library-autolog.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -o -DskipTests package
fi
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx2g -cp "$JAR:$(cat "$cp_file")" bench/LibraryAutologBench.java "$@"
bench/xgboost-autolog.sh "$@"
