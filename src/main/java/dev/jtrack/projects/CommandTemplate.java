package dev.jtrack.projects;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MLflow's {@code command:} substitution: {@code {name}} becomes the parameter's value quoted as
 * Python's {@code shlex.quote} does, {@code {{} and {@code }}} are literal braces, and
 * parameters the entry point does not declare are appended as {@code --name value}.
 */
public final class CommandTemplate {
    private static final Pattern SAFE = Pattern.compile("[\\w@%+=:,./-]+");

    private CommandTemplate() {}

    /**
     * The command line for {@code values} (text forms).
     *
     * @param declared the entry point's declared parameter names
     * @throws ProjectError for a placeholder no parameter fills
     */
    public static String render(String entryPoint, String template, Map<String, String> values, Set<String> declared) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new ProjectError("entry point '" + entryPoint + "': unbalanced '{' in command");
                }
                String name = template.substring(i + 1, end).strip();
                String value = values.get(name);
                if (value == null) {
                    throw new ProjectError("entry point '" + entryPoint + "': the command uses {" + name
                            + "}, which is no parameter");
                }
                out.append(quote(value));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        values.forEach((k, v) -> {
            if (!declared.contains(k)) {
                out.append(" --").append(k).append(' ').append(quote(v));
            }
        });
        return out.toString();
    }

    /** Python's {@code shlex.quote}. */
    public static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
