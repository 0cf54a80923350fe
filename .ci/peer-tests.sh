#!/usr/bin/env bash
# MLflow's own REST-server test suites (../shared/peer-tests/mlflow-3.11.1, kept unchanged) run
# twice at the same time: against the real MLflow 3.11.1 server (as MLflow runs them) and against
# `jtrack server` (src/test/peer/jtrack_peer_plugin.py swaps the suites' server for the jar's).
# Then src/test/peer/compare_peer_results.py compares per test against the committed list of known
# jtrack failures (src/test/peer/known-failures.txt) and decides the exit code.
#
# Needs: JTRACK_TEST_MLFLOW_PEER_PYTHON (mlflow==3.11.1, pytest, pytest-timeout; .ci/python-envs.sh),
# the jar (JTRACK_JAR, default target/jtrack.jar). Output and JUnit XML go to target/peer-tests/.
# Optional: JTRACK_PEER_TESTS (default $JTRACK_ROOT/../shared/peer-tests), PEER_TEST_TIMEOUT
# (seconds per test, default 180), PEER_HALF_TIMEOUT (seconds per half, default 1800).
set -uo pipefail
root=${JTRACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
suites=${JTRACK_PEER_TESTS:-$root/../shared/peer-tests}/mlflow-3.11.1
python=${JTRACK_TEST_MLFLOW_PEER_PYTHON:?set JTRACK_TEST_MLFLOW_PEER_PYTHON (. .ci/python-envs.sh; ensure_python_envs)}
export JTRACK_JAR=${JTRACK_JAR:-$root/target/jtrack.jar}
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
per_test_timeout=${PEER_TEST_TIMEOUT:-180}
half_timeout=${PEER_HALF_TIMEOUT:-1800}
out=$root/target/peer-tests

[ -d "$suites/tests/tracking" ] || { echo "peer-tests: MLflow's suites are missing at $suites" >&2; exit 2; }
[ -f "$JTRACK_JAR" ] || { echo "peer-tests: the jar is missing at $JTRACK_JAR" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"

# One half: pytest on both suites, run from its own copy of them (MLflow's conftest reports
# durations relative to the working directory, and relative artifact locations resolve there),
# with its own temporary directory; its exit code goes to $out/<name>.rc.
run_half() {
  local name=$1; shift
  local copy="$out/$name-suites"
  mkdir -p "$copy" && cp -R "$suites/." "$copy/" && chmod -R u+w "$copy"
  local started; started=$(date +%s)
  (cd "$copy" && timeout -k 30 "$half_timeout" "$python" -m pytest -p no:cacheprovider "$@" \
    -q -rfE --rootdir "$copy" --basetemp "$out/$name-tmp" --timeout "$per_test_timeout" \
    -o junit_family=xunit2 --junitxml "$out/$name.xml" \
    tests/tracking/test_rest_tracking.py tests/tracking/test_model_registry.py \
    >"$out/$name.log" 2>&1)
  echo $? >"$out/$name.rc"
  echo "peer-tests: the $name half took $(( $(date +%s) - started )) s (pytest exit $(cat "$out/$name.rc"))"
}

# MLflow's half runs unchanged, except for the two tests whose server fetches a catalogue from
# the internet (not applicable; here they would only wait for the timeout).
run_half mlflow --deselect tests/tracking/test_rest_tracking.py::test_list_models \
  --deselect tests/tracking/test_rest_tracking.py::test_list_providers &
mlflow_pid=$!
JTRACK_PEER_CLASSIFICATION="$out/classes.json" PYTHONPATH="$root/src/test/peer${PYTHONPATH:+:$PYTHONPATH}" \
  run_half jtrack -p jtrack_peer_plugin &
jtrack_pid=$!
wait "$mlflow_pid" "$jtrack_pid"

# pytest exits 1 when tests failed (compared below); anything else means a half did not run through.
status=0
for name in mlflow jtrack; do
  rc=$(cat "$out/$name.rc")
  if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    echo "peer-tests: the $name half ended with exit $rc; the end of its log ($out/$name.log):" >&2
    tail -n 40 "$out/$name.log" >&2
    status=1
  fi
done
[ "$status" = 0 ] || exit 1

"$python" "$root/src/test/peer/compare_peer_results.py" --mlflow "$out/mlflow.xml" --jtrack "$out/jtrack.xml" \
  --classes "$out/classes.json" --known "$root/src/test/peer/known-failures.txt"
