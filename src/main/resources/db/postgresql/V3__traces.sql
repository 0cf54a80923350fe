-- Traces (MLflow 3 tracing): trace info with tags and metadata, spans stored one row each with
-- their OTLP JSON, assessments (feedback and expectations). Only new tables: an older store gains
-- them and nothing in it changes. Rows are deleted with their trace by the store (no cascades).
CREATE TABLE trace_info (
  trace_id VARCHAR(50) NOT NULL PRIMARY KEY,
  experiment_id BIGINT NOT NULL,
  request_time BIGINT NOT NULL,
  execution_duration BIGINT,
  state VARCHAR(50) NOT NULL,
  client_request_id VARCHAR(250),
  request_preview TEXT,
  response_preview TEXT
);
CREATE INDEX index_trace_info_experiment_time ON trace_info (experiment_id, request_time, trace_id);
CREATE INDEX index_trace_info_experiment_state ON trace_info (experiment_id, state, request_time);
CREATE TABLE trace_tags (
  trace_id VARCHAR(50) NOT NULL,
  key VARCHAR(250) NOT NULL,
  value TEXT,
  PRIMARY KEY (trace_id, key)
);
CREATE INDEX index_trace_tags_key ON trace_tags (key, trace_id);
CREATE TABLE trace_metadata (
  trace_id VARCHAR(50) NOT NULL,
  key VARCHAR(250) NOT NULL,
  value TEXT,
  PRIMARY KEY (trace_id, key)
);
CREATE INDEX index_trace_metadata_key ON trace_metadata (key, trace_id);
CREATE TABLE spans (
  trace_id VARCHAR(50) NOT NULL,
  span_id VARCHAR(50) NOT NULL,
  parent_span_id VARCHAR(50),
  name TEXT,
  span_type VARCHAR(500),
  status VARCHAR(50),
  start_time_unix_nano BIGINT NOT NULL,
  end_time_unix_nano BIGINT,
  content TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX index_spans_name ON spans (name, trace_id);
CREATE INDEX index_spans_type ON spans (span_type, trace_id);
CREATE TABLE assessments (
  assessment_id VARCHAR(50) NOT NULL PRIMARY KEY,
  trace_id VARCHAR(50) NOT NULL,
  name VARCHAR(250) NOT NULL,
  create_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL,
  content TEXT NOT NULL
);
CREATE INDEX index_assessments_trace ON assessments (trace_id);
