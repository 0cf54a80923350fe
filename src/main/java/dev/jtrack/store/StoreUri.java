package dev.jtrack.store;

import dev.jtrack.tracking.MlflowException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a tracking store lives, resolved from a tracking URI. The one place that decides it:
 *
 * <ul>
 *   <li>nothing configured (null/blank): SQLite file {@code jtrack.db} in the working directory,
 *       artifacts in {@code jtrack-artifacts/} beside it;
 *   <li>{@code sqlite:///abs/path.db} (absolute), {@code sqlite:///rel.db} (relative to the working
 *       directory, as SQLAlchemy reads three slashes), {@code sqlite:////abs/path.db}: that file,
 *       artifacts in {@code jtrack-artifacts/} beside it;
 *   <li>{@code postgresql://user:pass@host:port/db}, also {@code postgresql+psycopg2://},
 *       {@code postgres://} and {@code jdbc:postgresql://}: that database, artifacts in
 *       {@code ./jtrack-artifacts};
 *   <li>{@code http://} / {@code https://}: a REST server (kind {@link Kind#REST});
 *   <li>a plain path (or {@code file:} URI) of a directory, existing or not and not ending in
 *       {@code .db}: the SQLite file {@code mlflow.db} inside it, artifacts in
 *       {@code <dir>/jtrack-artifacts}; a path ending in {@code .db}: that SQLite file.
 * </ul>
 *
 * @param kind the backend
 * @param sqliteFile the SQLite file (SQLITE only)
 * @param jdbcUrl the JDBC URL (POSTGRESQL only)
 * @param user database user or null
 * @param password database password or null
 * @param httpUri the server URI (REST only)
 * @param defaultArtifactRoot artifact root as a {@code file:} URI (null for REST)
 */
public record StoreUri(Kind kind, Path sqliteFile, String jdbcUrl, String user, String password, String httpUri,
        String defaultArtifactRoot) {

    /** The file name used when nothing is configured. */
    public static final String DEFAULT_DB_FILE = "jtrack.db";
    /** The SQLite file created inside a directory given as tracking URI. */
    public static final String DIRECTORY_DB_FILE = "mlflow.db";
    /** The artifact folder created beside the database file. */
    public static final String ARTIFACTS_DIR = "jtrack-artifacts";

    /** The kinds of backend. */
    public enum Kind {
        /** An embedded SQLite file. */
        SQLITE,
        /** A PostgreSQL database. */
        POSTGRESQL,
        /** A tracking server reached over MLflow's REST API. */
        REST;

        /** True for a tracking server (reached over HTTP), false for a database. */
        public boolean isServer() {
            return this == REST;
        }
    }

    /** True when the store is a tracking server (reached over HTTP), false for a database. */
    public boolean isServer() {
        return kind.isServer();
    }

    /** True for an embedded SQLite file: written by one process at a time. */
    public boolean isEmbedded() {
        return kind == Kind.SQLITE;
    }

    /** Resolves {@code uri} against the process's working directory. */
    public static StoreUri resolve(String uri) {
        return resolve(uri, Path.of("").toAbsolutePath());
    }

    /** Resolves {@code uri}, reading relative paths against {@code workingDir}. */
    public static StoreUri resolve(String uri, Path workingDir) {
        if (uri == null || uri.isBlank()) {
            return sqlite(workingDir.resolve(DEFAULT_DB_FILE));
        }
        String u = uri.strip();
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            if (!lower.startsWith("sqlite:///")) {
                throw MlflowException.invalidParameter("Invalid SQLite URI '%s': expected sqlite:///path/to/file.db", u);
            }
            String path = u.substring("sqlite:///".length());
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            if (path.isEmpty() || path.equals(":memory:")) {
                throw MlflowException.invalidParameter("Invalid SQLite URI '%s': a file path is required", u);
            }
            Path p = Path.of(decode(path));
            // sqlite:////abs has a leading '/' left (absolute); sqlite:///abs/path is absolute too when the
            // remainder names an existing root directory, as users write it; otherwise relative.
            if (!p.isAbsolute()) {
                Path asAbsolute = Path.of("/" + decode(path));
                p = looksAbsolute(asAbsolute) ? asAbsolute : workingDir.resolve(p);
            }
            return sqlite(p.normalize());
        }
        if (lower.startsWith("postgresql") || lower.startsWith("postgres://") || lower.startsWith("jdbc:postgresql://")) {
            return postgres(u);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new StoreUri(Kind.REST, null, null, null, null, u, null);
        }
        if (lower.startsWith("file:")) {
            return fromPath(Path.of(URI.create(u)));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw MlflowException.invalidParameter(
                    "Unsupported tracking URI '%s': use sqlite:///file.db, postgresql://user:pass@host:port/db, http(s)://host:port"
                            + " or a directory", u);
        }
        Path p = Path.of(u);
        return fromPath(p.isAbsolute() ? p.normalize() : workingDir.resolve(p).normalize());
    }

    private static boolean looksAbsolute(Path p) {
        Path root = p.getRoot();
        if (root == null || p.getNameCount() == 0) {
            return false;
        }
        Path first = root.resolve(p.getName(0));
        return Files.isDirectory(first);
    }

    private static StoreUri fromPath(Path p) {
        if (p.getFileName() != null && p.getFileName().toString().endsWith(".db") && !Files.isDirectory(p)) {
            return sqlite(p);
        }
        return new StoreUri(Kind.SQLITE, p.resolve(DIRECTORY_DB_FILE), null, null, null, null,
                p.resolve(ARTIFACTS_DIR).toUri().toString());
    }

    private static StoreUri sqlite(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        return new StoreUri(Kind.SQLITE, abs, null, null, null, null, dir.resolve(ARTIFACTS_DIR).toUri().toString());
    }

    private static StoreUri postgres(String u) {
        String rest;
        if (u.toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:postgresql://")) {
            rest = u.substring("jdbc:postgresql://".length());
        } else {
            int i = u.indexOf("://");
            rest = u.substring(i + 3);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        if (at >= 0) {
            String cred = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = cred.indexOf(':');
            user = decode(colon >= 0 ? cred.substring(0, colon) : cred);
            password = colon >= 0 ? decode(cred.substring(colon + 1)) : null;
        }
        if (rest.isEmpty() || rest.startsWith("/")) {
            throw MlflowException.invalidParameter("Invalid PostgreSQL URI '%s': expected postgresql://user:pass@host:port/db", u);
        }
        String jdbc = "jdbc:postgresql://" + rest;
        Path artifacts = Path.of("").toAbsolutePath().resolve(ARTIFACTS_DIR);
        return new StoreUri(Kind.POSTGRESQL, null, jdbc, user, password, null, artifacts.toUri().toString());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * A tracking URI that {@link #resolve(String)} reads back as this store, credentials included:
     * for handing the store on to a process this one starts (e.g. as {@code MLFLOW_TRACKING_URI}),
     * never for showing.
     */
    public String uri() {
        return switch (kind) {
            case SQLITE -> "sqlite:///" + sqliteFile.toAbsolutePath();
            case POSTGRESQL -> "postgresql://" + (user == null ? ""
                    : encode(user) + (password == null ? "" : ":" + encode(password)) + "@")
                    + jdbcUrl.substring("jdbc:postgresql://".length());
            case REST -> httpUri;
        };
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URI with any password masked, for logs and messages. */
    public String display() {
        return switch (kind) {
            case SQLITE -> "sqlite:///" + sqliteFile;
            case POSTGRESQL -> jdbcUrl.replace("jdbc:", "") + (user != null ? " (user " + user + ")" : "");
            case REST -> httpUri;
        };
    }
}
