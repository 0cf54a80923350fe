package dev.jtrack.notebook;

import dev.jtrack.kernel.magics.NotebookEnv;
import java.util.Map;

/**
 * The process environment plus variables set in the notebook with {@code %env NAME=value} (a JVM
 * cannot change its own environment, so those live in the kernel, in {@link NotebookEnv}).
 */
public final class Env {
    private Env() {}

    /** The variable's value: set with {@code %env} or from the process environment; {@code null} when unset. */
    public static String get(String name) {
        return NotebookEnv.get(name);
    }

    /** Sets a variable for this kernel. */
    public static void set(String name, String value) {
        NotebookEnv.set(name, value);
    }

    /** The process environment with the notebook's variables applied. */
    public static Map<String, String> all() {
        return NotebookEnv.all();
    }

    /** A process builder whose environment includes the notebook's variables. */
    public static ProcessBuilder processBuilder(String... command) {
        return NotebookEnv.processBuilder(command);
    }
}
