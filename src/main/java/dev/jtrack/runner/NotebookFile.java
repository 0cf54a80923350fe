package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An nbformat 4 notebook as a JSON tree, read and written the way Jupyter does (1-space indent, cell ids). */
public final class NotebookFile {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root;

    private NotebookFile(ObjectNode root) {
        this.root = root;
    }

    /** Reads {@code path}; a file that is not an nbformat 4 notebook is a clear error. */
    public static NotebookFile read(Path path) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(path.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(path + " is not a notebook (invalid JSON: " + e.getOriginalMessage() + ")");
        }
        if (!(tree instanceof ObjectNode obj) || !obj.path("cells").isArray() || obj.path("nbformat").asInt() != 4) {
            throw new IOException(path + " is not an nbformat 4 notebook");
        }
        return new NotebookFile(obj);
    }

    /** Parses notebook JSON text (for artifacts read from the store). */
    public static NotebookFile parse(String text) throws IOException {
        JsonNode tree = JSON.readTree(text);
        if (!(tree instanceof ObjectNode obj) || !obj.path("cells").isArray()) {
            throw new IOException("not a notebook");
        }
        return new NotebookFile(obj);
    }

    /** An empty nbformat 4.5 notebook for the jtrack kernel. */
    public static NotebookFile empty() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putArray("cells");
        ObjectNode metadata = root.putObject("metadata");
        ObjectNode spec = metadata.putObject("kernelspec");
        spec.put("name", "jtrack");
        spec.put("display_name", "Java (jtrack)");
        spec.put("language", "java");
        root.put("nbformat", 4);
        root.put("nbformat_minor", 5);
        return new NotebookFile(root);
    }

    public ObjectNode root() {
        return root;
    }

    public ArrayNode cells() {
        return (ArrayNode) root.get("cells");
    }

    public ObjectNode metadata() {
        return root.with("metadata");
    }

    /** The cell's source as one string (nbformat allows a string or a list of lines). */
    public static String source(JsonNode cell) {
        JsonNode src = cell.path("source");
        if (src.isArray()) {
            StringBuilder sb = new StringBuilder();
            src.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return src.asText("");
    }

    /** The cell's tags. */
    public static List<String> tags(JsonNode cell) {
        List<String> out = new ArrayList<>();
        cell.path("metadata").path("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    /** A new code cell with {@code source} split into lines as Jupyter stores it. */
    public static ObjectNode codeCell(String source, String... tags) {
        ObjectNode cell = JsonNodeFactory.instance.objectNode();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        cell.put("id", UUID.randomUUID().toString().substring(0, 8));
        ObjectNode metadata = cell.putObject("metadata");
        ArrayNode tagArray = metadata.putArray("tags");
        for (String tag : tags) {
            tagArray.add(tag);
        }
        cell.putArray("outputs");
        setSource(cell, source);
        return cell;
    }

    /** Sets the source as a list of lines, each but the last ending with a newline. */
    public static void setSource(ObjectNode cell, String source) {
        ArrayNode lines = cell.putArray("source");
        int start = 0;
        while (start < source.length()) {
            int nl = source.indexOf('\n', start);
            int end = nl < 0 ? source.length() : nl + 1;
            lines.add(source.substring(start, end));
            start = end;
        }
    }

    /**
     * Brings the notebook to nbformat 4.5: every cell has a unique {@code id} (required since 4.5),
     * code cells have outputs and an execution count.
     */
    public void upgradeTo45() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode node : cells()) {
            ObjectNode cell = (ObjectNode) node;
            String id = cell.path("id").asText("");
            if (id.isEmpty() || !id.matches("[a-zA-Z0-9-_]{1,64}") || !seen.add(id)) {
                do {
                    id = UUID.randomUUID().toString().substring(0, 8);
                } while (!seen.add(id));
                cell.put("id", id);
            }
            if (!cell.has("metadata")) {
                cell.putObject("metadata");
            }
            if ("code".equals(cell.path("cell_type").asText())) {
                if (!cell.has("outputs")) {
                    cell.putArray("outputs");
                }
                if (!cell.has("execution_count")) {
                    cell.putNull("execution_count");
                }
            }
        }
        root.put("nbformat", 4);
        if (root.path("nbformat_minor").asInt(0) < 5) {
            root.put("nbformat_minor", 5);
        }
    }

    /** The notebook as JSON text, 1-space indented like Jupyter writes it. */
    public String toJson() {
        try {
            return PRETTY.writer(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter(" ", "\n"))
                    .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter(" ", "\n")))
                    .writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notebook: " + e.getMessage(), e);
        }
    }

    /** Writes the notebook atomically (a crash mid-write never leaves half a notebook). */
    public void write(Path path) throws IOException {
        Path abs = path.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
