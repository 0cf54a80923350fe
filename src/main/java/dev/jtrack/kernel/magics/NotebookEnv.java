package dev.jtrack.kernel.magics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process environment plus variables set in the notebook with {@code %env NAME=value} (a JVM
 * cannot change its own environment, so those live here).
 */
public final class NotebookEnv {
    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();

    private NotebookEnv() {}

    /** The variable's value: set with {@code %env} or from the process environment; {@code null} when unset. */
    public static String get(String name) {
        String value = OVERRIDES.get(name);
        return value != null ? value : System.getenv(name);
    }

    /** Sets a variable for this kernel. */
    public static void set(String name, String value) {
        OVERRIDES.put(name, value);
    }

    /** The process environment with the notebook's variables applied. */
    public static Map<String, String> all() {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(OVERRIDES);
        return all;
    }

    /** A process builder whose environment includes the notebook's variables. */
    public static ProcessBuilder processBuilder(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(OVERRIDES);
        return builder;
    }
}
