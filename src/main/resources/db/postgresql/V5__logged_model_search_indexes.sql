-- Logged-model search: each param or tag term of a filter is answered once from an index on
-- (key, value) instead of one primary-key probe per model of the experiment. Only new indexes:
-- an older store gains them and nothing in it changes.
CREATE INDEX logged_model_params_key_value ON logged_model_params (param_key, param_value, model_id);
CREATE INDEX logged_model_tags_key_value ON logged_model_tags (tag_key, tag_value, model_id);
