#!/usr/bin/env bash
# Scoring-server benchmark: `jtrack models serve` of a small model, loaded by a loopback client.
# Usage: bench/models-serve.sh [concurrency=10] [seconds=10] [model-uri [tracking-uri]]. Builds the jar if needed.
# Without a model URI a small built-in linear classifier is served; with one (e.g. models:/iris-tribuo@champion),
# that model, fed one row of its input example.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${JTRACK_JAR:-target/jtrack.jar}"
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B -ntp -DskipTests package
fi
exec java -Xmx512m -Djtrack.jar="$JAR" -cp "$JAR" bench/ModelsServeBench.java "$@"
