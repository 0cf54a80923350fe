package dev.jtrack.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The flavors known to this JVM: the built-in ones, then those listed as services (see {@link Flavor}). */
public final class Flavors {
    private static volatile List<Flavor> all;

    private Flavors() {}

    /** All flavors, built-in first. */
    public static List<Flavor> all() {
        List<Flavor> a = all;
        if (a == null) {
            List<Flavor> list = new ArrayList<>();
            list.add(new JavaFunctionFlavor());
            list.add(new TribuoFlavor());
            list.add(new XGBoostFlavor());
            list.add(new OnnxFlavor());
            list.add(new JavaSerializedFlavor());
            for (Flavor f : ServiceLoader.load(Flavor.class, Flavors.class.getClassLoader())) {
                if (list.stream().noneMatch(x -> x.name().equals(f.name()))) list.add(f);
            }
            all = a = List.copyOf(list);
        }
        return a;
    }

    /** The flavor called {@code name}. */
    public static Optional<Flavor> named(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The first flavor that accepts {@code model}. */
    public static Flavor forModel(Object model) {
        return all().stream().filter(f -> f.accepts(model)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "No model flavor can save a " + (model == null ? "null" : model.getClass().getName())
                        + "; implement dev.jtrack.models.Predictor or java.io.Serializable, or pass an org.tribuo.Model or an OnnxModel (flavors: "
                        + all().stream().map(Flavor::name).toList() + ")"));
    }

    /** The first flavor of a package's {@code MLmodel} that this JVM can load. */
    public static Flavor loaderFor(MLmodel model) {
        for (Map.Entry<String, Map<String, Object>> e : model.flavors().entrySet()) {
            Optional<Flavor> f = named(e.getKey());
            if (f.isPresent()) return f.get();
        }
        throw new IllegalArgumentException("No flavor of this model can be loaded in Java: " + model.flavors().keySet()
                + " (known: " + all().stream().map(Flavor::name).toList() + ")");
    }
}
