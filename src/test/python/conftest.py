"""Fixtures shared by the Python suites (mlflow3, registry, ...): one real `mlflow server` and one
`jtrack server` per module, run side by side so every step can be compared. Run with the tools environment's python
(`JTRACK_TEST_TOOLS_PYTHON`, made by .ci/python-envs.sh)."""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import JtrackServer, MlflowServer  # noqa: E402

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")


@pytest.fixture(scope="module")
def jtrack_server(tmp_path_factory):
    with JtrackServer(tmp_path_factory.mktemp("jtrack")) as server:
        yield server


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory):
    with MlflowServer(tmp_path_factory.mktemp("mlflow")) as server:
        yield server
