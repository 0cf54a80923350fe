-- MLflow 3 evaluation datasets (with their tags, experiments and records), scorers (one row per
-- registered version) and links between traces and runs (traces/link-to-run). Only new tables:
-- an older store gains them and nothing in it changes. Rows are deleted by the stores (no cascades).
CREATE TABLE evaluation_datasets (
  dataset_id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  schema_json TEXT,
  profile_json TEXT,
  digest VARCHAR(64),
  created_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  created_by VARCHAR(255),
  last_updated_by VARCHAR(255)
);
CREATE INDEX index_evaluation_datasets_name ON evaluation_datasets (name);
CREATE TABLE evaluation_dataset_tags (
  dataset_id VARCHAR(36) NOT NULL,
  key VARCHAR(255) NOT NULL,
  value TEXT,
  PRIMARY KEY (dataset_id, key)
);
CREATE INDEX index_evaluation_dataset_tags_key ON evaluation_dataset_tags (key, dataset_id);
CREATE TABLE evaluation_dataset_experiments (
  dataset_id VARCHAR(36) NOT NULL,
  experiment_id INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, experiment_id)
);
CREATE INDEX index_evaluation_dataset_experiments_exp ON evaluation_dataset_experiments (experiment_id, dataset_id);
CREATE TABLE evaluation_dataset_records (
  dataset_record_id VARCHAR(36) NOT NULL PRIMARY KEY,
  dataset_id VARCHAR(36) NOT NULL,
  input_hash VARCHAR(64) NOT NULL,
  inputs TEXT NOT NULL,
  outputs TEXT,
  expectations TEXT,
  tags TEXT,
  source TEXT,
  created_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  created_by VARCHAR(255),
  last_updated_by VARCHAR(255),
  UNIQUE (dataset_id, input_hash)
);
CREATE TABLE scorer_versions (
  scorer_id VARCHAR(36) NOT NULL,
  experiment_id INTEGER NOT NULL,
  scorer_name VARCHAR(256) NOT NULL,
  scorer_version INTEGER NOT NULL,
  serialized_scorer TEXT NOT NULL,
  creation_time BIGINT NOT NULL,
  PRIMARY KEY (experiment_id, scorer_name, scorer_version)
);
CREATE TABLE trace_run_links (
  trace_id VARCHAR(50) NOT NULL,
  run_id VARCHAR(32) NOT NULL,
  PRIMARY KEY (trace_id, run_id)
);
CREATE INDEX index_trace_run_links_run ON trace_run_links (run_id, trace_id);
-- Each span in MLflow's own JSON form (Span.to_dict), which trace.text LIKE '...' searches as
-- MLflow's does; written with the span. Spans stored before this migration have none.
CREATE TABLE span_search_text (
  trace_id VARCHAR(50) NOT NULL,
  span_id VARCHAR(50) NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
