package dev.jtrack.frontends;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A notebook a browser test writes: code cells with fixed ids, for the jtrack kernel. */
final class TestNotebook {
    private final Map<String, String> cells = new LinkedHashMap<>();

    /** Adds a code cell {@code id} with {@code source}. */
    TestNotebook cell(String id, String source) {
        cells.put(id, source);
        return this;
    }

    List<String> ids() {
        return List.copyOf(cells.keySet());
    }

    int index(String id) {
        return ids().indexOf(id);
    }

    /** Writes it as nbformat 4.5 with the kernelspec {@code jtrack}. */
    void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode nb = json.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec")
                .put("name", "jtrack").put("display_name", "Java (jtrack)").put("language", "java");
        ArrayNode list = nb.putArray("cells");
        cells.forEach((id, source) -> {
            ObjectNode c = list.addObject();
            c.put("cell_type", "code").put("id", id).put("source", source).putNull("execution_count");
            c.putObject("metadata");
            c.putArray("outputs");
        });
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), nb);
    }
}
