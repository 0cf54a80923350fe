package dev.jtrack.store.importer;

import dev.jtrack.store.StoreUri;
import dev.jtrack.tracking.MlflowException;
import java.util.Locale;
import java.util.Map;

/** Opens the import source a URI names: an MLflow database or an MLflow server. */
final class ImportSources {
    private ImportSources() {}

    static ImportSource open(String uri, Map<String, String> env) {
        if (uri == null || uri.isBlank()) {
            throw new ImportSourceException("--from is required: sqlite:///path/mlflow.db, postgresql://... or http://host:port");
        }
        String lower = uri.strip().toLowerCase(Locale.ROOT);
        boolean known = lower.startsWith("sqlite:") || lower.startsWith("postgresql:") || lower.startsWith("postgres:")
                || lower.startsWith("postgresql+") || lower.startsWith("http://") || lower.startsWith("https://");
        if (!known) {
            throw new ImportSourceException("Unknown import source '" + uri + "': expected sqlite:///path/mlflow.db,"
                    + " postgresql://user:password@host:port/database or http(s)://host:port (an MLflow server)");
        }
        StoreUri store;
        try {
            store = StoreUri.resolve(uri);
        } catch (MlflowException e) {
            throw new ImportSourceException(e.getMessage());
        }
        if (store.isServer()) {
            return MlflowRestSource.open(store.httpUri(), env);
        }
        return MlflowDatabaseSource.open(store);
    }
}
