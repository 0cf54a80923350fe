-- jtrack schema v2 (PostgreSQL): MLflow 3 logged models. Only adds tables; nothing existing changes.
CREATE TABLE logged_models (
  model_id TEXT COLLATE "C" PRIMARY KEY,
  experiment_id BIGINT NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  artifact_location TEXT COLLATE "C" NOT NULL,
  creation_timestamp_ms BIGINT NOT NULL,
  last_updated_timestamp_ms BIGINT NOT NULL,
  status BIGINT NOT NULL,
  lifecycle_stage TEXT COLLATE "C" NOT NULL,
  model_type TEXT COLLATE "C",
  source_run_id TEXT COLLATE "C",
  status_message TEXT COLLATE "C"
);
-- Search pages: one experiment, newest first.
CREATE INDEX logged_models_experiment ON logged_models (experiment_id, creation_timestamp_ms DESC, model_id);
CREATE TABLE logged_model_params (
  model_id TEXT COLLATE "C" NOT NULL,
  param_key TEXT COLLATE "C" NOT NULL,
  param_value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (model_id, param_key)
);
CREATE TABLE logged_model_tags (
  model_id TEXT COLLATE "C" NOT NULL,
  tag_key TEXT COLLATE "C" NOT NULL,
  tag_value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (model_id, tag_key)
);
-- Every point logged with a model_id; NaN is stored as value 0 with is_nan 1, as in metrics.
CREATE TABLE logged_model_metrics (
  model_id TEXT COLLATE "C" NOT NULL,
  metric_name TEXT COLLATE "C" NOT NULL,
  metric_timestamp_ms BIGINT NOT NULL,
  metric_step BIGINT NOT NULL,
  run_id TEXT COLLATE "C" NOT NULL,
  metric_value DOUBLE PRECISION NOT NULL,
  is_nan BIGINT NOT NULL,
  dataset_name TEXT COLLATE "C",
  dataset_digest TEXT COLLATE "C",
  PRIMARY KEY (model_id, metric_name, metric_timestamp_ms, metric_step, run_id)
);
CREATE INDEX logged_model_metrics_name_value ON logged_model_metrics (metric_name, metric_value);
-- Models a run produced (OUTPUT, with a step) or used (INPUT).
CREATE TABLE run_logged_models (
  run_uuid TEXT COLLATE "C" NOT NULL,
  direction TEXT COLLATE "C" NOT NULL,
  model_id TEXT COLLATE "C" NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, direction, model_id)
);
