"""An isolated Jupyter set-up for the jtrack kernel: the real `java -jar jtrack.jar install
--prefix DIR` writes the kernelspec into a temporary prefix, and JUPYTER_PATH, JUPYTER_DATA_DIR,
JUPYTER_CONFIG_DIR, JUPYTER_RUNTIME_DIR, the tracking journal (JTRACK_JOURNAL_DIR) and the input
history point into a temporary directory, so nothing of the user's Jupyter or jtrack state is read
or written."""
import os
import subprocess
from pathlib import Path

from servers import QUIET_ENV, jar, java


class JupyterEnv:
    def __init__(self, root, kernel_name="jtrack", tracking_uri=None):
        self.root = Path(root)
        self.kernel_name = kernel_name
        prefix = self.root / "prefix"
        self.env = {
            **QUIET_ENV,
            "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
            "JUPYTER_DATA_DIR": str(self.root / "data"),
            "JUPYTER_CONFIG_DIR": str(self.root / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.root / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "JTRACK_JOURNAL_DIR": str(self.root / "journal"),
            "JTRACK_HISTORY_FILE": str(self.root / "history" / "history.txt"),
        }
        if tracking_uri:
            self.env["MLFLOW_TRACKING_URI"] = tracking_uri
        done = subprocess.run([java(), "-jar", str(jar()), "install", "--prefix", str(prefix), "--name", kernel_name,
                               "--no-archive"], env={**os.environ, **self.env}, capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"jtrack install failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        self.kernelspec = prefix / "share" / "jupyter" / "kernels" / kernel_name
        if not (self.kernelspec / "kernel.json").is_file():
            raise RuntimeError(f"no kernel.json in {self.kernelspec}:\n{done.stdout}")

    def environ(self, **extra):
        """os.environ with this set-up (and `extra`) applied, for subprocesses."""
        return {**os.environ, **self.env, **extra}

    def apply(self, monkeypatch, **extra):
        """Applies the set-up to this process (for in-process clients such as papermill's API)."""
        for key, value in {**self.env, **extra}.items():
            monkeypatch.setenv(key, value)
