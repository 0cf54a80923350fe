#!/usr/bin/env bash
# The Python virtual environments the tests use, made from pinned requirement files:
#   tools        python/requirements/tools.txt        newest MLflow 3.x, JupyterLab 4, Notebook 7,
#                                                      papermill, jupyter_kernel_test, nbclient, ...
#   mlflow-peer  python/requirements/mlflow-peer.txt  mlflow==3.11.1 for MLflow's own test suites
#   mlflow2      python/requirements/mlflow2.txt      mlflow==2.17.2, writes the MLflow 2 stores that
#                                                      `jtrack import` is tested against
# Each lives in $JTRACK_VENV_HOME (default ~/.cache/jtrack/venvs) under a name that includes the hash
# of its requirement file, so an unchanged environment is reused and a changed one is made anew.
#
# Sourced: `. .ci/python-envs.sh; ensure_python_envs` exports JTRACK_TEST_TOOLS_PYTHON,
# JTRACK_TEST_MLFLOW_PEER_PYTHON and JTRACK_TEST_MLFLOW2_PYTHON. Run: `bash .ci/python-envs.sh` does the same and prints the paths;
# `bash .ci/python-envs.sh --relock NAME` re-resolves NAME.txt from NAME.in.

JTRACK_ROOT="${JTRACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
JTRACK_VENV_HOME="${JTRACK_VENV_HOME:-$HOME/.cache/jtrack/venvs}"
BASE_PYTHON="${JTRACK_BASE_PYTHON:-/usr/bin/python3}"

# ensure_venv NAME: makes (or reuses) the environment NAME and prints its directory.
ensure_venv() {
  local name="$1" req="$JTRACK_ROOT/python/requirements/$1.txt"
  local hash dir
  hash=$(sha256sum "$req" | cut -c1-12)
  dir="$JTRACK_VENV_HOME/$name-$hash"
  if [ ! -x "$dir/bin/python" ] || [ ! -f "$dir/.complete" ]; then
    echo "python-envs: creating $dir" >&2
    rm -rf "$dir"
    mkdir -p "$JTRACK_VENV_HOME"
    "$BASE_PYTHON" -m venv "$dir" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check --no-input -r "$req" >&2 || return 1
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# Our own Python package (the papermill translator) goes into the tools environment, editable, so
# its entry point is registered and the tests run the code of THIS checkout: reinstalled whenever
# the environment last had it from another checkout (a cached environment outlives clones).
ensure_local_packages() {
  local dir="$1" pkg="$JTRACK_ROOT/python/jtrack-papermill"
  [ -f "$pkg/pyproject.toml" ] || return 0
  if [ "$(cat "$dir/.jtrack-papermill-from" 2>/dev/null)" != "$pkg" ]; then
    "$dir/bin/pip" install -q --disable-pip-version-check --no-input --no-deps --no-build-isolation -e "$pkg" >&2 \
      || return 1
    echo "$pkg" > "$dir/.jtrack-papermill-from"
  fi
}

ensure_python_envs() {
  export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
  local tools peer mlflow2
  tools=$(ensure_venv tools) || return 1
  ensure_local_packages "$tools" || return 1
  peer=$(ensure_venv mlflow-peer) || return 1
  mlflow2=$(ensure_venv mlflow2) || return 1
  export JTRACK_TEST_TOOLS_PYTHON="$tools/bin/python"
  export JTRACK_TEST_MLFLOW_PEER_PYTHON="$peer/bin/python"
  export JTRACK_TEST_MLFLOW2_PYTHON="$mlflow2/bin/python"
}

relock() {
  local name="$1" tmp
  tmp=$(mktemp -d)
  "$BASE_PYTHON" -m venv "$tmp/env"
  "$tmp/env/bin/pip" install -q --upgrade pip
  "$tmp/env/bin/pip" install -q -r "$JTRACK_ROOT/python/requirements/$name.in"
  { echo "# Generated from $name.in by .ci/python-envs.sh --relock $name; do not edit by hand."
    "$tmp/env/bin/pip" freeze --exclude-editable | grep -v '^jtrack-papermill'; } \
    > "$JTRACK_ROOT/python/requirements/$name.txt"
  rm -rf "$tmp"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ "${1:-}" = --relock ]; then
    relock "$2"
  else
    ensure_python_envs
    echo "JTRACK_TEST_TOOLS_PYTHON=$JTRACK_TEST_TOOLS_PYTHON"
    echo "JTRACK_TEST_MLFLOW_PEER_PYTHON=$JTRACK_TEST_MLFLOW_PEER_PYTHON"
    echo "JTRACK_TEST_MLFLOW2_PYTHON=$JTRACK_TEST_MLFLOW2_PYTHON"
  fi
fi
