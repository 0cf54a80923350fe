"""Writes an MLflow store with the MLflow of the running interpreter (2.17 or 3.x), or dumps any
tracking store through MLflow's Python client in a form that compares across MLflow versions.

    python mlflow_store.py write TRACKING_URI [--runs N]   prints {"run_ids": [...], ...} as JSON
    python mlflow_store.py dump TRACKING_URI              prints the store's snapshot as JSON

Used by test_import.py: the store is written by the real MLflow, imported by `jtrack import`, and
the snapshot of the source (read by MLflow) must equal the snapshot of jtrack's copy (read by MLflow
through `jtrack server`).
"""
import hashlib
import json
import math
import os
import sys
import tempfile

import mlflow
from mlflow.entities import Metric, Param, RunTag, ViewType
from mlflow.tracking import MlflowClient

MLFLOW3 = int(mlflow.__version__.split(".")[0]) >= 3


def write(uri, runs):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    a = client.create_experiment("import-a", tags={"team": "vision", "note": "a"})
    b = client.create_experiment("import-b")
    client.set_experiment_tag(b, "purpose", "bulk")
    ids = []
    work = tempfile.mkdtemp()
    with open(os.path.join(work, "notes.txt"), "w") as f:
        f.write("hello from mlflow " + mlflow.__version__)
    os.makedirs(os.path.join(work, "model", "data"))
    with open(os.path.join(work, "model", "MLmodel"), "w") as f:
        f.write("flavors: {}\n")
    with open(os.path.join(work, "model", "data", "weights.bin"), "wb") as f:
        f.write(bytes(range(256)) * 40)
    mlflow.set_experiment(experiment_id=a)
    with mlflow.start_run(run_name="train") as parent:
        mlflow.log_params({"lr": "0.01", "epochs": "3", "optimizer": "adam"})
        mlflow.set_tags({"stage": "dev", "owner": "ana"})
        for step in range(20):
            client.log_metric(parent.info.run_id, "loss", 1.0 / (step + 1), timestamp=1_700_000_000_000 + step, step=step)
            client.log_metric(parent.info.run_id, "acc", step / 20.0, timestamp=1_700_000_000_500 + step, step=step)
        client.log_metric(parent.info.run_id, "odd", float("nan"), timestamp=1_700_000_001_000, step=0)
        client.log_metric(parent.info.run_id, "loss", 0.5, timestamp=1_700_000_002_000, step=3)  # same step twice
        mlflow.log_artifact(os.path.join(work, "notes.txt"))
        mlflow.log_artifacts(os.path.join(work, "model"), artifact_path="model")
        try:
            import numpy as np
            ds = mlflow.data.from_numpy(np.arange(12, dtype=np.float64).reshape(4, 3), source="/data/train.npy", name="train")
            mlflow.log_input(ds, context="training")
        except ImportError:
            pass
        with mlflow.start_run(run_name="child", nested=True) as child:
            mlflow.log_param("fold", "1")
            mlflow.log_metric("loss", 0.3, step=1)
        ids += [parent.info.run_id, child.info.run_id]
    failed = client.create_run(a, run_name="failed", tags={"kind": "broken"})
    client.log_batch(failed.info.run_id, metrics=[Metric("loss", 9.0, 1_700_000_100_000, 0)], params=[Param("lr", "1")])
    client.set_terminated(failed.info.run_id, "FAILED")
    deleted = client.create_run(a, run_name="deleted")
    client.set_terminated(deleted.info.run_id)
    client.delete_run(deleted.info.run_id)
    ids += [failed.info.run_id, deleted.info.run_id]
    for i in range(runs):
        r = client.create_run(b, run_name=f"bulk-{i}", start_time=1_700_000_000_000 + i)
        metrics = [Metric("m", float(s * i), 1_700_000_000_000 + s, s) for s in range(50)]
        client.log_batch(r.info.run_id, metrics=metrics, params=[Param("i", str(i))], tags=[RunTag("bulk", "yes")])
        client.set_terminated(r.info.run_id, end_time=1_700_000_000_500 + i)
        ids.append(r.info.run_id)

    client.create_registered_model("import-model", tags={"domain": "vision"}, description="a model")
    client.create_model_version("import-model", f"runs:/{parent.info.run_id}/model", run_id=parent.info.run_id,
                                tags={"validated": "yes"}, description="first")
    run_artifacts = client.get_run(parent.info.run_id).info.artifact_uri
    client.create_model_version("import-model", run_artifacts + "/model", run_id=parent.info.run_id)
    client.set_registered_model_alias("import-model", "champion", "2")
    client.set_model_version_tag("import-model", "2", "approved", "true")
    client.create_registered_model("import-empty")
    extra = {}
    if MLFLOW3:
        model = mlflow.initialize_logged_model(name="classifier", source_run_id=parent.info.run_id,
                                               tags={"framework": "none"}, params={"depth": "4"},
                                               experiment_id=a)
        client.log_model_artifacts(model.model_id, os.path.join(work, "model"))
        mlflow.log_metric("auc", 0.91, step=0, model_id=model.model_id, run_id=parent.info.run_id)
        mlflow.finalize_logged_model(model.model_id, "READY")
        mv = client.create_model_version("import-model", f"models:/{model.model_id}", run_id=parent.info.run_id,
                                         model_id=model.model_id)
        extra["model_id"] = model.model_id
        extra["logged_model_version"] = mv.version

        @mlflow.trace(name="predict")
        def predict(x):
            with mlflow.start_span(name="inner") as span:
                span.set_inputs({"x": x})
                span.set_outputs({"y": x * 2})
            return x * 2

        predict(21)
        extra["trace_id"] = mlflow.get_last_active_trace_id()
        mlflow.flush_trace_async_logging() if hasattr(mlflow, "flush_trace_async_logging") else None
    print(json.dumps({"run_ids": ids, "experiments": [a, b], **extra}))


def artifact_tree(client, run_id, path=None, depth=0):
    out = {}
    for f in client.list_artifacts(run_id, path):
        if f.is_dir and depth < 10:
            out.update(artifact_tree(client, run_id, f.path, depth + 1))
        else:
            local = client.download_artifacts(run_id, f.path, tempfile.mkdtemp())
            with open(local, "rb") as fh:
                out[f.path] = hashlib.sha256(fh.read()).hexdigest()
    return out


def num(v):
    return "NaN" if isinstance(v, float) and math.isnan(v) else v


def dump(uri):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    snap = {"experiments": [], "runs": {}, "models": [], "logged_models": {}, "traces": {}}
    experiments = client.search_experiments(view_type=ViewType.ALL)
    for e in sorted(experiments, key=lambda e: int(e.experiment_id)):
        snap["experiments"].append({"id": e.experiment_id, "name": e.name, "stage": e.lifecycle_stage,
                                    "tags": {k: v for k, v in e.tags.items()}})
    ids = [e.experiment_id for e in experiments]
    runs = client.search_runs(ids, run_view_type=ViewType.ALL, max_results=10000)
    for r in runs:
        i = r.info
        metrics = {}
        for key in sorted(r.data.metrics):
            metrics[key] = sorted((m.step, m.timestamp, num(m.value)) for m in client.get_metric_history(i.run_id, key))
        inputs = sorted(
            (d.dataset.name, d.dataset.digest, d.dataset.source_type, d.dataset.source, d.dataset.schema,
             sorted((t.key, t.value) for t in d.tags))
            for d in (r.inputs.dataset_inputs if r.inputs else []))
        snap["runs"][i.run_id] = {
            "experiment": i.experiment_id, "name": i.run_name, "status": i.status, "start": i.start_time,
            "end": i.end_time, "stage": i.lifecycle_stage, "user": i.user_id, "params": r.data.params,
            "tags": {k: v for k, v in r.data.tags.items() if k != "mlflow.log-model.history"},
            "latest": {k: num(v) for k, v in r.data.metrics.items()}, "history": metrics, "inputs": inputs,
            "artifacts": artifact_tree(client, i.run_id) if i.lifecycle_stage == "active" else None,
        }
    for m in sorted(client.search_registered_models(max_results=1000), key=lambda m: m.name):
        versions = []
        for v in sorted(client.search_model_versions(f"name = '{m.name}'", max_results=1000), key=lambda v: int(v.version)):
            source = v.source if v.source.startswith(("runs:/", "models:/")) else "relocated"
            versions.append({"version": str(v.version), "source": source, "run_id": v.run_id, "status": v.status,
                             "description": v.description or "", "tags": v.tags, "created": v.creation_timestamp,
                             "stage": v.current_stage})
        snap["models"].append({"name": m.name, "description": m.description or "", "tags": m.tags,
                               "aliases": {k: str(v) for k, v in (m.aliases or {}).items()}, "versions": versions,
                               "created": m.creation_timestamp})
    if MLFLOW3:
        try:
            models = client.search_logged_models(experiment_ids=ids, max_results=1000)
        except Exception as e:  # a store without logged models
            models = []
        for lm in models:
            snap["logged_models"][lm.model_id] = {
                "name": lm.name, "experiment": lm.experiment_id, "status": str(lm.status), "params": lm.params,
                "tags": {k: v for k, v in lm.tags.items()}, "source_run": lm.source_run_id,
                "metrics": sorted((m.key, m.value, m.step, m.run_id) for m in (lm.metrics or [])),
                "created": lm.creation_timestamp,
                "artifacts": sorted(f.path for f in mlflow.artifacts.list_artifacts(f"models:/{lm.model_id}")),
            }
        try:
            traces = mlflow.search_traces(locations=ids, return_type="list")
        except TypeError:
            traces = mlflow.search_traces(experiment_ids=ids, return_type="list")
        for t in traces:
            info = t.info
            snap["traces"][info.trace_id] = {
                "experiment": info.experiment_id, "state": str(info.state), "request_time": info.request_time,
                "duration": info.execution_duration,
                "tags": {k: v for k, v in info.tags.items() if k != "mlflow.artifactLocation"},
                "spans": sorted((s.name, s.span_id, s.parent_id) for s in t.data.spans),
            }
    print(json.dumps(snap, sort_keys=True, default=str))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        n = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--runs" else 3
        write(sys.argv[2], n)
    else:
        dump(sys.argv[2])
