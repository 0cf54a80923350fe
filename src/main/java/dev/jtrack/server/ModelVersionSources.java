package dev.jtrack.server;

import dev.jtrack.tracking.TrackingStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks MLflow's server makes on a new model version's {@code source} before it reaches the
 * store, so that a version cannot point a later download at files of the server it was not given:
 *
 * <ul>
 *   <li>a local source (a path without a URI scheme, or {@code file:}) is accepted only with the
 *       {@code run_id} of a run whose local artifact directory contains it;
 *   <li>any other source must carry an absolute path without {@code .} or {@code ..} segments
 *       or NUL, also after URL-decoding ({@code ..%2f}), whatever its scheme;
 *   <li>with a logged model's {@code model_id}, a local source must lie inside that model's local
 *       artifact location instead;
 *   <li>a prompt's source (tag {@code mlflow.prompt.is_prompt=true}) must not be local; one with a
 *       scheme gets the path check.
 * </ul>
 * Refusals are INVALID_PARAMETER_VALUE with MLflow's messages. MLflow answers a {@code file:} URI
 * naming another host with 500; jtrack answers 400 (a client's mistake).
 */
final class ModelVersionSources {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

    private ModelVersionSources() {}

    /** Validates {@code source} of a version created with {@code runId} (null or empty: none). */
    static void validate(String source, String runId, Map<String, String> tags, TrackingStore tracking) {
        if ("true".equalsIgnoreCase(tags.get("mlflow.prompt.is_prompt"))) {
            validatePrompt(source);
            return;
        }
        if (isLocal(source)) {
            if (runId != null && !runId.isEmpty()) {
                String artifactUri = tracking.getRun(runId).info().artifactUri();
                if (isLocal(artifactUri) && contains(localPath(artifactUri), localPath(source))) {
                    return;
                }
            }
            throw ApiException.invalidParameter("Invalid model version source: '" + source + "'. To use a local path as a"
                    + " model version source, the run_id request parameter has to be specified and the local path has to"
                    + " be contained within the artifact directory of the run specified by the run_id.");
        }
        requireAbsoluteWithoutRelativeParts(source);
    }

    /**
     * Validates {@code source} of a version created from a logged model (given {@code model_id}): a
     * local source must lie inside the model's local artifact location; any other gets the path check.
     */
    static void validateForLoggedModel(String source, String modelArtifactLocation) {
        if (isLocal(source)) {
            if (modelArtifactLocation != null && isLocal(modelArtifactLocation)
                    && contains(localPath(modelArtifactLocation), localPath(source))) {
                return;
            }
            throw ApiException.invalidParameter("Invalid model version source: '" + source + "'. To use a local path as a"
                    + " model version source, the model_id request parameter has to be specified and the local path has to"
                    + " be contained within the artifact directory of the run specified by the model_id.");
        }
        requireAbsoluteWithoutRelativeParts(source);
    }

    private static void validatePrompt(String source) {
        String scheme = scheme(source);
        if ("file".equals(scheme) || (scheme.isEmpty() && source.startsWith("/"))) {
            throw ApiException.invalidParameter("Invalid prompt source: '" + source
                    + "'. Local source paths are not allowed for prompts.");
        }
        if (!scheme.isEmpty()) {
            requireAbsoluteWithoutRelativeParts(source);
        }
    }

    /** The lower-cased URI scheme, or "" for a plain path. */
    static String scheme(String source) {
        Matcher m = SCHEME.matcher(source);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    }

    /** A plain path or a {@code file:} URI; a {@code file:} URI naming another host is refused. */
    static boolean isLocal(String uri) {
        String scheme = scheme(uri);
        if (scheme.isEmpty()) {
            return true;
        }
        if (!scheme.equals("file")) {
            return false;
        }
        String host = host(uri);
        if (!host.isEmpty() && !host.equals(".") && !host.startsWith("localhost") && !host.startsWith("127.0.0.1")) {
            throw ApiException.invalidParameter(uri + " is not a valid remote uri. For remote access on windows,"
                    + " please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).");
        }
        return true;
    }

    private static String host(String uri) {
        String rest = uri.substring(scheme(uri).length() + 1);
        if (!rest.startsWith("//")) {
            return "";
        }
        String authority = rest.substring(2).split("[/?#]", 2)[0];
        int at = authority.lastIndexOf('@');
        authority = authority.substring(at + 1);
        int colon = authority.indexOf(':');
        return (colon >= 0 ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
    }

    /** The file system path of a local source, absolute, with symbolic links of existing parts resolved. */
    private static Path localPath(String uri) {
        String path = uri;
        if (!scheme(uri).isEmpty()) {
            path = path(uri);
        }
        try {
            Path p = Path.of(unquote(path, false)).toAbsolutePath().normalize();
            return realIfExists(p);
        } catch (InvalidPathException e) {
            throw ApiException.invalidParameter("Invalid model version source: '" + uri + "': " + e.getReason());
        }
    }

    private static Path realIfExists(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return p;
        }
    }

    private static boolean contains(Path dir, Path p) {
        return p.startsWith(dir);
    }

    /** The path part of a URI as Python's urlparse sees it (after the authority, before ? and #). */
    static String path(String uri) {
        String rest = uri.substring(scheme(uri).length() + 1);
        if (rest.startsWith("//")) {
            int slash = indexOfAny(rest, 2, "/?#");
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        int end = indexOfAny(rest, 0, "?#");
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }

    private static void requireAbsoluteWithoutRelativeParts(String source) {
        String decoded = source;
        for (int i = 0; i < 10; i++) {
            String next = unquote(decoded, true);
            if (next.equals(decoded)) break;
            decoded = next;
        }
        String path = path(decoded).replaceAll("/+", "/").replaceAll("/+$", "");
        boolean bad = path.indexOf('\0') >= 0 || java.util.Arrays.asList(decoded.split("/")).contains("..")
                || !path.startsWith("/");
        if (!bad) {
            for (String segment : path.substring(1).split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    bad = true;
                    break;
                }
            }
        }
        if (bad) {
            throw ApiException.invalidParameter("Invalid model version source: '" + decoded + "'. If supplying a source as"
                    + " an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be"
                    + " provided without relative path references present. Please provide an absolute path.");
        }
    }

    /** Decodes %XX escapes (and '+' as a space when {@code plus}); malformed escapes stay as they are. */
    static String unquote(String s, boolean plus) {
        if (s.indexOf('%') < 0 && !(plus && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 3 <= s.length() && ESCAPE.matcher(s.substring(i, i + 3)).matches()) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else if (plus && c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
