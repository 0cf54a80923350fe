"""Real, successful calls to the evaluation-dataset, scorer, trace-analytics and MLflow 2 trace
endpoints, each request and 200 reply checked against what /api/openapi.json says of that operation.

schemathesis mostly reaches these operations with made-up ids (404s), so this walks their happy
paths with resources that exist: the closed entity schemas must admit every field the server sends.
"""
import json
import urllib.error
import urllib.request

import jsonschema
import pytest

V2 = "/api/2.0/mlflow/"
V3 = "/api/3.0/mlflow/"


class Api:
    def __init__(self, url):
        self.url = url
        with urllib.request.urlopen(url + "/api/openapi.json", timeout=10) as r:
            self.doc = json.load(r)

    def _schema(self, schema):
        # '#/components/...' references resolve against the root, so the components travel along
        return {**schema, "components": self.doc["components"]}

    def _operation(self, method, template):
        return self.doc["paths"][template][method.lower()]

    def call(self, method, template, body=None, query="", **path):
        """Sends the request (checked against its description) and returns the checked 200 reply."""
        op = self._operation(method, template)
        if body is not None:
            request_schema = op["requestBody"]["content"]["application/json"]["schema"]
            jsonschema.Draft202012Validator(self._schema(request_schema)).validate(body)
        url = self.url + template.format(**path) + query
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                status, reply = r.status, json.load(r)
        except urllib.error.HTTPError as e:
            pytest.fail(f"{method} {url} answered {e.code}: {e.read()[:500]!r}")
        assert status == 200
        reply_schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        jsonschema.Draft202012Validator(self._schema(reply_schema)).validate(reply)
        return reply


@pytest.fixture(scope="module")
def api(jtrack_server):
    return Api(jtrack_server.url)


def test_evaluation_datasets_and_scorers_reply_as_described(api):
    exp = api.call("POST", V2 + "experiments/create", {"name": "described-eval"})["experiment_id"]
    other = api.call("POST", V2 + "experiments/create", {"name": "described-eval-2"})["experiment_id"]
    created = api.call("POST", V3 + "datasets/create",
                       {"name": "qa", "experiment_ids": [exp], "tags": json.dumps({"team": "a"})})["dataset"]
    ds = created["dataset_id"]
    assert created["experiment_ids"] == [exp]
    records = [{"inputs": {"q": "1+1"}, "expectations": {"a": "2"}, "tags": {"k": "v"}},
               {"inputs": {"q": "2+2"}, "outputs": {"a": "4"}}]
    counts = api.call("POST", V3 + "datasets/{dataset_id}/records", {"records": json.dumps(records)}, dataset_id=ds)
    assert counts == {"inserted_count": 2, "updated_count": 0}
    page = api.call("GET", V3 + "datasets/{dataset_id}/records", query="?max_results=1", dataset_id=ds)
    assert len(json.loads(page["records"])) == 1 and page["next_page_token"]
    api.call("PATCH", V3 + "datasets/{dataset_id}/tags", {"tags": json.dumps({"team": "b", "x": "y"})}, dataset_id=ds)
    api.call("DELETE", V3 + "datasets/{dataset_id}/tags/{key}", dataset_id=ds, key="x")
    got = api.call("GET", V3 + "datasets/{dataset_id}", dataset_id=ds)["dataset"]
    assert json.loads(got["tags"]) == {"team": "b"}
    api.call("POST", V3 + "datasets/{dataset_id}/add-experiments", {"experiment_ids": [other]}, dataset_id=ds)
    ids = api.call("GET", V3 + "datasets/{dataset_id}/experiment-ids", dataset_id=ds)["experiment_ids"]
    assert sorted(ids) == sorted([exp, other])
    api.call("POST", V3 + "datasets/{dataset_id}/remove-experiments", {"experiment_ids": [other]}, dataset_id=ds)
    found = api.call("POST", V3 + "datasets/search", {"experiment_ids": [exp]})["datasets"]
    assert [d["dataset_id"] for d in found] == [ds]

    first = api.call("POST", V3 + "scorers/register", {"experiment_id": exp, "name": "s", "serialized_scorer": "{}"})
    api.call("POST", V3 + "scorers/register", {"experiment_id": exp, "name": "s", "serialized_scorer": "{\"v\": 2}"})
    assert first["version"] == 1
    assert [s["scorer_version"] for s in api.call("GET", V3 + "scorers/list", query=f"?experiment_id={exp}")["scorers"]] == [2]
    assert len(api.call("GET", V3 + "scorers/versions", query=f"?experiment_id={exp}&name=s")["scorers"]) == 2
    assert api.call("GET", V3 + "scorers/get", query=f"?experiment_id={exp}&name=s&version=1")["scorer"]["scorer_version"] == 1
    api.call("DELETE", V3 + "scorers/delete", {"experiment_id": exp, "name": "s", "version": 1})
    api.call("DELETE", V3 + "datasets/{dataset_id}", dataset_id=ds)


def test_mlflow2_traces_and_trace_analytics_reply_as_described(api):
    exp = api.call("POST", V2 + "experiments/create", {"name": "described-traces"})["experiment_id"]
    run = api.call("POST", V2 + "runs/create", {"experiment_id": exp})["run"]["info"]["run_id"]
    started = api.call("POST", V2 + "traces", {"experiment_id": exp, "timestamp_ms": 1_700_000_000_000,
                                               "request_metadata": [{"key": "m", "value": "1"}],
                                               "tags": [{"key": "mlflow.traceName", "value": "add"}]})["trace_info"]
    rid = started["request_id"]
    ended = api.call("PATCH", V2 + "traces/{request_id}", {"timestamp_ms": 1_700_000_000_250, "status": "OK"},
                     request_id=rid)["trace_info"]
    assert ended["execution_time_ms"] == 250 and ended["status"] == "OK"
    assert api.call("GET", V2 + "traces/{request_id}/info", request_id=rid)["trace_info"]["request_id"] == rid
    api.call("POST", V3 + "traces/link-to-run", {"trace_ids": [rid], "run_id": run})
    api.call("POST", V2 + "traces/link-to-run", {"trace_ids": [rid], "run_id": run})
    corr = api.call("POST", V3 + "traces/calculate-filter-correlation",
                    {"experiment_ids": [exp], "filter_string1": "trace.status = 'OK'",
                     "filter_string2": "trace.name = 'add'"})
    assert (corr["filter1_count"], corr["joint_count"], corr["total_count"]) == (1, 1, 1)
    api.call("POST", V2 + "traces/calculate-filter-correlation",
             {"experiment_ids": [exp], "filter_string1": "trace.status = 'ERROR'", "filter_string2": "trace.name = 'add'"})
    metrics = api.call("POST", V3 + "traces/metrics",
                       {"experiment_ids": [exp], "view_type": "TRACES", "metric_name": "latency",
                        "dimensions": ["trace_status"],
                        "aggregations": [{"aggregation_type": "AVG"}, {"aggregation_type": "PERCENTILE", "percentile_value": 50}]})
    assert metrics["data_points"][0]["values"] == {"AVG": 250.0, "P50": 250.0}

    op = api.doc["paths"][V2 + "get-trace-artifact"]["get"]
    assert list(op["responses"]["200"]["content"]) == ["application/octet-stream"]
    with urllib.request.urlopen(f"{api.url}{V2}get-trace-artifact?request_id={rid}", timeout=20) as r:
        assert r.status == 200 and r.headers.get_content_type() == "application/octet-stream"
        assert "traces.json" in r.headers["Content-Disposition"]
        assert json.load(r) == {"spans": []}
