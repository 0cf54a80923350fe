package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.notebook.TrackingClient;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session run as the tracking store holds it: its cells in the order they really ran
 * ({@code session/cells.jsonl}), its params and its experiment.
 *
 * @param run the run
 * @param experiment its experiment's name
 * @param cells the recorded cell entries, in execution order
 */
public record RecordedSession(Run run, String experiment, List<JsonNode> cells) {
    /** Where autolog writes the cell history of a session run. */
    public static final String CELLS = "session/cells.jsonl";

    /** Reads run {@code runId} and its cell history; an id with no recorded session is a clear error. */
    public static RecordedSession load(TrackingClient client, String runId) throws IOException {
        Run run = client.store().getRun(runId);
        String experiment = client.store().getExperiment(run.info().experimentId()).name();
        ArtifactRepository artifacts = artifacts(client, run);
        String text;
        try (InputStream in = artifacts.open(CELLS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("run " + runId + " has no " + CELLS + ": it is not a recorded notebook session");
        }
        List<JsonNode> cells = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                cells.add(NotebookFile.JSON.readTree(line));
            }
        }
        return new RecordedSession(run, experiment, cells);
    }

    /** The run's artifact repository, through the tracking server's proxy when the store is a server. */
    static ArtifactRepository artifacts(TrackingClient client, Run run) {
        return client.artifactRepository(run.info().artifactUri());
    }

    /** The run's params. */
    public Map<String, Object> params() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : run.data().params()) {
            out.put(p.key(), p.value());
        }
        return out;
    }

    /** A notebook whose code cells are the recorded cells, in the order they ran. */
    public NotebookFile toNotebook() {
        NotebookFile nb = NotebookFile.empty();
        for (JsonNode cell : cells) {
            var code = NotebookFile.codeCell(cell.path("code").asText(""));
            code.with("metadata").with("jtrack").put("recorded_order", cell.path("order").asInt());
            code.with("metadata").with("jtrack").put("recorded_execution_count", cell.path("execution_count").asInt());
            nb.cells().add(code);
        }
        nb.metadata().with("jtrack").put("reproduces", run.info().runId());
        return nb;
    }
}
