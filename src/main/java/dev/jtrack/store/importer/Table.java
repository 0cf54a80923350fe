package dev.jtrack.store.importer;

import java.util.List;

/**
 * The jtrack tables an import writes, each with the columns that identify a row and the columns
 * compared when a row with that identity is already in the destination (equal: already imported;
 * different: a collision, never overwritten). Columns the importer rewrites on purpose (artifact
 * locations) and times jtrack sets itself are not compared.
 */
enum Table {
    EXPERIMENTS("experiments", "experiments", List.of("experiment_id"), List.of("name", "lifecycle_stage"),
            List.of("experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time")),
    EXPERIMENT_TAGS("experiment_tags", "experiment tags", List.of("experiment_id", "key"), List.of("value"),
            List.of("experiment_id", "key", "value")),
    RUNS("runs", "runs", List.of("run_uuid"),
            List.of("experiment_id", "name", "user_id", "status", "start_time", "end_time", "lifecycle_stage", "deleted_time"),
            List.of("run_uuid", "experiment_id", "name", "user_id", "status", "start_time", "end_time", "artifact_uri",
                    "lifecycle_stage", "deleted_time")),
    PARAMS("params", "params", List.of("run_uuid", "key"), List.of("value"), List.of("run_uuid", "key", "value")),
    TAGS("tags", "run tags", List.of("run_uuid", "key"), List.of("value"), List.of("run_uuid", "key", "value")),
    METRICS("metrics", "metric points", List.of("run_uuid", "key", "step", "timestamp", "value", "is_nan"), List.of(),
            List.of("run_uuid", "key", "step", "timestamp", "value", "is_nan")),
    LATEST_METRICS("latest_metrics", null, List.of("run_uuid", "key"), List.of(),
            List.of("run_uuid", "key", "value", "timestamp", "step", "is_nan")),
    DATASETS("datasets", "datasets", List.of("dataset_uuid"), List.of("experiment_id", "name", "digest"),
            List.of("dataset_uuid", "experiment_id", "name", "digest", "dataset_source_type", "dataset_source",
                    "dataset_schema", "dataset_profile")),
    INPUTS("inputs", "dataset inputs", List.of("input_uuid"), List.of("run_uuid", "dataset_uuid"),
            List.of("input_uuid", "run_uuid", "dataset_uuid", "position")),
    INPUT_TAGS("input_tags", null, List.of("input_uuid", "key"), List.of("value"), List.of("input_uuid", "key", "value")),
    RUN_LOGGED_MODELS("run_logged_models", "run model links", List.of("run_uuid", "direction", "model_id"), List.of(),
            List.of("run_uuid", "direction", "model_id", "step")),
    REGISTERED_MODELS("registered_models", "registered models", List.of("name"), List.of("description"),
            List.of("name", "creation_time", "last_updated_time", "description")),
    REGISTERED_MODEL_TAGS("registered_model_tags", "registered model tags", List.of("name", "key"), List.of("value"),
            List.of("name", "key", "value")),
    MODEL_VERSIONS("model_versions", "model versions", List.of("name", "version"),
            List.of("creation_time", "current_stage", "source", "run_id", "status"),
            List.of("name", "version", "creation_time", "last_updated_time", "description", "user_id", "current_stage",
                    "source", "run_id", "run_link", "status", "status_message")),
    MODEL_VERSION_TAGS("model_version_tags", "model version tags", List.of("name", "version", "key"), List.of("value"),
            List.of("name", "version", "key", "value")),
    ALIASES("registered_model_aliases", "aliases", List.of("name", "alias"), List.of("version"),
            List.of("name", "alias", "version")),
    LOGGED_MODELS("logged_models", "logged models", List.of("model_id"),
            List.of("experiment_id", "name", "creation_timestamp_ms", "source_run_id"),
            List.of("model_id", "experiment_id", "name", "artifact_location", "creation_timestamp_ms",
                    "last_updated_timestamp_ms", "status", "lifecycle_stage", "model_type", "source_run_id", "status_message")),
    LOGGED_MODEL_PARAMS("logged_model_params", null, List.of("model_id", "param_key"), List.of("param_value"),
            List.of("model_id", "param_key", "param_value")),
    LOGGED_MODEL_TAGS("logged_model_tags", null, List.of("model_id", "tag_key"), List.of("tag_value"),
            List.of("model_id", "tag_key", "tag_value")),
    LOGGED_MODEL_METRICS("logged_model_metrics", null,
            List.of("model_id", "metric_name", "metric_timestamp_ms", "metric_step", "run_id"), List.of("metric_value"),
            List.of("model_id", "metric_name", "metric_timestamp_ms", "metric_step", "run_id", "metric_value", "is_nan",
                    "dataset_name", "dataset_digest")),
    TRACES("trace_info", "traces", List.of("trace_id"), List.of("experiment_id", "request_time"),
            List.of("trace_id", "experiment_id", "request_time", "execution_duration", "state", "client_request_id",
                    "request_preview", "response_preview")),
    TRACE_TAGS("trace_tags", null, List.of("trace_id", "key"), List.of(), List.of("trace_id", "key", "value")),
    TRACE_METADATA("trace_metadata", null, List.of("trace_id", "key"), List.of("value"), List.of("trace_id", "key", "value")),
    SPANS("spans", "spans", List.of("trace_id", "span_id"), List.of("name", "start_time_unix_nano"),
            List.of("trace_id", "span_id", "parent_span_id", "name", "span_type", "status", "start_time_unix_nano",
                    "end_time_unix_nano", "content")),
    SPAN_SEARCH_TEXT("span_search_text", null, List.of("trace_id", "span_id"), List.of(), List.of("trace_id", "span_id", "content"));

    final String sqlName;
    /** The name in the summary, or null when the table is not counted on its own. */
    final String summaryName;
    final List<String> key;
    final List<String> compared;
    final List<String> columns;

    Table(String sqlName, String summaryName, List<String> key, List<String> compared, List<String> columns) {
        this.sqlName = sqlName;
        this.summaryName = summaryName;
        this.key = key;
        this.compared = compared;
        this.columns = columns;
    }
}
