"""papermill runs jtrack notebooks: the real papermill CLI and Python API, the jtrack-papermill
translator (installed into this environment), the kernel installed by `jtrack install`, a real
`jtrack server` as the store."""
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

ROOT = Path(__file__).resolve().parents[4]
PAPERMILL = [sys.executable, "-m", "papermill"]
TIMEOUT = 240

pytestmark = pytest.mark.timeout(TIMEOUT + 60)


def api(server, path, body=None):
    url = server.url + "/api/2.0/mlflow/" + path
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"},
                                     method="GET" if body is None else "POST")
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.load(r)


def run_of(server, run_id, status=None, timeout=30):
    """The run as the store has it; waits (bounded) until it has `status`."""
    deadline = time.monotonic() + timeout
    while True:
        run = api(server, "runs/get?run_id=" + urllib.parse.quote(run_id))["run"]
        if status is None or run["info"]["status"] == status or time.monotonic() > deadline:
            return run
        time.sleep(0.3)


def params(run):
    return {p["key"]: p["value"] for p in run["data"].get("params", [])}


def tags(run):
    return {t["key"]: t["value"] for t in run["data"].get("tags", [])}


def notebook(path, cells):
    """A jtrack notebook of (source, tags) code cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "jtrack", "display_name": "Java (jtrack)", "language": "java"}
    nb.metadata.language_info = {"name": "java"}
    for source, cell_tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        if cell_tags:
            cell.metadata["tags"] = cell_tags
        nb.cells.append(cell)
    nbformat.write(nb, str(path))
    return path


PARAMETERS_CELL = ('int epochs = 5;\ndouble lr = 0.1;\nString name = "x";\nboolean fast = false;\n'
                   'long seed = 1L;\nList<Integer> sizes = List.of(1);', ["parameters"])
SHOW_CELL = ('String.join("|", ((Object) epochs).getClass().getSimpleName() + "=" + epochs, '
             '((Object) lr).getClass().getSimpleName() + "=" + lr, name, "" + fast, '
             '((Object) seed).getClass().getSimpleName() + "=" + seed, "" + sizes)', None)


def text_outputs(cell):
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif "data" in o and "text/plain" in o.data:
            out.append(o.data["text/plain"])
    return "".join(out)


def injected(nb):
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, [c.source for c in nb.cells]
    return cells[0]


def test_cli_runs_the_example_notebook_with_parameters(jupyter, server, tmp_path):
    out = tmp_path / "out.ipynb"
    done = subprocess.run([*PAPERMILL, "-k", "jtrack", str(ROOT / "notebooks" / "train-linear.ipynb"), str(out),
                           "-p", "learningRate", "0.05", "-p", "epochs", "3", "--cwd", str(ROOT / "notebooks")],
                          env=jupyter.environ(), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr[-4000:]
    nb = nbformat.read(str(out), as_version=4)
    cell = injected(nb)
    assert cell.source.splitlines()[1] == '%papermill_parameters {"learningRate": 0.05, "epochs": 3}'
    info = [o.metadata["jtrack"] for o in cell.outputs if "jtrack" in o.get("metadata", {})]
    assert len(info) == 1, cell.outputs
    run_id = info[0]["run_id"]
    assert run_id in text_outputs(cell)
    # papermill's default engine (no --engine): the run is in the notebook's metadata too
    assert nb.metadata["jtrack"] == info[0]
    assert set(nb.metadata["jtrack"]) == {"run_id", "experiment_id", "tracking_uri"}
    assert "w = [" in text_outputs(nb.cells[-1])
    run = run_of(server, run_id, status="FINISHED")
    assert run["info"]["status"] == "FINISHED"
    assert params(run) == {"epochs": "3", "learningRate": "0.05", "modelName": "linear"}
    assert tags(run)["jtrack.runner"] == "papermill"
    assert tags(run)["jtrack.session"] == "true"
    assert {m["key"] for m in run["data"]["metrics"]} >= {"final_rmse", "cells_executed"}


def test_api_types_values_from_the_parameters_cell_and_writes_the_run_id(jupyter, server, tmp_path, monkeypatch):
    jupyter.apply(monkeypatch)
    source = notebook(tmp_path / "types.ipynb", [PARAMETERS_CELL, SHOW_CELL])
    out = tmp_path / "types.out.ipynb"
    nb = papermill.execute_notebook(str(source), str(out), kernel_name="jtrack", engine_name="jtrack",
                                    parameters={"epochs": 7, "lr": 1, "name": 'say "hi"\\\nnext', "fast": True,
                                                "seed": 12345678901, "sizes": [2, 3]},
                                    progress_bar=False, execution_timeout=TIMEOUT)
    shown = text_outputs(nb.cells[-1])
    assert "Integer=7|Double=1.0|say \"hi\"\\\nnext|true|Long=12345678901|[2, 3]" in shown, shown
    run_id = nb.metadata["jtrack"]["run_id"]
    assert nbformat.read(str(out), as_version=4).metadata["jtrack"]["run_id"] == run_id
    run = run_of(server, run_id, status="FINISHED")
    assert params(run)["epochs"] == "7" and params(run)["sizes"] == "2,3" and params(run)["lr"] == "1"


@pytest.mark.parametrize("bad, message", [
    ({"epochs": "many"}, "parameter 'epochs' is declared int but got 'many' (expected a whole number)"),
    ({"epochs": 2.5}, "parameter 'epochs' is declared int but got '2.5' (expected a whole number)"),
    ({"nope": 1}, "unknown parameter 'nope': the parameters cell declares epochs, lr, name, fast, seed, sizes"),
])
def test_a_bad_value_fails_with_jtrack_runs_error_and_the_run_ends_failed(jupyter, server, tmp_path, monkeypatch,
                                                                          bad, message):
    experiment = "bad-" + str(abs(hash(message)))
    jupyter.apply(monkeypatch, MLFLOW_EXPERIMENT_NAME=experiment)
    source = notebook(tmp_path / "bad.ipynb", [PARAMETERS_CELL, SHOW_CELL])
    out = tmp_path / "bad.out.ipynb"
    with pytest.raises(PapermillExecutionError) as failure:
        papermill.execute_notebook(str(source), str(out), kernel_name="jtrack",
                                   parameters=bad, progress_bar=False, execution_timeout=TIMEOUT)
    assert failure.value.ename.endswith("ParameterError")
    assert message in failure.value.evalue
    experiment_id = api(server, "experiments/get-by-name?experiment_name=" + experiment)["experiment"]["experiment_id"]
    runs = api(server, "runs/search", {"experiment_ids": [experiment_id]}).get("runs", [])
    assert len(runs) == 1, runs
    assert run_of(server, runs[0]["info"]["run_id"], status="FAILED")["info"]["status"] == "FAILED"
    # the API's default engine: the failed run's id is in the output notebook all the same
    written = nbformat.read(str(out), as_version=4).metadata["jtrack"]
    assert written["run_id"] == runs[0]["info"]["run_id"] and written["experiment_id"] == experiment_id


def test_mlflow_run_id_is_honoured_and_a_failing_cell_ends_the_run_failed(jupyter, server, tmp_path, monkeypatch):
    experiment = api(server, "experiments/create", {"name": "pipeline"})["experiment_id"]
    run_id = api(server, "runs/create", {"experiment_id": experiment, "run_name": "orchestrated"})["run"]["info"]["run_id"]
    source = notebook(tmp_path / "fails.ipynb", [PARAMETERS_CELL, ('Tracking.logMetric("before_failure", 1.5);', None),
                                                 ('throw new IllegalStateException("boom");', None),
                                                 ('Tracking.logMetric("never", 1);', None)])
    out = tmp_path / "fails.out.ipynb"
    done = subprocess.run([*PAPERMILL, "-k", "jtrack", str(source), str(out), "-p", "epochs", "9"],
                          env=jupyter.environ(MLFLOW_RUN_ID=run_id), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr[-4000:]
    assert "boom" in done.stderr
    nb = nbformat.read(str(out), as_version=4)
    assert nb.metadata["jtrack"]["run_id"] == run_id and nb.metadata["jtrack"]["experiment_id"] == experiment
    assert nb.metadata["papermill"]["exception"] is True
    run = run_of(server, run_id, status="FAILED")
    assert run["info"]["status"] == "FAILED"
    assert tags(run)["mlflow.runName"] == "orchestrated"
    assert params(run)["epochs"] == "9"
    metrics = {m["key"] for m in run["data"]["metrics"]}
    assert "before_failure" in metrics and "never" not in metrics


def test_other_kernels_run_exactly_as_with_papermills_own_engine(jupyter, tmp_path, monkeypatch):
    """The default engine is wrapped, but only jtrack kernels get metadata.jtrack: a Python notebook
    whose injected-parameters cell even reports a run as jtrack's kernel does gets none, and its
    output equals the one papermill's nbclient engine writes (timestamps aside)."""
    from papermill.engines import NBClientEngine, papermill_engines
    from jtrack_papermill import JtrackAwareEngine

    assert papermill_engines.get_engine(None) is JtrackAwareEngine and JtrackAwareEngine.wrapped is NBClientEngine
    assert papermill_engines.get_engine("nbclient") is NBClientEngine
    jupyter.apply(monkeypatch)
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    look_alike = nbformat.v4.new_code_cell('from IPython.display import display\n'
                                           'display({"text/plain": "run"}, raw=True, metadata={"jtrack": {"run_id": "r1"}})')
    look_alike.metadata["tags"] = ["injected-parameters"]
    nb.cells = [look_alike, nbformat.v4.new_code_cell("print(6 * 7)")]
    source = tmp_path / "python.ipynb"
    nbformat.write(nb, str(source))

    def run(engine):
        out = tmp_path / f"python-{engine}.ipynb"
        papermill.execute_notebook(str(source), str(out), engine_name=engine, progress_bar=False,
                                   execution_timeout=TIMEOUT)
        return strip_times(nbformat.read(str(out), as_version=4))

    wrapped, plain = run(None), run("nbclient")
    assert "jtrack" not in wrapped.metadata
    assert wrapped.cells[0].outputs[0].metadata["jtrack"]["run_id"] == "r1"
    assert wrapped == plain


def strip_times(nb):
    for holder in [nb.metadata, *(c.metadata for c in nb.cells)]:
        for key in ("start_time", "end_time", "duration"):
            holder.get("papermill", {}).pop(key, None)
        holder.pop("execution", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    return nb


def test_the_translator_is_registered_for_java(jupyter):
    from papermill.translators import papermill_translators
    from jtrack_papermill import JavaTranslator

    assert papermill_translators.find_translator("any-java-kernel", "java") is JavaTranslator
    cell = nbformat.v4.new_code_cell(PARAMETERS_CELL[0] + "\n  int indented = 1;\n// int commented = 2;")
    found = {p.name: p.inferred_type_name for p in JavaTranslator.inspect(cell)}
    assert found == {"epochs": "int", "lr": "double", "name": "String", "fast": "boolean", "seed": "long",
                     "sizes": "List<Integer>"}


def test_the_package_imports_before_or_after_papermill():
    for code in ("import jtrack_papermill", "import papermill, jtrack_papermill",
                 "import jtrack_papermill.__init__ as j; import papermill; assert j.JtrackEngine"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (code, done.stderr[-2000:])
