-- Search indexes. Logged models: each param or tag term of a filter is answered once from an
-- index on (key, value) instead of one primary-key probe per model of the experiment. Traces:
-- feedback.<name> / expectation.<name> filters find the assessments of one name through an index.
-- Only new indexes: an older store gains them and nothing in it changes.
CREATE INDEX logged_model_params_key_value ON logged_model_params (param_key, param_value, model_id);
CREATE INDEX logged_model_tags_key_value ON logged_model_tags (tag_key, tag_value, model_id);
CREATE INDEX index_assessments_name ON assessments (name, trace_id);
