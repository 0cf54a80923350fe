package dev.jtrack.store.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.Stage;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import org.junit.jupiter.api.Test;

/** The MLflow wire format, both ways, including the corners MLflow's proto JSON mapping has. */
class TrackingJsonTest {

    private static JsonNode parse(String json) throws Exception {
        return MlflowHttp.MAPPER.readTree(json);
    }

    @Test
    void nonFiniteMetricValuesTravelAsMlflowStrings() throws Exception {
        assertEquals("{\"key\":\"m\",\"value\":\"NaN\",\"timestamp\":1,\"step\":-9223372036854775808}",
                MlflowHttp.MAPPER.writeValueAsString(TrackingJson.metric(new Metric("m", Double.NaN, 1, Long.MIN_VALUE))));
        assertEquals("\"-Infinity\"", TrackingJson.metric(new Metric("m", Double.NEGATIVE_INFINITY, 1, 0)).get("value").toString());
        assertEquals(Double.POSITIVE_INFINITY, TrackingJson.doubleValue(parse("\"Infinity\"")));
        assertTrue(Double.isNaN(TrackingJson.doubleValue(parse("\"NaN\""))));
        assertTrue(Double.isNaN(TrackingJson.doubleValue(parse("NaN"))), "bare NaN from lenient servers");
        assertEquals(0.1, TrackingJson.doubleValue(parse("0.1")));
        assertEquals(Double.MIN_VALUE, TrackingJson.doubleValue(parse("4.9E-324")));
    }

    @Test
    void int64FieldsMayBeNumbersOrStrings() throws Exception {
        Metric m = TrackingJson.toMetric(parse(
                "{\"key\":\"k\",\"value\":2.5,\"timestamp\":\"1700000000000\",\"step\":9223372036854775807}"));
        assertEquals(new Metric("k", 2.5, 1_700_000_000_000L, Long.MAX_VALUE), m);
    }

    @Test
    void decodesARunWithAbsentOptionalFields() throws Exception {
        Run r = TrackingJson.toRun(parse("""
                {"info":{"run_uuid":"abc","experiment_id":"3","run_name":"r","status":"FINISHED",
                         "start_time":5,"artifact_uri":"mlflow-artifacts:/3/abc/artifacts",
                         "lifecycle_stage":"deleted"},
                 "data":{"params":[{"key":"p","value":""}]},
                 "inputs":{"dataset_inputs":[{"dataset":{"name":"d","digest":"x","source_type":"local",
                         "source":"{}"},"tags":[{"key":"mlflow.data.context","value":"train"}]}]}}
                """));
        assertEquals("abc", r.info().runId());
        assertEquals(RunStatus.FINISHED, r.info().status());
        assertEquals(5L, r.info().startTime());
        assertNull(r.info().endTime());
        assertNull(r.info().userId());
        assertEquals(LifecycleStage.DELETED, r.info().lifecycleStage());
        assertEquals("", r.data().params().get(0).value());
        assertTrue(r.data().metrics().isEmpty());
        assertEquals("d", r.inputs().get(0).dataset().name());
        assertNull(r.inputs().get(0).dataset().schema());
        assertEquals("train", r.inputs().get(0).tags().get(0).value());
    }

    @Test
    void decodesAModelVersion() throws Exception {
        ModelVersion v = RegistryJson.toModelVersion(parse("""
                {"name":"m","version":"2","creation_timestamp":1,"last_updated_timestamp":2,
                 "current_stage":"Production","source":"runs:/r/model","run_id":"r","status":"READY",
                 "aliases":["champion"],"tags":[{"key":"a","value":"b"}]}
                """));
        assertEquals("2", v.version());
        assertEquals(Stage.PRODUCTION, v.currentStage());
        assertEquals("champion", v.aliases().get(0));
        assertNull(v.description());
    }

    @Test
    void errorsKeepTheServersCode() {
        MlflowException e = RestTrackingStore.toMlflowException(404, "RESOURCE_DOES_NOT_EXIST", "no run", null);
        assertEquals(ErrorCode.RESOURCE_DOES_NOT_EXIST, e.errorCode());
        assertEquals("no run", e.getMessage());
        MlflowException unknown = RestTrackingStore.toMlflowException(400, "SOMETHING_NEW", "hm", null);
        assertEquals(ErrorCode.INTERNAL_ERROR, unknown.errorCode());
        assertTrue(unknown.getMessage().contains("SOMETHING_NEW"));
    }
}
