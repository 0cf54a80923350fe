package dev.jtrack.models.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.InputTag;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The evaluation data as an MLflow dataset input ({@code log_input}, context {@code evaluation}):
 * digest = the first 8 hex digits of the SHA-256 of the table written as CSV (equal tables, equal
 * digests), schema in MLflow's {@code mlflow_colspec} form, profile {@code num_rows} and
 * {@code num_elements}.
 */
final class EvalDataset {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalDataset() {}

    static String digest(Table data) {
        StringWriter w = new StringWriter();
        data.write().csv(w);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(w.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static DatasetInput input(Table data, String name, String source, String digest) {
        ObjectNode src = JSON.createObjectNode();
        String sourceType;
        if (source != null) {
            src.put("uri", source);
            sourceType = source.contains("://") ? source.substring(0, source.indexOf("://")) : "local";
        } else {
            src.putObject("tags").put("mlflow.source.type", "LOCAL");
            sourceType = "code";
        }
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode cols = schema.putArray("mlflow_colspec");
        for (Column<?> c : data.columns()) cols.addObject().put("type", type(c.type())).put("name", c.name()).put("required", true);
        ObjectNode profile = JSON.createObjectNode().put("num_rows", data.rowCount())
                .put("num_elements", (long) data.rowCount() * data.columnCount());
        Dataset ds = new Dataset(name, digest, sourceType, src.toString(), schema.toString(), profile.toString());
        return new DatasetInput(List.of(new InputTag("mlflow.data.context", "evaluation")), ds);
    }

    private static String type(ColumnType t) {
        if (t == ColumnType.DOUBLE || t == ColumnType.FLOAT) return "double";
        if (t == ColumnType.INTEGER || t == ColumnType.SHORT) return "integer";
        if (t == ColumnType.LONG) return "long";
        if (t == ColumnType.BOOLEAN) return "boolean";
        return "string";
    }
}
