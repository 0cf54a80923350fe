"""Trace search filters that MLflow 3 added (RLIKE, IS NULL / IS NOT NULL on tags and metadata,
feedback.<name> and expectation.<name> on assessments, span.attributes.<name>, an overridden feedback no longer counting):
the same traces logged by the real MLflow 3 client into `jtrack server` and into a real
`mlflow server`, every filter's answer compared side by side."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV  # noqa: E402

SESSION = Path(__file__).with_name("trace_filter_session.py")


def run_session(url):
    proc = subprocess.run([sys.executable, str(SESSION), url], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **QUIET_ENV})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("SUMMARY ")]
    assert lines, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(lines[-1][len("SUMMARY "):])


# A broken regular expression: MLflow's server answers an empty list (its SQLite REGEXP function
# treats the error as "no match"), jtrack answers INVALID_PARAMETER_VALUE naming the error, as the
# project's rule for bad input wants. Checked on its own below, not compared.
DELIBERATE_DIFFERENCES = {"tag.env RLIKE '('"}


@pytest.fixture(scope="module")
def answers(jtrack_server, mlflow_server):
    return run_session(jtrack_server.url), run_session(mlflow_server.url)


@pytest.mark.timeout(900)
def test_every_filter_finds_what_mlflow_finds(answers):
    jtrack, mlflow = answers
    assert jtrack.keys() == mlflow.keys()
    differ = {f: {"jtrack": jtrack[f], "mlflow": mlflow[f]} for f in mlflow
              if f not in DELIBERATE_DIFFERENCES and jtrack[f] != mlflow[f]}
    assert not differ, json.dumps(differ, indent=1)


def test_the_filters_really_select(answers):
    jtrack, _ = answers
    assert jtrack["tag.env IS NULL"] == ["delta", "gamma"]
    assert jtrack["feedback.helpful = 'false'"] == ["beta", "gamma"], "the overriding feedback counts, not the overridden"
    assert jtrack["feedback.score > 0.5"] == ["alpha", "gamma"]
    assert jtrack["span.attributes.model RLIKE '^llam'"] == ["beta", "delta", "gamma"]
    assert jtrack["tag.env IS 'prod'"] == {"error": "INVALID_PARAMETER_VALUE"}
    assert jtrack["tag.env RLIKE '('"] == {"error": "INVALID_PARAMETER_VALUE"}
