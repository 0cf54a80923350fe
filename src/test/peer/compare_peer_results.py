"""Compares the two halves of a run of MLflow's own REST-server suites, per test.

Inputs: the JUnit XML of the run against the real MLflow server, the JUnit XML of the run against
`jtrack server`, the classification the plugin wrote (jtrack_peer_plugin.classify: applicable,
not applicable with a reason, not served) and the committed list of known jtrack failures
(`<file>::<test>  # reason`, one a line).

Prints the counts, the not-applicable tests with their reasons, the not-served ones, and every
applicable test that passes on MLflow and fails on jtrack. Exits 1 when such a test is not in the
known-failures list, or when a listed test now passes on jtrack (so the list only shrinks), or when
the list names a test that was not collected; 0 otherwise.

    python compare_peer_results.py --mlflow mlflow.xml --jtrack jtrack.xml \
        --classes classes.json --known known-failures.txt
"""
import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


def read_junit(path):
    """{test id: passed|failed|skipped} from a pytest JUnit XML file (ids as the plugin makes them)."""
    results = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1]
        test_id = f"{module}.py::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            status = FAILED
        elif case.find("skipped") is not None:
            status = SKIPPED
        else:
            status = PASSED
        # A test can appear twice (a failing teardown adds an error entry): the worst one counts.
        if results.get(test_id) != FAILED:
            results[test_id] = status
    return results


def read_known_failures(path):
    """{test id: reason} from the committed list; every entry needs a reason."""
    known = {}
    problems = []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test_id, sep, reason = line.partition("#")
        if not sep or not reason.strip():
            problems.append(f"{path}:{number}: no reason given (write `<test id>  # <reason>`)")
            continue
        known[test_id.strip()] = reason.strip()
    return known, problems


def per_file(ids, of_ids):
    """`test_model_registry.py 26 of 48, test_rest_tracking.py 31 of 99`."""
    def count(some):
        counts = defaultdict(int)
        for test_id in some:
            counts[test_id.split("::", 1)[0]] += 1
        return counts
    have, total = count(ids), count(of_ids)
    return ", ".join(f"{f} {have.get(f, 0)} of {n}" for f, n in sorted(total.items()))


def compare(mlflow, jtrack, classes, known):
    """The report lines and whether the comparison holds."""
    lines = []
    ok = True
    applicable = sorted(t for t, c in classes.items() if c["category"] == "applicable")
    not_applicable = sorted(t for t, c in classes.items() if c["category"] == "not applicable")
    not_served = sorted(t for t, c in classes.items() if c["category"] == "not served")

    mlflow_passes = [t for t in applicable if mlflow.get(t) == PASSED]
    jtrack_passes = [t for t in mlflow_passes if jtrack.get(t) == PASSED]
    regressions = [t for t in mlflow_passes if jtrack.get(t) != PASSED]
    mlflow_not_passing = [t for t in applicable if mlflow.get(t) != PASSED]

    lines.append(f"MLflow's own suites: {len(classes)} tests collected: {len(applicable)} applicable, "
                 f"{len(not_applicable)} not applicable, {len(not_served)} not served")
    lines.append(f"  MLflow 3.11.1 server passes {len(mlflow_passes)} of {len(applicable)} applicable "
                 f"({per_file(mlflow_passes, applicable)})")
    lines.append(f"  jtrack server passes {len(jtrack_passes)} of those {len(mlflow_passes)} "
                 f"({per_file(jtrack_passes, mlflow_passes)})")

    lines.append(f"\nNot applicable ({len(not_applicable)}):")
    by_reason = defaultdict(list)
    for t in not_applicable:
        by_reason[classes[t]["reason"]].append(t)
    for reason, ids in sorted(by_reason.items()):
        lines.append(f"  {reason} ({len(ids)}):")
        lines.extend(f"    {t}" for t in ids)

    lines.append(f"\nNot served by jtrack, neither passed nor failed ({len(not_served)}):")
    lines.extend(f"  {t}  ({classes[t]['reason']})" for t in not_served)

    lines.append(f"\nApplicable, not passing on MLflow's own server, not compared ({len(mlflow_not_passing)}):")
    lines.extend(f"  {t}  (MLflow: {mlflow.get(t, 'not run')})" for t in mlflow_not_passing)

    lines.append(f"\nPass on MLflow, fail on jtrack ({len(regressions)}):")
    for t in regressions:
        if t in known:
            lines.append(f"  {t}  [known: {known[t]}]")
        else:
            lines.append(f"  {t}  [NEW: not in the known-failures list] (jtrack: {jtrack.get(t, 'not run')})")
            ok = False

    now_passing = sorted(t for t in known if t in jtrack_passes)
    if now_passing:
        lines.append(f"\nNow passing on jtrack, remove from list ({len(now_passing)}):")
        lines.extend(f"  {t}" for t in now_passing)
        ok = False
    unknown = sorted(t for t in known if t not in classes)
    if unknown:
        lines.append(f"\nIn the known-failures list but not collected ({len(unknown)}):")
        lines.extend(f"  {t}" for t in unknown)
        ok = False
    return lines, ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mlflow", required=True, help="JUnit XML of the run against MLflow's server")
    parser.add_argument("--jtrack", required=True, help="JUnit XML of the run against jtrack server")
    parser.add_argument("--classes", required=True, help="classification JSON written by the plugin")
    parser.add_argument("--known", required=True, help="known jtrack failures, `<id>  # reason` per line")
    args = parser.parse_args(argv)

    classes = json.loads(Path(args.classes).read_text())
    known, problems = read_known_failures(args.known)
    lines, ok = compare(read_junit(args.mlflow), read_junit(args.jtrack), classes, known)
    print("\n".join(lines))
    for p in problems:
        print(p)
    ok = ok and not problems
    print("\npeer tests: " + ("OK" if ok else "FAILED (see NEW / remove from list / not collected above)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
