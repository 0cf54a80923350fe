"""Widgets never block a headless run: notebooks/widgets.ipynb runs to the end with papermill and
nbconvert (the real kernel, nbclient as the client, no widget front end) and with `jtrack run`
(in-process, no comms at all), each widget output carrying the text form that names what a front
end needs."""
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402
from servers import jar, java  # noqa: E402

ROOT = Path(__file__).resolve().parents[4]
NOTEBOOK = ROOT / "notebooks" / "widgets.ipynb"
TIMEOUT = 240
NEEDS = "ipywidgets >= 8"
pytestmark = pytest.mark.timeout(TIMEOUT + 60)


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    root = tmp_path_factory.mktemp("headless")
    return JupyterEnv(root, tracking_uri=f"sqlite:///{root}/store.db")


def plain_texts(nb):
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text:
                out.append(text if isinstance(text, str) else "".join(text))
    return out


def assert_ran_with_text_forms(nb):
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    texts = plain_texts(nb)
    assert any(t.startswith("Interactive(") and NEEDS in t for t in texts), texts
    assert any(t.startswith("Button(") and NEEDS in t for t in texts), texts
    assert any("n=4, optimizer=adam, lr=0.01" in t for t in texts), texts


@pytest.mark.parametrize("tool", ["papermill", "nbconvert"])
def test_jupyter_clients_run_the_widgets_notebook_to_the_end(jupyter, tmp_path, tool):
    out = tmp_path / "out.ipynb"
    if tool == "papermill":
        command = [sys.executable, "-m", "papermill", "-k", "jtrack", str(NOTEBOOK), str(out)]
    else:
        command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                   "--ExecutePreprocessor.kernel_name=jtrack", "--output", str(out), str(NOTEBOOK)]
    started = time.monotonic()
    done = subprocess.run(command, env=jupyter.environ(), cwd=str(tmp_path), capture_output=True, text=True,
                          timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr[-4000:]
    nb = nbformat.read(str(out), as_version=4)
    assert_ran_with_text_forms(nb)
    views = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "a kernel with comms also offers the widget view to front ends that render it later"
    assert time.monotonic() - started < TIMEOUT


def test_jtrack_run_shows_the_text_form_without_comms(jupyter, tmp_path):
    out = tmp_path / "out.ipynb"
    done = subprocess.run([java(), "-jar", str(jar()), "run", str(NOTEBOOK), str(out), "--tracking-uri",
                           f"sqlite:///{tmp_path}/store.db"], env=jupyter.environ(), cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    nb = nbformat.read(str(out), as_version=4)
    assert_ran_with_text_forms(nb)
    views = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views == [], "no widget view without a front end's comms"
