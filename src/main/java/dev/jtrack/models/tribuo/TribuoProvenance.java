package dev.jtrack.models.tribuo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.jtrack.tracking.Dataset;
import dev.jtrack.tracking.DatasetInput;
import dev.jtrack.tracking.InputTag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

/** Tribuo provenance as MLflow sees runs: flat params, dataset inputs. */
final class TribuoProvenance {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the machine or the moment shows, not the configuration. */
    private static final Set<String> NOT_CONFIGURATION = Set.of("host-short-name");
    /** Keys naming where a data source's data came from, most telling first. */
    private static final List<String> SOURCE_KEYS = List.of("resource", "path", "file", "url", "dataPath", "description", "sourceName");

    private TribuoProvenance() {}

    /**
     * The provenance flattened to {@code prefix.name.nested = value}: objects by field name, lists
     * by index, primitives as text (e.g. {@code trainer.epochs}, {@code trainer.optimiser.initialLearningRate}).
     */
    static Map<String, String> flatten(String prefix, Provenance provenance) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(prefix, provenance, out);
        return out;
    }

    private static void flatten(String key, Provenance p, Map<String, String> out) {
        if (p instanceof ObjectProvenance o) {
            for (Pair<String, Provenance> e : o) {
                if (!NOT_CONFIGURATION.contains(e.getA())) flatten(key + "." + e.getA(), e.getB(), out);
            }
        } else if (p instanceof ListProvenance<?> list) {
            if (list.getList().isEmpty()) out.put(key, "[]");
            int i = 0;
            for (Provenance item : list) flatten(key + "." + i++, item, out);
        } else if (p instanceof MapProvenance<?> map) {
            for (Pair<String, ? extends Provenance> e : map) flatten(key + "." + e.getA(), e.getB(), out);
        } else if (p instanceof PrimitiveProvenance<?> v) {
            out.put(key, String.valueOf(v.getValue()));
        } else if (p != null) {
            out.put(key, p.toString());
        }
    }

    /** Where the data came from, as its source provenance says (a file, a URL, a description), or its class. */
    static String source(DataProvenance data) {
        DataProvenance src = data instanceof DatasetProvenance d ? d.getSourceProvenance() : data;
        if (src == null) return "tribuo-data";
        Map<String, String> flat = flatten("", src);
        for (String k : SOURCE_KEYS) {
            String v = flat.get("." + k);
            if (v != null && !v.isBlank() && !"null".equals(v)) return v;
        }
        String cls = src.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /** A short name for the data: the source's file name without extension, as metric names and inputs use it. */
    static String name(DataProvenance data) {
        String s = source(data);
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        int dot = s.lastIndexOf('.');
        if (dot > 0) s = s.substring(0, dot);
        s = s.replaceAll("[^A-Za-z0-9_\\-. ]", "_");
        return s.isBlank() ? "data" : s;
    }

    /**
     * The data's digest: the source's own content hash when it recorded one, else a hash of its
     * provenance without times (the same source and transformations, the same digest); 8 hex digits.
     */
    static String digest(DataProvenance data) {
        Map<String, String> flat = flatten("", data);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            if (e.getKey().endsWith("-hash") && e.getValue().length() >= 8 && !"null".equals(e.getValue())) {
                return e.getValue().substring(0, 8).toLowerCase(java.util.Locale.ROOT);
            }
            if (!e.getKey().contains("time")) text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The data as an MLflow dataset input: name, digest, source, schema (the feature names),
     * profile (rows, features, outputs), tagged {@code mlflow.data.context} = {@code context}.
     */
    static DatasetInput input(DataProvenance data, List<String> features, String context) {
        String source = source(data);
        ObjectNode src = JSON.createObjectNode();
        String sourceType;
        if (source.contains("://")) {
            src.put("uri", source);
            sourceType = source.substring(0, source.indexOf("://"));
        } else if (source.contains("/") || source.contains(".")) {
            src.put("uri", source);
            sourceType = "local";
        } else {
            src.putObject("tags").put("mlflow.source.type", "LOCAL");
            sourceType = "code";
        }
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode cols = schema.putArray("mlflow_colspec");
        for (String f : features) cols.addObject().put("type", "double").put("name", f).put("required", false);
        ObjectNode profile = JSON.createObjectNode();
        if (data instanceof DatasetProvenance d) {
            profile.put("num_rows", d.getNumExamples()).put("num_features", d.getNumFeatures()).put("num_outputs", d.getNumOutputs());
        }
        Dataset ds = new Dataset(name(data), digest(data), sourceType, src.toString(), schema.toString(), profile.toString());
        return new DatasetInput(List.of(new InputTag("mlflow.data.context", context)), ds);
    }
}
