package dev.jtrack.kernel.magics;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code %env}: lists the environment; {@code %env NAME} prints one variable; {@code %env NAME=value}
 * sets it for this kernel. A JVM cannot change its own process environment, so a set variable is
 * seen by {@link NotebookEnv#get(String)} (which jtrack's own code uses) and by processes started with
 * {@link NotebookEnv#processBuilder(String...)}, not by {@code System.getenv}.
 */
final class EnvMagics {
    private EnvMagics() {}

    static void register(MagicRegistry registry) {
        registry.registerLine("env", (args, context) -> {
            String text = args.strip();
            if (text.isEmpty()) {
                Map<String, String> all = new TreeMap<>(NotebookEnv.all());
                all.forEach((k, v) -> System.out.println(k + "=" + v));
                return null;
            }
            int equals = text.indexOf('=');
            if (equals < 0) {
                String value = NotebookEnv.get(text);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable " + text + " is not set");
                }
                System.out.println(value);
                return null;
            }
            String name = text.substring(0, equals).strip();
            if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("not a variable name: '" + name + "' (usage: %env NAME=value)");
            }
            NotebookEnv.set(name, text.substring(equals + 1).strip());
            System.out.println("env: " + name + "=" + NotebookEnv.get(name));
            return null;
        });
    }
}
