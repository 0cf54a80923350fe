-- jtrack schema v1 (SQLite). Column names follow MLflow's SQL schema where one exists.
CREATE TABLE experiments (
  experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  artifact_location TEXT,
  lifecycle_stage TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL
);
CREATE TABLE experiment_tags (
  experiment_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;
CREATE TABLE runs (
  run_uuid TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  name TEXT,
  user_id TEXT,
  status TEXT NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  artifact_uri TEXT,
  lifecycle_stage TEXT NOT NULL,
  deleted_time INTEGER
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC, run_uuid);
-- Full history; exact duplicates collapse as in MLflow. Clustered by (run, key, step) for fast history reads.
CREATE TABLE metrics (
  run_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  value REAL NOT NULL,
  is_nan INTEGER NOT NULL,
  PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;
-- The point with the greatest (step, timestamp, value) per run and key: what search and get-run read.
CREATE TABLE latest_metrics (
  run_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  timestamp INTEGER NOT NULL,
  step INTEGER NOT NULL,
  is_nan INTEGER NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
CREATE TABLE params (
  run_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX params_key_value ON params (key, value);
CREATE TABLE tags (
  run_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
) WITHOUT ROWID;
CREATE INDEX tags_key_value ON tags (key, value);
CREATE TABLE datasets (
  dataset_uuid TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  digest TEXT NOT NULL,
  dataset_source_type TEXT NOT NULL,
  dataset_source TEXT NOT NULL,
  dataset_schema TEXT,
  dataset_profile TEXT,
  UNIQUE (experiment_id, name, digest)
);
CREATE TABLE inputs (
  input_uuid TEXT PRIMARY KEY,
  run_uuid TEXT NOT NULL,
  dataset_uuid TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (run_uuid, dataset_uuid)
);
CREATE TABLE input_tags (
  input_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (input_uuid, key)
) WITHOUT ROWID;
CREATE TABLE registered_models (
  name TEXT PRIMARY KEY,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  description TEXT
);
CREATE TABLE registered_model_tags (
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, key)
) WITHOUT ROWID;
-- Deleted versions stay as current_stage 'Deleted_Internal' so version numbers are never reused (as MLflow).
CREATE TABLE model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  description TEXT,
  user_id TEXT,
  current_stage TEXT NOT NULL,
  source TEXT,
  run_id TEXT,
  run_link TEXT,
  status TEXT NOT NULL,
  status_message TEXT,
  PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);
CREATE TABLE model_version_tags (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, version, key)
) WITHOUT ROWID;
CREATE TABLE registered_model_aliases (
  name TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias)
) WITHOUT ROWID;
