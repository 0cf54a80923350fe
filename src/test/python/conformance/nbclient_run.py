"""Runs a notebook on the jtrack kernel with whatever nbclient this interpreter has (PyPI's in the
tools environment, Debian's under /usr/bin/python3), the kernel's stderr going to a file.
Usage: nbclient_run.py IN.ipynb OUT.ipynb STDERR_FILE"""
import sys

import nbformat
from nbclient import NotebookClient

source, out, stderr_path = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
with open(stderr_path, "wb") as stderr:
    NotebookClient(nb, kernel_name="jtrack", timeout=120, startup_timeout=120).execute(stderr=stderr)
nbformat.write(nb, out)
