"""The Jupyter community's kernel conformance suite (jupyter_kernel_test) against the jtrack
kernel installed by `jtrack install` into an isolated Jupyter path, every sample kind filled in."""
import os
import sys
import tempfile
import unittest
from pathlib import Path

import jupyter_kernel_test

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from jupyter_env import JupyterEnv  # noqa: E402

_ROOT = tempfile.mkdtemp(prefix="jtrack-kernel-test-")
_ENV = JupyterEnv(_ROOT)
# conformance only: nothing to record
_KERNEL_ENV = {**_ENV.env, "JTRACK_AUTOLOG": "off"}


class JtrackKernelTests(jupyter_kernel_test.KernelTests):
    # jupyter_kernel_test starts the kernel with this process's environment: set ours only while
    # this class runs, so the other suites in the same pytest process keep theirs (autolog on).
    @classmethod
    def setUpClass(cls):
        cls._saved_env = {k: os.environ.get(k) for k in _KERNEL_ENV}
        os.environ.update(_KERNEL_ENV)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            for key, value in cls._saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    kernel_name = "jtrack"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "String s = \"x\"; s.toUpperC", "matches": {"toUpperCase("}},
    ]
    complete_code_samples = ["1 + 1", "int a = 1;", "class A { }", "for (int i = 0; i < 3; i++) { }"]
    incomplete_code_samples = ["int f() {", "for (int i = 0; i < 3; i++) {", "String s = \"a\" +"]
    invalid_code_samples = ["int x = ;", "}"]

    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "\"ab\" + \"c\"", "result": "abc"},
        {"code": "List.of(1, 2)", "result": "[1, 2]"},
    ]
    code_display_data = [
        {"code": 'display("<b>hi</b>", "text/html");', "mime": "text/html"},
        {"code": 'display(markdown("# hi"));', "mime": "text/markdown"},
        {"code": 'display("{\\"a\\": 1}", "application/json");', "mime": "application/json"},
        {"code": 'display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));',
         "mime": "image/png"},
    ]
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.abs"
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
