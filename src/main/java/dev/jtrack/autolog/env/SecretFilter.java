package dev.jtrack.autolog.env;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which environment variables may be recorded: names that look like they hold a secret
 * (containing TOKEN, SECRET, PASSWORD, KEY or CREDENTIAL, in any case) are left out.
 */
public final class SecretFilter {
    /** The name fragments that mark a variable as secret. */
    public static final List<String> SECRET_MARKERS = List.of("TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL");

    private SecretFilter() {}

    /** True when {@code name} looks like it names a secret. */
    public static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String marker : SECRET_MARKERS) {
            if (upper.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The entries of {@code environment} whose names do not look secret, sorted by name. */
    public static Map<String, String> publicVariables(Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (!isSecret(name)) {
                out.put(name, value);
            }
        });
        return out;
    }
}
