-- jtrack schema v1 (PostgreSQL). Column names follow MLflow's SQL schema where one exists.
CREATE TABLE experiments (
  experiment_id BIGSERIAL PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  artifact_location TEXT COLLATE "C",
  lifecycle_stage TEXT COLLATE "C" NOT NULL,
  creation_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL
);
CREATE TABLE experiment_tags (
  experiment_id BIGINT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (experiment_id, key)
);
CREATE TABLE runs (
  run_uuid TEXT COLLATE "C" PRIMARY KEY,
  experiment_id BIGINT NOT NULL,
  name TEXT COLLATE "C",
  user_id TEXT COLLATE "C",
  status TEXT COLLATE "C" NOT NULL,
  start_time BIGINT,
  end_time BIGINT,
  artifact_uri TEXT COLLATE "C",
  lifecycle_stage TEXT COLLATE "C" NOT NULL,
  deleted_time BIGINT
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC, run_uuid);
-- Full history; exact duplicates collapse as in MLflow. Clustered by (run, key, step) for fast history reads.
CREATE TABLE metrics (
  run_uuid TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  step BIGINT NOT NULL,
  timestamp BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  is_nan BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)
);
-- The point with the greatest (step, timestamp, value) per run and key: what search and get-run read.
CREATE TABLE latest_metrics (
  run_uuid TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  timestamp BIGINT NOT NULL,
  step BIGINT NOT NULL,
  is_nan BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
CREATE TABLE params (
  run_uuid TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX params_key_value ON params (key, value);
CREATE TABLE tags (
  run_uuid TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX tags_key_value ON tags (key, value);
CREATE TABLE datasets (
  dataset_uuid TEXT COLLATE "C" PRIMARY KEY,
  experiment_id BIGINT NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  digest TEXT COLLATE "C" NOT NULL,
  dataset_source_type TEXT COLLATE "C" NOT NULL,
  dataset_source TEXT COLLATE "C" NOT NULL,
  dataset_schema TEXT COLLATE "C",
  dataset_profile TEXT COLLATE "C",
  UNIQUE (experiment_id, name, digest)
);
CREATE TABLE inputs (
  input_uuid TEXT COLLATE "C" PRIMARY KEY,
  run_uuid TEXT COLLATE "C" NOT NULL,
  dataset_uuid TEXT COLLATE "C" NOT NULL,
  position BIGINT NOT NULL,
  UNIQUE (run_uuid, dataset_uuid)
);
CREATE TABLE input_tags (
  input_uuid TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (input_uuid, key)
);
CREATE TABLE registered_models (
  name TEXT COLLATE "C" PRIMARY KEY,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT COLLATE "C"
);
CREATE TABLE registered_model_tags (
  name TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (name, key)
);
-- Deleted versions stay as current_stage 'Deleted_Internal' so version numbers are never reused (as MLflow).
CREATE TABLE model_versions (
  name TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT COLLATE "C",
  user_id TEXT COLLATE "C",
  current_stage TEXT COLLATE "C" NOT NULL,
  source TEXT COLLATE "C",
  run_id TEXT COLLATE "C",
  run_link TEXT COLLATE "C",
  status TEXT COLLATE "C" NOT NULL,
  status_message TEXT COLLATE "C",
  PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);
CREATE TABLE model_version_tags (
  name TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (name, version, key)
);
CREATE TABLE registered_model_aliases (
  name TEXT COLLATE "C" NOT NULL,
  alias TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (name, alias)
);
