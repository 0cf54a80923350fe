"""`jtrack models evaluate` against scikit-learn itself: fixed datasets (a seeded generator) with
predictions and per-class scores are evaluated by the jtrack jar (`--predictions`, logged to a real
`jtrack server`), and every metric jtrack reports is compared with scikit-learn's value under the
same name; the metrics logged on the run (read back with MLflow's client) must equal them too."""
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as sk

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from servers import QUIET_ENV, jar, java  # noqa: E402

REL = 1e-9
ABS = 1e-12


def run_evaluate(tmp_path, server, frame, *extra, plots=False):
    data = tmp_path / "data.csv"
    frame.to_csv(data, index=False)  # floats written with repr: Java reads the same doubles
    out = tmp_path / "out.json"
    args = [java(), "-jar", str(jar()), "models", "evaluate", "--data", str(data), "--target", "y",
            "--predictions", "pred", "--json", str(out), "--tracking-uri", server.url, "--experiment", "sklearn-check",
            *extra]
    if not plots:
        args.append("--no-plots")
    env = {**os.environ, **QUIET_ENV}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text())["evaluations"][0]


def assert_same(jtrack, expected):
    assert sorted(jtrack) == sorted(expected), (sorted(set(jtrack) ^ set(expected)))
    for name, value in expected.items():
        assert jtrack[name] == pytest.approx(float(value), rel=REL, abs=ABS), name


def logged_metrics(server, run_id):
    import mlflow
    return mlflow.MlflowClient(tracking_uri=server.url).get_run(run_id).data.metrics


def sklearn_classification(y, pred, proba=None, classes=None, pos_label=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns about zero_division; its default value is 0
        labels = sorted(set(y) | set(pred))
        m = {"example_count": len(y), "accuracy_score": sk.accuracy_score(y, pred)}
        if len(labels) == 2:
            pos = pos_label
            neg = [label for label in labels if label != pos][0]
            m["precision_score"] = sk.precision_score(y, pred, pos_label=pos)
            m["recall_score"] = sk.recall_score(y, pred, pos_label=pos)
            m["f1_score"] = sk.f1_score(y, pred, pos_label=pos)
            tn, fp, fn, tp = sk.confusion_matrix(y, pred, labels=[neg, pos]).ravel()
            m.update(true_negatives=tn, false_positives=fp, false_negatives=fn, true_positives=tp)
        else:
            m["precision_score"] = sk.precision_score(y, pred, average="weighted")
            m["recall_score"] = sk.recall_score(y, pred, average="weighted")
            m["f1_score"] = sk.f1_score(y, pred, average="weighted")
        for avg in ("macro", "weighted"):
            m[f"precision_score_{avg}"] = sk.precision_score(y, pred, average=avg)
            m[f"recall_score_{avg}"] = sk.recall_score(y, pred, average=avg)
            m[f"f1_score_{avg}"] = sk.f1_score(y, pred, average=avg)
        p, r, f, _ = sk.precision_recall_fscore_support(y, pred, labels=labels)
        for i, label in enumerate(labels):
            m[f"precision_score_class_{label}"] = p[i]
            m[f"recall_score_class_{label}"] = r[i]
            m[f"f1_score_class_{label}"] = f[i]
        if proba is not None:
            m["log_loss"] = sk.log_loss(y, proba, labels=classes)
            y = np.asarray(y)
            if len(classes) == 2:
                scores = proba[:, classes.index(pos_label)]
                m["roc_auc"] = sk.roc_auc_score(y == pos_label, scores)
                m["precision_recall_auc"] = sk.average_precision_score(y == pos_label, scores)
            else:
                m["roc_auc"] = sk.roc_auc_score(y, proba, multi_class="ovr", average="weighted", labels=classes)
                m["roc_auc_weighted"] = m["roc_auc"]
                m["roc_auc_macro"] = sk.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=classes)
                for i, c in enumerate(classes):
                    m[f"roc_auc_class_{c}"] = sk.roc_auc_score(y == c, proba[:, i])
        return m


def sklearn_regression(y, pred):
    return {
        "example_count": len(y),
        "mean_absolute_error": sk.mean_absolute_error(y, pred),
        "mean_squared_error": sk.mean_squared_error(y, pred),
        "root_mean_squared_error": sk.root_mean_squared_error(y, pred),
        "sum_on_target": float(np.sum(y)),
        "mean_on_target": float(np.mean(y)),
        "r2_score": sk.r2_score(y, pred),
        "max_error": sk.max_error(y, pred),
        "mean_absolute_percentage_error": sk.mean_absolute_percentage_error(y, pred),
    }


def test_binary_with_probabilities_and_tied_scores(tmp_path, jtrack_server):
    rng = np.random.RandomState(7)
    n = 400
    y = rng.randint(0, 2, n)
    p1 = np.clip(0.35 * y + rng.rand(n) * 0.65, 0, 1).round(2)  # rounded: many ties
    pred = (p1 >= 0.5).astype(int)
    frame = pd.DataFrame({"x": rng.randn(n), "y": y, "pred": pred, "score_0": 1 - p1, "score_1": p1})
    result = run_evaluate(tmp_path, jtrack_server, frame, "--task", "classification", plots=True)
    expected = sklearn_classification(list(y), list(pred), np.column_stack([1 - p1, p1]), [0, 1], pos_label=1)
    assert_same(result["metrics"], expected)
    assert logged_metrics(jtrack_server, result["run_id"]) == pytest.approx(result["metrics"], rel=REL)


def test_multiclass_one_vs_rest_with_string_labels(tmp_path, jtrack_server):
    rng = np.random.RandomState(11)
    n = 300
    classes = ["ant", "bee", "cat"]
    y_idx = rng.randint(0, 3, n)
    logits = rng.randn(n, 3) + 1.5 * np.eye(3)[y_idx]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    pred = [classes[i] for i in proba.argmax(axis=1)]
    y = [classes[i] for i in y_idx]
    frame = pd.DataFrame({"y": y, "pred": pred, **{f"score_{c}": proba[:, i] for i, c in enumerate(classes)}})
    result = run_evaluate(tmp_path, jtrack_server, frame)
    assert_same(result["metrics"], sklearn_classification(y, pred, proba, classes))


def test_class_absent_from_predictions_and_from_truth(tmp_path, jtrack_server):
    rng = np.random.RandomState(3)
    n = 120
    y = list(rng.choice(["a", "b", "c"], n))
    # never predicts c; predicts d, which is never true
    pred = [v if v != "c" and rng.rand() < 0.7 else ("d" if rng.rand() < 0.3 else "a") for v in y]
    result = run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": pred}))
    assert_same(result["metrics"], sklearn_classification(y, pred))


def test_perfect_and_constant_classifiers(tmp_path, jtrack_server):
    y = [0, 1, 1, 0, 1, 1, 1, 0]
    perfect = run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": y}), "--task", "classification")
    assert_same(perfect["metrics"], sklearn_classification(y, y, pos_label=1))
    constant = [1] * len(y)
    result = run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": constant}), "--task", "classification")
    assert_same(result["metrics"], sklearn_classification(y, constant, pos_label=1))


def test_regression(tmp_path, jtrack_server):
    rng = np.random.RandomState(5)
    n = 500
    y = rng.randn(n) * 10 + 3
    y[17] = 0.0  # MAPE divides by max(|y|, eps)
    pred = y + rng.randn(n) * 2
    result = run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": pred}), plots=True)
    assert_same(result["metrics"], sklearn_regression(y, pred))
    assert logged_metrics(jtrack_server, result["run_id"]) == pytest.approx(result["metrics"], rel=REL)


def test_regression_perfect_and_constant(tmp_path, jtrack_server):
    y = np.array([1.5, 2.5, 3.5, 10.0])
    assert_same(run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": y}))["metrics"],
                sklearn_regression(y, y))
    const = np.full(4, 4.0)
    assert_same(run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": y, "pred": const}))["metrics"],
                sklearn_regression(y, const))
    flat = np.full(4, 2.0)
    assert_same(run_evaluate(tmp_path, jtrack_server, pd.DataFrame({"y": flat, "pred": y}))["metrics"],
                sklearn_regression(flat, y))


def test_nan_in_the_data_is_refused_clearly(tmp_path, jtrack_server):
    frame = pd.DataFrame({"y": [1.0, np.nan, 3.0], "pred": [1.0, 2.0, 3.0]})
    data = tmp_path / "nan.csv"
    frame.to_csv(data, index=False)
    proc = subprocess.run([java(), "-jar", str(jar()), "models", "evaluate", "--data", str(data), "--target", "y",
                           "--predictions", "pred", "--tracking-uri", jtrack_server.url],
                          capture_output=True, text=True, timeout=120, env={**os.environ, **QUIET_ENV})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "missing value" in proc.stderr and "row 1" in proc.stderr, proc.stderr
