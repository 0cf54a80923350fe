"""Tracing with the real MLflow 3 client: the same session (decorator, nested spans, start_span,
errors, search with filters, order and pages, tags, assessments, OTLP from other clients,
deletion) against `jtrack server` and a real `mlflow server`, compared step by step."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV  # noqa: E402

SESSION = Path(__file__).with_name("tracing_session.py")


def run_session(url):
    proc = subprocess.run([sys.executable, str(SESSION), url], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **QUIET_ENV})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    lines = [line for line in proc.stdout.splitlines() if line.startswith("SUMMARY ")]
    assert lines, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(lines[-1][len("SUMMARY "):])


@pytest.fixture(scope="module")
def summaries(jtrack_server, mlflow_server):
    return run_session(jtrack_server.url), run_session(mlflow_server.url)


STEPS = ["traces", "tags_after_edit", "search", "search_ordered", "pages", "assessment_get", "assessments_after_edit",
         "errors", "otlp_status", "otlp_tr-0af7651916cd43dd8448eb211c80319c", "otlp_tr-5b8efff798038103d269b633813fc60c",
         "deleted_by_id", "deleted_by_time", "left"]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("step", STEPS)
def test_jtrack_answers_the_mlflow3_tracing_client_as_mlflow_does(summaries, step):
    jtrack, mlflow = summaries
    assert jtrack[step] == mlflow[step]


def test_the_session_really_traced(summaries):
    jtrack, _ = summaries
    pipeline = jtrack["traces"]["pipeline"]
    assert [s["name"] for s in pipeline["spans"]] == ["pipeline", "retrieve", "answer"]
    assert pipeline["spans"][1]["parent"] == "pipeline" and pipeline["spans"][1]["attributes"] == {"top_k": 2}
    assert jtrack["traces"]["explode"]["state"] == "ERROR"
    assert jtrack["traces"]["explode"]["spans"][0]["events"] == ["exception"]
    assert jtrack["search"]["span.name = 'retrieve'"] == ["pipeline"]
    assert [p for p in jtrack["pages"] if p] == [["manual"], ["explode"], ["pipeline"]] and jtrack["left"] == 2


def test_version_lets_the_client_send_spans_over_otlp(jtrack_server):
    import urllib.request
    from packaging.version import Version
    with urllib.request.urlopen(jtrack_server.url + "/version", timeout=10) as r:
        assert Version(r.read().decode()) >= Version("3.4")
        assert r.headers["X-Jtrack-Version"]
