#!/usr/bin/env bash
# Library autologging overhead on XGBoost4J (100 iterations, 2 watches) with and without autologging.
# Builds the jar if needed; XGBoost4J comes from the local Maven repository (it is not in jtrack.jar).
# Usage: bench/xgboost-autolog.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -o -DskipTests package
fi
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$cp_file" >/dev/null
timeout 600 java -Xmx2g -cp "$JAR:$(cat "$cp_file")" bench/XGBoostAutologBench.java "$@"
