package dev.jtrack.store.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.trace.SpanDicts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowImporterTest {
    @TempDir
    Path tmp;

    @Test
    void theLatestMetricIsTheGreatestStepThenTimestampThenValueWithNanGreatest() {
        Unit run = new Unit("run r");
        run.add(Table.METRICS, "run_uuid", "r", "key", "a", "step", 3L, "timestamp", 1L, "value", 1.0, "is_nan", 0L);
        run.add(Table.METRICS, "run_uuid", "r", "key", "a", "step", 2L, "timestamp", 9L, "value", 7.0, "is_nan", 0L);
        run.add(Table.METRICS, "run_uuid", "r", "key", "b", "step", 0L, "timestamp", 5L, "value", 2.0, "is_nan", 0L);
        run.add(Table.METRICS, "run_uuid", "r", "key", "b", "step", 0L, "timestamp", 5L, "value", 0.0, "is_nan", 1L);
        MlflowImporter.addLatestMetrics(run);
        List<Unit.Row> latest = run.rows.stream().filter(r -> r.table() == Table.LATEST_METRICS).toList();
        assertEquals(2, latest.size());
        assertEquals(1.0, latest.get(0).get("value"));
        assertEquals(1L, latest.get(1).get("is_nan"));
    }

    @Test
    void unknownSchemesMissingFilesAndServersAsDestinationsAreSourceErrors() {
        assertTrue(assertThrows(ImportSourceException.class, () -> ImportSources.open("ftp://x/y", Map.of()))
                .getMessage().contains("Unknown import source"));
        assertTrue(assertThrows(ImportSourceException.class,
                () -> ImportSources.open("sqlite:///" + tmp.resolve("none.db"), Map.of())).getMessage().contains("does not exist"));
        assertThrows(ImportSourceException.class, () -> MlflowImporter.importStore("sqlite:///" + tmp.resolve("a.db"),
                StoreUri.resolve("http://127.0.0.1:1"), Map.of(), System.out));
    }

    @Test
    void mlflowSpanDictsBecomeOtlpJsonThatReadsBackAsTheSameDict() throws Exception {
        String dict = "{\"trace_id\": \"GqMPgPKP0qsfJtc2fKGiSQ==\", \"span_id\": \"0sM2g0lBGnE=\", \"parent_span_id\": null,"
                + " \"name\": \"inner\", \"start_time_unix_nano\": 17, \"end_time_unix_nano\": 18, \"events\": [{\"name\": \"e\","
                + " \"time_unix_nano\": 17, \"attributes\": {\"n\": 1}}], \"status\": {\"code\": \"STATUS_CODE_OK\", \"message\": \"\"},"
                + " \"attributes\": {\"mlflow.spanType\": \"\\\"LLM\\\"\", \"mlflow.spanInputs\": \"{\\\"x\\\": [1, 2.5, true]}\"},"
                + " \"links\": []}";
        ObjectMapper mapper = new ObjectMapper();
        JsonNode back = SpanDicts.of(SpanJson.otlp(dict));
        JsonNode original = mapper.readTree(dict);
        assertEquals(original.get("span_id"), back.get("span_id"));
        assertEquals(original.get("status"), back.get("status"));
        assertEquals(original.get("events").toString(), back.get("events").toString());
        for (String key : List.of("mlflow.spanType", "mlflow.spanInputs")) {
            assertEquals(mapper.readTree(original.path("attributes").path(key).asText()),
                    mapper.readTree(back.path("attributes").path(key).asText()), key);
        }
    }
}
