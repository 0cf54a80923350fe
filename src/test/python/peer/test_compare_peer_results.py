"""The per-test comparison of MLflow's own suites (src/test/peer/compare_peer_results.py): which
outcomes fail the run, on small JUnit files written here."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "peer"))
import compare_peer_results as compare  # noqa: E402

CLASSES = {
    "test_rest_tracking.py::test_a[sqlalchemy]": {"category": "applicable", "reason": ""},
    "test_rest_tracking.py::test_b[sqlalchemy]": {"category": "applicable", "reason": ""},
    "test_rest_tracking.py::test_a[file]": {"category": "not applicable", "reason": 'store_type="file"'},
    "test_rest_tracking.py::test_issue[sqlalchemy]": {"category": "not served", "reason": "issues"},
}


def junit(path, outcomes):
    cases = []
    for name, outcome in outcomes.items():
        body = {"passed": "", "failed": "<failure message='x'/>", "skipped": "<skipped message='xfail'/>"}[outcome]
        cases.append(f'<testcase classname="tests.tracking.test_rest_tracking" name="{name}">{body}</testcase>')
    path.write_text(f"<testsuites><testsuite>{''.join(cases)}</testsuite></testsuites>")
    return str(path)


def run(tmp_path, jtrack_b, known_text):
    classes = tmp_path / "classes.json"
    classes.write_text(json.dumps(CLASSES))
    known = tmp_path / "known.txt"
    known.write_text(known_text)
    mlflow = junit(tmp_path / "mlflow.xml", {"test_a[sqlalchemy]": "passed", "test_b[sqlalchemy]": "passed"})
    jtrack = junit(tmp_path / "jtrack.xml", {"test_a[sqlalchemy]": "passed", "test_b[sqlalchemy]": jtrack_b})
    return compare.main(["--mlflow", mlflow, "--jtrack", jtrack, "--classes", str(classes), "--known", str(known)])


def test_a_new_failure_fails_the_run(tmp_path, capsys):
    assert run(tmp_path, "failed", "") == 1
    out = capsys.readouterr().out
    assert "test_rest_tracking.py::test_b[sqlalchemy]  [NEW" in out
    assert "jtrack server passes 1 of those 2" in out
    assert 'store_type="file" (1)' in out and "test_issue[sqlalchemy]  (issues)" in out


def test_a_known_failure_with_its_reason_passes(tmp_path, capsys):
    assert run(tmp_path, "failed", "test_rest_tracking.py::test_b[sqlalchemy]  # not yet\n") == 0
    assert "[known: not yet]" in capsys.readouterr().out


def test_a_skip_on_jtrack_counts_as_not_passing(tmp_path):
    assert run(tmp_path, "skipped", "") == 1


def test_a_listed_test_that_now_passes_fails_the_run(tmp_path, capsys):
    assert run(tmp_path, "passed", "test_rest_tracking.py::test_b[sqlalchemy]  # was failing\n") == 1
    assert "remove from list" in capsys.readouterr().out


def test_entries_need_a_reason_and_a_collected_test(tmp_path, capsys):
    assert run(tmp_path, "failed", "test_rest_tracking.py::test_b[sqlalchemy]\n") == 1
    assert "no reason given" in capsys.readouterr().out
    assert run(tmp_path, "failed", "test_rest_tracking.py::test_b[sqlalchemy]  # x\n"
                                   "test_rest_tracking.py::test_gone[sqlalchemy]  # x\n") == 1
    assert "not collected" in capsys.readouterr().out
