package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.ExperimentTag;
import dev.jtrack.tracking.InputTag;
import dev.jtrack.tracking.LoggedModel;
import dev.jtrack.tracking.LoggedModelOutput;
import dev.jtrack.tracking.ModelMetric;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MetricWithRunId;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunData;
import dev.jtrack.tracking.RunInfo;
import dev.jtrack.tracking.RunTag;
import java.io.IOException;
import java.util.List;

/** Writes domain records as MLflow's protobuf messages in JSON (field names from service.proto). */
final class EntityJson {
    private EntityJson() {}

    private static void str(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void num(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    private static void keyValue(JsonGenerator g, String key, String value) throws IOException {
        g.writeStartObject();
        str(g, "key", key);
        str(g, "value", value);
        g.writeEndObject();
    }

    static void experiment(JsonGenerator g, Experiment e) throws IOException {
        g.writeStartObject();
        str(g, "experiment_id", e.experimentId());
        str(g, "name", e.name());
        str(g, "artifact_location", e.artifactLocation());
        str(g, "lifecycle_stage", e.lifecycleStage().wireName());
        g.writeNumberField("last_update_time", e.lastUpdateTime());
        g.writeNumberField("creation_time", e.creationTime());
        List<ExperimentTag> tags = e.tags();
        if (!tags.isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (ExperimentTag t : tags) keyValue(g, t.key(), t.value());
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void runInfo(JsonGenerator g, RunInfo i) throws IOException {
        g.writeStartObject();
        str(g, "run_id", i.runId());
        str(g, "run_uuid", i.runId());
        str(g, "run_name", i.runName());
        str(g, "experiment_id", i.experimentId());
        str(g, "user_id", i.userId());
        str(g, "status", i.status() == null ? null : i.status().name());
        num(g, "start_time", i.startTime());
        num(g, "end_time", i.endTime());
        str(g, "artifact_uri", i.artifactUri());
        str(g, "lifecycle_stage", i.lifecycleStage() == null ? null : i.lifecycleStage().wireName());
        g.writeEndObject();
    }

    // Pre-encoded names: metric histories write these hundreds of thousands of times per reply.
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString STEP = new SerializedString("step");
    private static final SerializedString RUN_ID = new SerializedString("run_id");

    static void metric(JsonGenerator g, Metric m, String runId) throws IOException {
        g.writeStartObject();
        g.writeFieldName(KEY);
        g.writeString(m.key());
        g.writeFieldName(VALUE);
        JsonOut.writeDouble(g, m.value());
        g.writeFieldName(TIMESTAMP);
        g.writeNumber(m.timestamp());
        g.writeFieldName(STEP);
        g.writeNumber(m.step());
        if (runId != null) {
            g.writeFieldName(RUN_ID);
            g.writeString(runId);
        }
        g.writeEndObject();
    }

    static void metrics(JsonGenerator g, String field, List<Metric> metrics) throws IOException {
        if (metrics.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (Metric m : metrics) metric(g, m, null);
        g.writeEndArray();
    }

    static void metricsWithRunId(JsonGenerator g, String field, List<MetricWithRunId> metrics) throws IOException {
        if (metrics.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (MetricWithRunId m : metrics) metric(g, m.metric(), m.runId());
        g.writeEndArray();
    }

    static void run(JsonGenerator g, Run r) throws IOException {
        run(g, r, List.of(), List.of());
    }

    /** A run with the logged models it used ({@code inputs.model_inputs}) and produced ({@code outputs}). */
    static void run(JsonGenerator g, Run r, List<String> modelInputs, List<LoggedModelOutput> modelOutputs) throws IOException {
        g.writeStartObject();
        g.writeFieldName("info");
        runInfo(g, r.info());
        g.writeFieldName("data");
        runData(g, r.data());
        g.writeObjectFieldStart("inputs");
        if (!r.inputs().isEmpty()) {
            g.writeArrayFieldStart("dataset_inputs");
            for (DatasetInput in : r.inputs()) datasetInput(g, in);
            g.writeEndArray();
        }
        if (!modelInputs.isEmpty()) {
            g.writeArrayFieldStart("model_inputs");
            for (String id : modelInputs) {
                g.writeStartObject();
                str(g, "model_id", id);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        if (!modelOutputs.isEmpty()) {
            g.writeObjectFieldStart("outputs");
            g.writeArrayFieldStart("model_outputs");
            for (LoggedModelOutput o : modelOutputs) {
                g.writeStartObject();
                str(g, "model_id", o.modelId());
                g.writeNumberField("step", o.step());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void loggedModel(JsonGenerator g, LoggedModel m) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("info");
        str(g, "model_id", m.modelId());
        str(g, "experiment_id", m.experimentId());
        str(g, "name", m.name());
        g.writeNumberField("creation_timestamp_ms", m.creationTimestamp());
        g.writeNumberField("last_updated_timestamp_ms", m.lastUpdatedTimestamp());
        str(g, "artifact_uri", m.artifactLocation());
        str(g, "status", m.status().wireName());
        str(g, "model_type", m.modelType());
        str(g, "source_run_id", m.sourceRunId());
        str(g, "status_message", m.statusMessage());
        if (!m.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (var t : m.tags().entrySet()) keyValue(g, t.getKey(), t.getValue());
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("data");
        if (!m.params().isEmpty()) {
            g.writeArrayFieldStart("params");
            for (var p : m.params().entrySet()) keyValue(g, p.getKey(), p.getValue());
            g.writeEndArray();
        }
        if (!m.metrics().isEmpty()) {
            g.writeArrayFieldStart("metrics");
            for (ModelMetric mm : m.metrics()) {
                Metric x = mm.metric();
                g.writeStartObject();
                str(g, "key", x.key());
                g.writeFieldName("value");
                JsonOut.writeDouble(g, x.value());
                g.writeNumberField("timestamp", x.timestamp());
                g.writeNumberField("step", x.step());
                str(g, "dataset_name", mm.datasetName());
                str(g, "dataset_digest", mm.datasetDigest());
                str(g, "model_id", mm.modelId());
                str(g, "run_id", mm.runId());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void runData(JsonGenerator g, RunData d) throws IOException {
        g.writeStartObject();
        metrics(g, "metrics", d.metrics());
        if (!d.params().isEmpty()) {
            g.writeArrayFieldStart("params");
            for (Param p : d.params()) keyValue(g, p.key(), p.value());
            g.writeEndArray();
        }
        if (!d.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (RunTag t : d.tags()) keyValue(g, t.key(), t.value());
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void datasetInput(JsonGenerator g, DatasetInput in) throws IOException {
        g.writeStartObject();
        if (!in.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (InputTag t : in.tags()) keyValue(g, t.key(), t.value());
            g.writeEndArray();
        }
        Dataset d = in.dataset();
        if (d != null) {
            g.writeObjectFieldStart("dataset");
            str(g, "name", d.name());
            str(g, "digest", d.digest());
            str(g, "source_type", d.sourceType());
            str(g, "source", d.source());
            str(g, "schema", d.schema());
            str(g, "profile", d.profile());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void registeredModel(JsonGenerator g, RegisteredModel m) throws IOException {
        g.writeStartObject();
        str(g, "name", m.name());
        g.writeNumberField("creation_timestamp", m.creationTimestamp());
        g.writeNumberField("last_updated_timestamp", m.lastUpdatedTimestamp());
        str(g, "description", m.description());
        if (!m.latestVersions().isEmpty()) {
            g.writeArrayFieldStart("latest_versions");
            for (ModelVersion v : m.latestVersions()) modelVersion(g, v);
            g.writeEndArray();
        }
        if (!m.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (RegisteredModelTag t : m.tags()) keyValue(g, t.key(), t.value());
            g.writeEndArray();
        }
        if (!m.aliases().isEmpty()) {
            g.writeArrayFieldStart("aliases");
            for (RegisteredModelAlias a : m.aliases()) {
                g.writeStartObject();
                str(g, "alias", a.alias());
                str(g, "version", a.version());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void modelVersion(JsonGenerator g, ModelVersion v) throws IOException {
        g.writeStartObject();
        str(g, "name", v.name());
        str(g, "version", v.version());
        g.writeNumberField("creation_timestamp", v.creationTimestamp());
        g.writeNumberField("last_updated_timestamp", v.lastUpdatedTimestamp());
        str(g, "user_id", v.userId());
        str(g, "current_stage", v.currentStage() == null ? null : v.currentStage().wireName());
        str(g, "description", v.description() == null ? "" : v.description()); // MLflow sends "" when unset
        str(g, "source", v.source());
        str(g, "run_id", v.runId());
        str(g, "status", v.status() == null ? null : v.status().name());
        str(g, "status_message", v.statusMessage());
        if (!v.tags().isEmpty()) {
            g.writeArrayFieldStart("tags");
            for (ModelVersionTag t : v.tags()) keyValue(g, t.key(), t.value());
            g.writeEndArray();
        }
        str(g, "run_link", v.runLink());
        if (!v.aliases().isEmpty()) {
            g.writeArrayFieldStart("aliases");
            for (String a : v.aliases()) g.writeString(a);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void modelVersions(JsonGenerator g, String field, List<ModelVersion> versions) throws IOException {
        if (versions.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (ModelVersion v : versions) modelVersion(g, v);
        g.writeEndArray();
    }
}
