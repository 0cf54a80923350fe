package dev.jtrack.models;

import java.util.ArrayList;
import java.util.List;

/**
 * How models are loaded: the class loader that finds their classes and the classes that may be
 * deserialized. Deserializing a model file runs code of the classes named in it, so only classes
 * that are allowed here are ever instantiated: the JDK's value and collection classes, jtrack's
 * own model classes, and the patterns added with {@link #allow}.
 *
 * @param classLoader where model classes are looked up
 * @param allowedClasses extra allowed classes: exact names, {@code com.example.*} (a package) or
 *     {@code com.example.**} (a package and its subpackages)
 */
public record LoadOptions(ClassLoader classLoader, List<String> allowedClasses) {

    /** The environment variable with extra allowed class patterns, comma-separated. */
    public static final String ALLOW_ENV = "JTRACK_MODEL_ALLOW_CLASSES";

    public LoadOptions {
        allowedClasses = List.copyOf(allowedClasses);
    }

    /** Defaults: this thread's context class loader and the patterns in {@value #ALLOW_ENV}. */
    public static LoadOptions defaults() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        List<String> allowed = new ArrayList<>();
        String env = System.getenv(ALLOW_ENV);
        if (env != null) {
            for (String p : env.split(",")) {
                if (!p.isBlank()) allowed.add(p.strip());
            }
        }
        return new LoadOptions(cl != null ? cl : LoadOptions.class.getClassLoader(), allowed);
    }

    /** These options with more allowed class patterns. */
    public LoadOptions allow(String... patterns) {
        List<String> all = new ArrayList<>(allowedClasses);
        all.addAll(List.of(patterns));
        return new LoadOptions(classLoader, all);
    }

    /** These options with another class loader (e.g. the one that defined a notebook's classes). */
    public LoadOptions withClassLoader(ClassLoader loader) {
        return new LoadOptions(loader, allowedClasses);
    }
}
