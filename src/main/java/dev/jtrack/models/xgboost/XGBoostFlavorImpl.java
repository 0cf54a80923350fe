package dev.jtrack.models.xgboost;

import dev.jtrack.models.Flavor;
import dev.jtrack.models.JavaDependencies;
import dev.jtrack.models.LoadOptions;
import dev.jtrack.models.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The {@code xgboost} flavor, linked against XGBoost4J. Only ever instantiated by
 * {@code dev.jtrack.models.XGBoostFlavor} in a class loader that sees XGBoost4J.
 */
public final class XGBoostFlavorImpl implements Flavor {
    static final String DATA = "model.ubj";

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof Booster;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        Booster booster = (Booster) model;
        try (OutputStream out = Files.newOutputStream(dir.resolve(DATA))) {
            booster.saveModel(out, "ubj");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("data", DATA);
            config.put("model_format", "ubj");
            config.put("model_class", "xgboost.core.Booster");
            config.put("features", booster.getNumFeature());
            config.put("boosted_rounds", booster.getNumBoostedRound());
            config.put(JavaDependencies.KEY, JavaDependencies.of(Booster.class));
            return config;
        } catch (XGBoostError e) {
            throw new IOException("XGBoost cannot save the booster: " + e.getMessage(), e);
        }
    }

    @Override
    public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        Path file = dir.resolve(String.valueOf(config.getOrDefault("data", DATA))).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException("xgboost model file '" + config.get("data") + "' is missing from the package");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new XGBoostPredictor(XGBoost.loadModel(in));
        } catch (XGBoostError e) {
            throw new IOException("Cannot read the XGBoost model " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Predictor predictor(Object model) {
        return new XGBoostPredictor((Booster) model);
    }
}
