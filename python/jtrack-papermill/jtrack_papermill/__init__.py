"""papermill support for the jtrack Java kernel.

papermill types every ``-p`` value itself and hands a translator only those values, never the
notebook's ``parameters`` cell. Java needs declared types, so the translator does not write Java:
it writes one ``%papermill_parameters {json}`` line, and the jtrack kernel declares the variables
with the types of the parameters cell, by exactly the rules of ``jtrack run -p`` (same types,
escaping, lists and errors).

Importing this module registers the translator for the ``java`` language and the ``jtrack`` kernel
name. papermill imports it on start through the ``papermill.engine`` entry point (``jtrack``),
which is also an engine: ``--engine jtrack`` runs like papermill's default engine and then copies
the tracking run the kernel reported (``run_id``, ``experiment_id``, ``tracking_uri``) into the
output notebook's ``metadata.jtrack``.
"""
import json
import re

__all__ = ["JavaTranslator", "JtrackEngine", "MAGIC", "run_info"]

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


class JtrackEngine:
    """papermill's nbclient engine, plus the tracking run's id in ``metadata.jtrack`` of the output.

    It delegates to papermill's engine, imported when used: papermill loads this module while it
    initialises itself, so nothing of papermill may be needed before this class exists.
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        from papermill.engines import NBClientEngine

        try:
            executed = NBClientEngine.execute_notebook(nb, kernel_name, **kwargs)
        except BaseException:
            _lift(nb)
            raise
        _lift(executed)
        return executed

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        from papermill.engines import NBClientEngine

        return NBClientEngine.nb_language(nb, language)


def _lift(nb):
    info = run_info(nb)
    if info:
        nb.metadata["jtrack"] = info


# Only now papermill (which may be initialising and importing this module right now).
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
