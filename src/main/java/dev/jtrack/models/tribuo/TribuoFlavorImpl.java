package dev.jtrack.models.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.jtrack.models.Flavor;
import dev.jtrack.models.JavaDependencies;
import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;

/**
 * The {@code tribuo} flavor, linked against Tribuo. Only ever instantiated by
 * {@code dev.jtrack.models.TribuoFlavor} in a class loader that sees Tribuo; see
 * {@code dev.jtrack.models.LibraryBinding}.
 */
public final class TribuoFlavorImpl implements Flavor {
    static final String DATA = "model.tribuo";

    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof Model<?>;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        Model<?> m = (Model<?>) model;
        m.serializeToFile(dir.resolve(DATA));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", DATA);
        config.put("format", "protobuf");
        config.put("model_class", m.getClass().getName());
        config.put("model_name", m.getName());
        config.put("tribuo_version", m.getProvenance().getTribuoVersion());
        config.put("features", m.getFeatureIDMap().size());
        config.put("outputs", m.getOutputIDInfo().size());
        config.put("generates_probabilities", m.generatesProbabilities());
        config.put(JavaDependencies.KEY, JavaDependencies.ofObjectGraph(m));
        return config;
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        Path file = dir.resolve(String.valueOf(config.getOrDefault("data", DATA))).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException("tribuo model file '" + config.get("data") + "' is missing from the package");
        }
        try {
            return new TribuoPredictor<>(Model.deserializeFromFile(file));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("Cannot read the Tribuo model " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Predictor predictor(Object model) {
        return new TribuoPredictor<>((Model<?>) model);
    }

    @Override
    public Map<String, Object> metadata(Object model) {
        ModelProvenance p = ((Model<?>) model).getProvenance();
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("tribuo_version", p.getTribuoVersion());
        md.put("tribuo_provenance", ProvenanceUtil.convertToMap(p));
        return md;
    }
}
