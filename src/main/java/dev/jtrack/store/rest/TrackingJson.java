package dev.jtrack.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunData;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.RunTag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * MLflow's JSON wire format for tracking entities (the proto3 JSON mapping MLflow uses): snake_case
 * fields, absent fields for unset values, NaN and ±Infinity as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, 64-bit integers as numbers or decimal strings.
 */
final class TrackingJson {

    private TrackingJson() {}

    // ----- encoding -----

    static Object metricValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return v;
    }

    static ObjectNode metric(Metric m) {
        ObjectNode o = MlflowHttp.object().put("key", m.key());
        Object v = metricValue(m.value());
        if (v instanceof String s) {
            o.put("value", s);
        } else {
            o.put("value", (Double) v);
        }
        return o.put("timestamp", m.timestamp()).put("step", m.step());
    }

    static ArrayNode keyValues(List<?> items, Function<Object, String> key, Function<Object, String> value) {
        ArrayNode a = MlflowHttp.MAPPER.createArrayNode();
        if (items != null) {
            for (Object item : items) {
                a.addObject().put("key", key.apply(item)).put("value", value.apply(item));
            }
        }
        return a;
    }

    static ArrayNode runTags(List<RunTag> tags) {
        return keyValues(tags, t -> ((RunTag) t).key(), t -> ((RunTag) t).value());
    }

    static ArrayNode experimentTags(List<ExperimentTag> tags) {
        return keyValues(tags, t -> ((ExperimentTag) t).key(), t -> ((ExperimentTag) t).value());
    }

    static ArrayNode params(List<Param> params) {
        return keyValues(params, p -> ((Param) p).key(), p -> ((Param) p).value());
    }

    static ArrayNode metrics(List<Metric> metrics) {
        ArrayNode a = MlflowHttp.MAPPER.createArrayNode();
        if (metrics != null) {
            metrics.forEach(m -> a.add(metric(m)));
        }
        return a;
    }

    static ArrayNode datasetInputs(List<DatasetInput> inputs) {
        ArrayNode a = MlflowHttp.MAPPER.createArrayNode();
        for (DatasetInput in : inputs) {
            ObjectNode o = a.addObject();
            o.set("tags", keyValues(in.tags(), t -> ((InputTag) t).key(), t -> ((InputTag) t).value()));
            Dataset d = in.dataset();
            ObjectNode ds = o.putObject("dataset");
            putIfNotNull(ds, "name", d.name());
            putIfNotNull(ds, "digest", d.digest());
            putIfNotNull(ds, "source_type", d.sourceType());
            putIfNotNull(ds, "source", d.source());
            putIfNotNull(ds, "schema", d.schema());
            putIfNotNull(ds, "profile", d.profile());
        }
        return a;
    }

    static void putIfNotNull(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    static void putIfNotNull(ObjectNode o, String field, Long value) {
        if (value != null) {
            o.put(field, value.longValue());
        }
    }

    // ----- decoding -----

    static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static Long optLong(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return null;
        }
        return n.isNumber() ? n.longValue() : Long.parseLong(n.asText());
    }

    static long longOr0(JsonNode o, String field) {
        Long v = optLong(o, field);
        return v == null ? 0L : v;
    }

    static double doubleValue(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0.0;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return switch (n.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity", "inf" -> Double.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(n.asText());
        };
    }

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(f.apply(n)));
        }
        return out;
    }

    static Metric toMetric(JsonNode n) {
        return new Metric(text(n, "key"), doubleValue(n.get("value")), longOr0(n, "timestamp"), longOr0(n, "step"));
    }

    static MetricWithRunId toMetricWithRunId(JsonNode n) {
        return new MetricWithRunId(text(n, "run_id"), toMetric(n));
    }

    static Experiment toExperiment(JsonNode n) {
        String stage = text(n, "lifecycle_stage");
        return new Experiment(
                text(n, "experiment_id"),
                text(n, "name"),
                text(n, "artifact_location"),
                stage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(stage),
                longOr0(n, "creation_time"),
                longOr0(n, "last_update_time"),
                list(n.get("tags"), t -> new ExperimentTag(text(t, "key"), text(t, "value"))));
    }

    static RunInfo toRunInfo(JsonNode n) {
        String runId = text(n, "run_id");
        if (runId == null) {
            runId = text(n, "run_uuid");
        }
        String status = text(n, "status");
        String stage = text(n, "lifecycle_stage");
        return new RunInfo(
                runId,
                text(n, "experiment_id"),
                text(n, "run_name"),
                text(n, "user_id"),
                status == null ? RunStatus.RUNNING : RunStatus.parse(status),
                optLong(n, "start_time"),
                optLong(n, "end_time"),
                text(n, "artifact_uri"),
                stage == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(stage));
    }

    static Run toRun(JsonNode n) {
        JsonNode data = n.path("data");
        RunData runData = new RunData(
                list(data.get("metrics"), TrackingJson::toMetric),
                list(data.get("params"), p -> new Param(text(p, "key"), text(p, "value"))),
                list(data.get("tags"), t -> new RunTag(text(t, "key"), text(t, "value"))));
        List<DatasetInput> inputs = list(n.path("inputs").get("dataset_inputs"), TrackingJson::toDatasetInput);
        return new Run(toRunInfo(n.path("info")), runData, inputs);
    }

    static DatasetInput toDatasetInput(JsonNode n) {
        JsonNode d = n.path("dataset");
        return new DatasetInput(
                list(n.get("tags"), t -> new InputTag(text(t, "key"), text(t, "value"))),
                new Dataset(text(d, "name"), text(d, "digest"), text(d, "source_type"), text(d, "source"),
                        text(d, "schema"), text(d, "profile")));
    }

    /** The next-page token, null when absent or empty (MLflow omits it on the last page). */
    static String nextPageToken(JsonNode response) {
        String t = text(response, "next_page_token");
        return t == null || t.isEmpty() ? null : t;
    }
}
