"""Trace search filters of MLflow 3 beyond the basics (RLIKE, IS NULL / IS NOT NULL, feedback.<name>,
expectation.<name>, span.attributes.<name>), with the real MLflow 3 client against the server at argv[1]. Logs four traces
with tags, metadata and assessments (one feedback overridden), runs every filter of FILTERS and
prints the matching trace names per filter (or the error code), as one JSON line."""
import json
import sys

import mlflow
from mlflow.entities import AssessmentSource
from mlflow.exceptions import MlflowException

mlflow.set_tracking_uri(sys.argv[1])
exp_id = mlflow.set_experiment("trace-filters").experiment_id
HUMAN = AssessmentSource(source_type="HUMAN", source_id="ann")


def traced(name, tags, metadata):
    @mlflow.trace(name=name)
    def work():
        mlflow.update_current_trace(tags=tags, metadata=metadata)
        with mlflow.start_span("retrieve" if name != "delta" else "rerank") as span:
            span.set_attribute("model", "gpt-4o" if name == "alpha" else "llama")
        if name == "gamma":
            raise RuntimeError("boom")
        return name

    try:
        work()
    except RuntimeError:
        pass
    return mlflow.get_last_active_trace_id()


ids = {
    "alpha": traced("alpha", {"env": "prod"}, {"team": "search-ops"}),
    "beta": traced("beta", {"env": "preprod"}, {}),
    "gamma": traced("gamma", {}, {"team": "core"}),
    "delta": traced("delta", {"owner": "ann"}, {}),
}
mlflow.flush_trace_async_logging(terminate=False)
mlflow.log_feedback(trace_id=ids["alpha"], name="helpful", value=True, source=HUMAN)
mlflow.log_feedback(trace_id=ids["beta"], name="helpful", value=False, source=HUMAN)
overridden = mlflow.log_feedback(trace_id=ids["gamma"], name="helpful", value=True, source=HUMAN)
mlflow.override_feedback(trace_id=ids["gamma"], assessment_id=overridden.assessment_id, value=False)
mlflow.log_feedback(trace_id=ids["alpha"], name="quality", value="good", source=HUMAN)
mlflow.log_feedback(trace_id=ids["delta"], name="quality", value="poor", source=HUMAN)
mlflow.log_feedback(trace_id=ids["alpha"], name="score", value=0.9, source=HUMAN)
mlflow.log_feedback(trace_id=ids["beta"], name="score", value=0.25, source=HUMAN)
mlflow.log_feedback(trace_id=ids["gamma"], name="score", value=3, source=HUMAN)
mlflow.log_expectation(trace_id=ids["alpha"], name="answer", value="forty-two", source=HUMAN)
mlflow.log_expectation(trace_id=ids["delta"], name="answer", value=42, source=HUMAN)

FILTERS = [
    "tag.env IS NULL",
    "tag.env IS NOT NULL",
    "tags.env is not null and tags.owner IS NULL",
    "tag.env RLIKE '^pr'",
    "tag.env RLIKE 'prod$'",
    "metadata.team IS NULL",
    "metadata.team IS NOT NULL",
    "metadata.team RLIKE 'ops'",
    "trace.status RLIKE 'ERR'",
    "trace.name RLIKE '^(al|de)'",
    "span.name RLIKE 'rank'",
    "span.attributes.model LIKE '%gpt%'",
    "span.attributes.model ILIKE '%GPT%'",
    "span.attributes.model RLIKE '^gpt'",
    "span.attributes.model RLIKE 'llama$'",
    "span.attributes.model RLIKE '^llam'",
    "span.attributes.model RLIKE 'o$'",
    "feedback.helpful = 'true'",
    "feedback.helpful = 'false'",
    "feedback.helpful != 'true'",
    "feedback.helpful IS NULL",
    "feedback.helpful IS NOT NULL",
    "feedback.quality = 'good'",
    "feedback.quality LIKE '%oo%'",
    "feedback.quality ILIKE '%GOOD%'",
    "feedback.quality RLIKE 'p.or'",
    "feedback.score > 0.5",
    "feedback.score <= 0.25",
    "feedback.score >= 1",
    "feedback.score = '3'",
    "expectation.answer = 'forty-two'",
    "expectation.answer = '42'",
    "expectation.answer IS NOT NULL",
    "expectation.helpful IS NOT NULL",
    "feedback.helpful = 'true' AND tag.env RLIKE 'prod'",
    "tag.env IS 'prod'",
    "feedback.score IN ('1')",
    "tag.env RLIKE '('",
]


def names(flt):
    try:
        traces = mlflow.search_traces(locations=[exp_id], filter_string=flt, return_type="list", max_results=50)
    except MlflowException as e:
        return {"error": e.error_code}
    by_id = {v: k for k, v in ids.items()}
    return sorted(by_id.get(t.info.trace_id, "?") for t in traces)


print("SUMMARY " + json.dumps({f: names(f) for f in FILTERS}))
