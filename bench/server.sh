#!/usr/bin/env bash
# HTTP benchmark of `jtrack server` (SQLite, loopback): prints each figure against its target.
# Usage: bench/server.sh            (builds target-bench/jtrack.jar and test classes if needed)
#        BUILD_DIR=target bench/server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-target-bench}"
MVN="${MVN:-mvn}"
if [[ ! -f "$BUILD_DIR/jtrack.jar" || ! -d "$BUILD_DIR/test-classes/dev/jtrack/bench" ]]; then
  "$MVN" -q -DbuildDir="$BUILD_DIR" -DskipTests package test-compile
fi
if [[ ! -f "$BUILD_DIR/bench.classpath" ]]; then
  "$MVN" -q -DbuildDir="$BUILD_DIR" dependency:build-classpath -Dmdep.outputFile="$BUILD_DIR/bench.classpath" >/dev/null
fi
java -Xmx512m -Djtrack.jar="$BUILD_DIR/jtrack.jar" \
  -cp "$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$BUILD_DIR/bench.classpath")" \
  dev.jtrack.bench.ServerBenchmark "$@"
# Tracing (OTLP ingest, trace search) beside a real mlflow server 3.x, with the tools python.
. .ci/python-envs.sh
ensure_python_envs >/dev/null
JTRACK_JAR="$BUILD_DIR/jtrack.jar" MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
  "$JTRACK_TEST_TOOLS_PYTHON" bench/traces_bench.py
# MLflow 3 logged models: create rate and search over 10,000 models, jtrack beside a real `mlflow server` 3.x.
JTRACK_JAR="$BUILD_DIR/jtrack.jar" MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
  "$JTRACK_TEST_TOOLS_PYTHON" bench/logged_models.py "${LOGGED_MODELS_N:-10000}"
