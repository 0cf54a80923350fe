-- jtrack schema v2 (SQLite): MLflow 3 logged models. Only adds tables; nothing existing changes.
CREATE TABLE logged_models (
  model_id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  artifact_location TEXT NOT NULL,
  creation_timestamp_ms INTEGER NOT NULL,
  last_updated_timestamp_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  lifecycle_stage TEXT NOT NULL,
  model_type TEXT,
  source_run_id TEXT,
  status_message TEXT
);
-- Search pages: one experiment, newest first.
CREATE INDEX logged_models_experiment ON logged_models (experiment_id, creation_timestamp_ms DESC, model_id);
CREATE TABLE logged_model_params (
  model_id TEXT NOT NULL,
  param_key TEXT NOT NULL,
  param_value TEXT NOT NULL,
  PRIMARY KEY (model_id, param_key)
) WITHOUT ROWID;
CREATE TABLE logged_model_tags (
  model_id TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (model_id, tag_key)
) WITHOUT ROWID;
-- Every point logged with a model_id; NaN is stored as value 0 with is_nan 1 (SQLite has no NaN).
CREATE TABLE logged_model_metrics (
  model_id TEXT NOT NULL,
  metric_name TEXT NOT NULL,
  metric_timestamp_ms INTEGER NOT NULL,
  metric_step INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  metric_value REAL NOT NULL,
  is_nan INTEGER NOT NULL,
  dataset_name TEXT,
  dataset_digest TEXT,
  PRIMARY KEY (model_id, metric_name, metric_timestamp_ms, metric_step, run_id)
) WITHOUT ROWID;
CREATE INDEX logged_model_metrics_name_value ON logged_model_metrics (metric_name, metric_value);
-- Models a run produced (OUTPUT, with a step) or used (INPUT).
CREATE TABLE run_logged_models (
  run_uuid TEXT NOT NULL,
  direction TEXT NOT NULL,
  model_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  PRIMARY KEY (run_uuid, direction, model_id)
) WITHOUT ROWID;
