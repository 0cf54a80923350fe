"""jtrack as a CLIENT of a real MLflow 3 server: the kernel's notebooks run headless
(`java -jar jtrack.jar run`) with MLFLOW_TRACKING_URI at a real `mlflow server` 3.x, and the result is
read back through MLflow's own Python client; models cross between Java and Python both ways
(ONNX). Run with the tools environment's python against the built jar:

    JTRACK_JAR=$PWD/target/jtrack.jar $JTRACK_TEST_TOOLS_PYTHON -m pytest -q src/test/python/client3
"""
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import mlflow
import numpy as np
import onnx
import pandas as pd
import pytest
from mlflow import MlflowClient
from onnx import TensorProto, helper

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV, ROOT, MlflowServer, _Process, free_port, jar, java, wait_http  # noqa: E402

os.environ.update(QUIET_ENV)
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with MlflowServer(tmp_path_factory.mktemp("mlflow3")) as s:
        mlflow.set_tracking_uri(s.url)
        yield s


def run_notebook(server, notebook, out, tmp_path, experiment=None, cwd=NOTEBOOKS):
    env = {**os.environ, "MLFLOW_TRACKING_URI": server.url, "JTRACK_JOURNAL_DIR": str(tmp_path / "journal")}
    env.pop("MLFLOW_EXPERIMENT_NAME", None)
    args = [java(), "-jar", str(jar()), "run", "--cwd", str(cwd), str(notebook), str(out)]
    if experiment:
        args += ["--experiment", experiment]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"jtrack run {notebook} failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(Path(out).read_text())


def outputs_text(nb):
    texts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            texts.append("".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", "")))
    return "\n".join(texts)


def session_run(client, experiment):
    exp = client.get_experiment_by_name(experiment)
    assert exp is not None, f"experiment {experiment} missing"
    runs = client.search_runs([exp.experiment_id], "tags.`jtrack.session` = 'true'")
    assert len(runs) == 1, [r.info.run_name for r in runs]
    return exp, runs[0]


def test_tracked_session_is_an_mlflow3_run(server, tmp_path):
    run_notebook(server, NOTEBOOKS / "tracked-session.ipynb", tmp_path / "out.ipynb", tmp_path, "c3-session")
    client = MlflowClient(server.url)
    _, run = session_run(client, "c3-session")
    assert run.info.status == "FINISHED"
    assert run.data.params["learningRate"] == "0.05"
    assert run.data.metrics["accuracy"] == 0.93
    assert [m.value for m in client.get_metric_history(run.info.run_id, "loss")][0] == pytest.approx(0.8)
    assert run.data.tags["team"] == "vision"
    assert run.data.tags["mlflow.source.type"] == "NOTEBOOK"
    cells = Path(client.download_artifacts(run.info.run_id, "session/cells.jsonl", str(tmp_path))).read_text()
    assert len(cells.strip().splitlines()) >= 7
    children = client.search_runs([run.info.experiment_id], f"tags.mlflow.parentRunId = '{run.info.run_id}'")
    assert [c.data.metrics["f1"] for c in children] == [0.81]


def test_compare_notebook_against_mlflow3(server, tmp_path):
    nb = run_notebook(server, NOTEBOOKS / "compare-runs.ipynb", tmp_path / "out.ipynb", tmp_path)
    client = MlflowClient(server.url)
    experiments = [e for e in client.search_experiments() if e.name.startswith("compare-runs-")]
    assert len(experiments) == 1
    runs = client.search_runs([experiments[0].experiment_id], "params.lr != ''")
    assert sorted(float(r.data.params["lr"]) for r in runs) == [0.01, 0.05, 0.1, 0.3]
    assert all(len(client.get_metric_history(r.info.run_id, "loss")) == 300 for r in runs)
    best = max(runs, key=lambda r: r.data.metrics["accuracy"])
    text = outputs_text(nb)
    assert "4 fast runs" not in text and "2 fast runs" in text, text[:2000]
    assert best.data.tags["mlflow.runName"] in text  # %runs / %best printed the runs MLflow holds


def test_models_notebook_creates_mlflow3_logged_models(server, tmp_path):
    run_notebook(server, NOTEBOOKS / "models-iris.ipynb", tmp_path / "out.ipynb", tmp_path, "c3-iris")
    client = MlflowClient(server.url)
    exp, run = session_run(client, "c3-iris")
    models = mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format="list")
    assert sorted(m.name for m in models) == ["iris-classifier", "iris-model"]
    for m in models:
        assert m.status.to_int() == mlflow.entities.LoggedModelStatus.READY.to_int(), m
        assert m.source_run_id == run.info.run_id
        assert m.params["learningRate"] == "0.1" and m.params["epochs"] == "1500"
        metrics = {x.key: x.value for x in m.metrics}
        assert metrics["train_accuracy"] >= 0.9, metrics
        assert metrics["loss"] > 0  # the step-0 point of the run's history
        got = mlflow.get_logged_model(m.model_id)
        assert got.artifact_location.endswith(f"/models/{m.model_id}/artifacts")
        files = {f.path for f in client.list_logged_model_artifacts(m.model_id)}
        assert {"MLmodel", "input_example.json"} <= files, files
    assert {o.model_id for o in client.get_run(run.info.run_id).outputs.model_outputs} == {m.model_id for m in models}

    classifier = next(m for m in models if m.name == "iris-classifier")
    version = client.get_model_version_by_alias("iris", "champion")
    # (MLflow 3.17's server keeps no model_id on versions, even from its own client: the source links them)
    assert version.source == f"models:/{classifier.model_id}"
    assert version.run_id == run.info.run_id
    assert client.get_model_version_by_alias("iris", "first").version == "1"
    assert client.get_registered_model("iris-archive").latest_versions[0].source == f"models:/{classifier.model_id}"

    with ModelsServe(server.url, "models:/iris@champion") as serve:
        answer = serve.invoke({"dataframe_split": {
            "columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
            "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}})
    labels = [p["prediction"] if isinstance(p, dict) else p for p in answer["predictions"]]
    assert labels == ["setosa", "virginica"], answer


# ----- ONNX across languages -----

def tiny_onnx():
    """y = x0 + 2 * x1 for a float [batch, 2] input."""
    w = helper.make_tensor("w", TensorProto.FLOAT, [2, 1], [1.0, 2.0])
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "tiny",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8  # read by the ONNX Runtime 1.20 jtrack records
    onnx.checker.check_model(model)
    return model


def java_notebook(path, *cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {
        "kernelspec": {"display_name": "Java (jtrack)", "language": "java", "name": "jtrack"},
        "language_info": {"name": "java", "file_extension": ".jshell"}},
        "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": src} for i, src in enumerate(cells)]}
    Path(path).write_text(json.dumps(nb))
    return path


def test_onnx_model_logged_from_java_scores_in_python_pyfunc(server, tmp_path):
    onnx.save(tiny_onnx(), str(tmp_path / "tiny.onnx"))
    notebook = java_notebook(
        tmp_path / "log-onnx.ipynb",
        "import dev.jtrack.models.*;\nimport dev.jtrack.notebook.Tracking;\n"
        f"OnnxModel tiny = OnnxModel.of(Path.of(\"{tmp_path / 'tiny.onnx'}\"));\n"
        "LoggedModel logged = Models.get().logModel(Tracking.run(), tiny, \"tiny-onnx\");\n"
        "System.out.println(\"LOGGED \" + logged.modelUri());")
    nb = run_notebook(server, notebook, tmp_path / "out.ipynb", tmp_path, "c3-onnx-java", cwd=tmp_path)
    uri = next(line.split()[1] for line in outputs_text(nb).splitlines() if line.startswith("LOGGED "))
    assert uri.startswith("models:/m-"), uri

    model_dir = Path(mlflow.artifacts.download_artifacts(uri, dst_path=str(tmp_path / "dl")))
    flavors = mlflow.models.Model.load(str(model_dir)).flavors
    assert flavors["python_function"]["loader_module"] == "mlflow.onnx"
    assert flavors["onnx"]["data"] == "model.onnx"
    pyfunc = mlflow.pyfunc.load_model(uri)
    out = pyfunc.predict(pd.DataFrame({"a": [1.0, 3.0], "b": [2.0, -1.0]}))
    assert np.asarray(out["y"].tolist()).ravel().tolist() == pytest.approx([5.0, 1.0])
    assert mlflow.onnx.load_model(uri).graph.node[0].op_type == "MatMul"


def test_onnx_model_logged_from_python_loads_and_serves_in_java(server, tmp_path):
    mlflow.set_experiment("c3-onnx-python")
    with mlflow.start_run():
        info = mlflow.onnx.log_model(tiny_onnx(), name="tiny", registered_model_name="py-onnx")
    client = MlflowClient(server.url)
    client.set_registered_model_alias("py-onnx", "champion", info.registered_model_version)

    notebook = java_notebook(
        tmp_path / "load-onnx.ipynb",
        "import dev.jtrack.models.*;\nimport tech.tablesaw.api.*;\n"
        "Table rows = Table.create(\"rows\", DoubleColumn.create(\"a\", 1.0, 3.0), DoubleColumn.create(\"b\", 2.0, -1.0));\n"
        f"for (String uri : List.of(\"{info.model_uri}\", \"models:/py-onnx@champion\")) {{\n"
        "    Table out = Models.get().load(uri).predict(rows);\n"
        "    System.out.println(\"SCORED \" + uri + \" \" + out.numberColumn(0).getDouble(0) + \" \" + out.numberColumn(0).getDouble(1));\n"
        "}")
    nb = run_notebook(server, notebook, tmp_path / "out.ipynb", tmp_path, "c3-onnx-load", cwd=tmp_path)
    scored = [line.split() for line in outputs_text(nb).splitlines() if line.startswith("SCORED ")]
    assert [(s[1], float(s[2]), float(s[3])) for s in scored] == [
        (info.model_uri, 5.0, 1.0), ("models:/py-onnx@champion", 5.0, 1.0)], scored

    with ModelsServe(server.url, "models:/py-onnx@champion") as serve:
        answer = serve.invoke({"inputs": [[1.0, 2.0], [3.0, -1.0]]})
    values = np.asarray([list(p.values())[0] if isinstance(p, dict) else p for p in answer["predictions"]],
                        dtype=float).ravel().tolist()
    assert values == pytest.approx([5.0, 1.0]), answer


class ModelsServe(_Process):
    """`jtrack models serve -m URI` against the tracking server, on a free port."""

    def __init__(self, tracking_uri, model_uri):
        self.port = free_port()
        super().__init__([java(), "-jar", str(jar()), "models", "serve", "-m", model_uri, "--tracking-uri", tracking_uri,
                          "--host", "127.0.0.1", "--port", str(self.port)], {}, "jtrack-models-serve-")
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_http(self.url + "/ping", timeout=180, proc=self.proc, log=self.log)
        except Exception:
            self.stop()
            raise

    def invoke(self, payload):
        request = urllib.request.Request(self.url + "/invocations", data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as r:
            return json.loads(r.read())
