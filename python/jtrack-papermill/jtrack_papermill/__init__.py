"""papermill support for the jtrack Java kernel.

papermill types every ``-p`` value itself and hands a translator only those values, never the
notebook's ``parameters`` cell. Java needs declared types, so the translator does not write Java:
it writes one ``%papermill_parameters {json}`` line, and the jtrack kernel declares the variables
with the types of the parameters cell, by exactly the rules of ``jtrack run -p`` (same types,
escaping, lists and errors).

Importing this module registers the translator for the ``java`` language and the ``jtrack`` kernel
name. papermill imports it on start through the ``papermill.engine`` entry point (``jtrack``).

The tracking run the kernel reported (``run_id``, ``experiment_id``, ``tracking_uri``) is copied
into the output notebook's ``metadata.jtrack``, with papermill's default engine as well as with
``--engine jtrack``: importing this module wraps papermill's default engine in
:class:`JtrackAwareEngine`, which hands every call to the engine it wraps unchanged and only adds
that copy when the kernel's kernelspec is a jtrack one (``metadata.jtrack`` in its kernel.json, as
``jtrack install`` writes it). Notebooks on any other kernel run exactly as without this package.
"""
import json
import re

__all__ = ["JavaTranslator", "JtrackAwareEngine", "JtrackEngine", "MAGIC", "is_jtrack_kernel", "run_info"]

MAGIC = "papermill_parameters"


def run_info(nb):
    """The tracking run the kernel reported in the injected-parameters cell's output, or None."""
    for cell in nb.cells:
        if "injected-parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            info = output.get("metadata", {}).get("jtrack")
            if isinstance(info, dict) and info.get("run_id"):
                return dict(info)
    return None


def is_jtrack_kernel(kernel_name):
    """Whether ``kernel_name`` names a jtrack kernelspec (one whose kernel.json has ``metadata.jtrack``)."""
    if not kernel_name:
        return False
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return False
    return isinstance((spec.metadata or {}).get("jtrack"), dict)


def _execute_and_lift(engine, nb, kernel_name, kwargs):
    """Runs ``engine``, then copies the kernel's run into ``metadata.jtrack``, also when it raised
    (a timeout, a dead kernel): papermill saved the output before, so it is saved again."""
    try:
        executed = engine.execute_notebook(nb, kernel_name, **kwargs)
    except BaseException:
        if _lift(nb) and kwargs.get("output_path"):
            from papermill.iorw import write_ipynb

            write_ipynb(nb, kwargs["output_path"])
        raise
    _lift(executed)
    return executed


class JtrackEngine:
    """papermill's nbclient engine, plus the tracking run's id in ``metadata.jtrack`` of the output.

    It delegates to papermill's engine, imported when used: papermill loads this module while it
    initialises itself, so nothing of papermill may be needed before this class exists.
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        from papermill.engines import NBClientEngine

        return _execute_and_lift(NBClientEngine, nb, kernel_name, kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_language(nb, language)


class JtrackAwareEngine:
    """papermill's default engine as it was, plus ``metadata.jtrack`` for jtrack kernels only.

    Every call goes to ``wrapped`` with the same arguments; for a kernel that is not jtrack's the
    result is returned as it came.
    """

    wrapped = None

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        if not is_jtrack_kernel(kernel_name):
            return cls.wrapped.execute_notebook(nb, kernel_name, **kwargs)
        return _execute_and_lift(cls.wrapped, nb, kernel_name, kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        return cls.wrapped.nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        return cls.wrapped.nb_language(nb, language)


def _lift(nb):
    info = run_info(nb)
    if info:
        nb.metadata["jtrack"] = info
    return bool(info)


def _wrap_default_engine(engines):
    """Registers :class:`JtrackAwareEngine` as papermill's default engine (``engine_name=None``),
    wrapping the one registered before; once, however often this module is imported."""
    current = engines.get_engine(None)
    if current is not JtrackAwareEngine:
        JtrackAwareEngine.wrapped = current
        engines.register(None, JtrackAwareEngine)


# Only now papermill (which may be initialising and importing this module right now).
from papermill.engines import papermill_engines  # noqa: E402
from papermill.models import Parameter  # noqa: E402
from papermill.translators import Translator, papermill_translators  # noqa: E402


class JavaTranslator(Translator):
    """Emits the parameters as JSON for the jtrack kernel, which types them."""

    # a top-level `TYPE NAME = VALUE;` line, as jtrack reads a parameters cell
    DECLARATION = re.compile(
        r"^(?:final\s+)?([A-Za-z_][\w.]*(?:\s*<[^=;]*>)?(?:\s*\[\s*\])*)\s+([A-Za-z_$][\w$]*)\s*=\s*(.*?);?\s*(?://\s*(.*))?$"
    )

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        values = json.dumps(parameters, default=str, ensure_ascii=True)
        return f"{cls.comment(comment)}\n%{MAGIC} {values}\n"

    @classmethod
    def inspect(cls, parameters_cell):
        """The parameters cell's declarations, for ``papermill --help-notebook`` and its warnings."""
        params = []
        for line in parameters_cell.source.splitlines():
            if not line or line[0].isspace():
                continue
            match = cls.DECLARATION.match(line)
            if match and match.group(1) != "return":
                type_name, name, default, help_text = match.groups()
                params.append(Parameter(name=name, inferred_type_name=re.sub(r"\s+", "", type_name),
                                        default=default.strip(), help=(help_text or "").strip()))
        return params


papermill_translators.register("java", JavaTranslator)
papermill_translators.register("jtrack", JavaTranslator)
_wrap_default_engine(papermill_engines)
