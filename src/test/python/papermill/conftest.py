"""Fixtures of the papermill suite: a `jtrack server` as the tracking store and the jtrack kernel
installed into an isolated Jupyter path. Run with the tools environment's python, where
`python/jtrack-papermill` is installed (`.ci/python-envs.sh`)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402
from servers import JtrackServer  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with JtrackServer(tmp_path_factory.mktemp("store")) as s:
        yield s


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory, server):
    return JupyterEnv(tmp_path_factory.mktemp("jupyter"), tracking_uri=server.url)
