"""Registry searches through the real MLflow 3 client answer as a real `mlflow server` does.

The MLflow 3 client appends ``AND tag.`mlflow.prompt.is_prompt` != 'true'`` to every
registered-model search; models lacking that tag must still be found (jtrack used to return none).
Other tag terms need the tag, `!=` included, in both registered-model and model-version searches.
"""
from mlflow import MlflowClient

MODELS = {"rs-plain": {}, "rs-team-a": {"team": "a"}, "rs-team-b": {"team": "b"}}


def _fill(client):
    run = client.create_run(client.create_experiment("registry-search"))
    for name, tags in MODELS.items():
        client.create_registered_model(name, tags=tags)
        client.create_model_version(name, f"runs:/{run.info.run_id}/model", run_id=run.info.run_id, tags=tags)


def _searches(client):
    names = lambda models: sorted(m.name for m in models)  # noqa: E731
    return {
        "all": names(client.search_registered_models()),
        "like": names(client.search_registered_models("name LIKE 'rs-%'")),
        "team != b": names(client.search_registered_models("tags.team != 'b'")),
        "absent != x": names(client.search_registered_models("tags.absent != 'x'")),
        "is_prompt = false": names(client.search_registered_models("tags.`mlflow.prompt.is_prompt` = 'false'")),
        "versions": names(client.search_model_versions("name LIKE 'rs-%'")),
        "versions team != b": names(client.search_model_versions("tags.team != 'b'")),
        "versions absent != x": names(client.search_model_versions("tags.absent != 'x'")),
        "versions not prompt": names(client.search_model_versions("tags.`mlflow.prompt.is_prompt` != 'true'")),
    }


def test_registry_searches_match_mlflow(jtrack_server, mlflow_server):
    answers = {}
    for server in (jtrack_server, mlflow_server):
        client = MlflowClient(tracking_uri=server.url, registry_uri=server.url)
        _fill(client)
        answers[server.url] = _searches(client)
    jtrack, mlflow = answers[jtrack_server.url], answers[mlflow_server.url]
    assert jtrack["all"] == sorted(MODELS), jtrack
    assert jtrack == mlflow
