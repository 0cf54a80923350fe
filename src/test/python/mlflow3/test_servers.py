"""The two servers the MLflow 3 suites compare answer the real MLflow client alike."""
from mlflow import MlflowClient


def test_both_servers_serve_the_mlflow3_client(jtrack_server, mlflow_server):
    for server in (jtrack_server, mlflow_server):
        client = MlflowClient(tracking_uri=server.url)
        exp_id = client.create_experiment("servers-smoke")
        assert client.get_experiment_by_name("servers-smoke").experiment_id == exp_id
        run = client.create_run(exp_id)
        client.log_param(run.info.run_id, "lr", "0.1")
        assert client.get_run(run.info.run_id).data.params == {"lr": "0.1"}
