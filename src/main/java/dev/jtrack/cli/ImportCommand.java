package dev.jtrack.cli;

import dev.jtrack.store.StoreUri;
import dev.jtrack.store.importer.ImportSourceException;
import dev.jtrack.store.importer.ImportSummary;
import dev.jtrack.store.importer.MlflowImporter;
import dev.jtrack.tracking.MlflowException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jtrack import}: copies an MLflow store into a jtrack database, keeping ids. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Copies an MLflow store (experiments, runs with params, tags, metric histories, datasets and"
                + " artifacts, registered models, versions, aliases, logged models, traces) into a jtrack database,"
                + " keeping ids so runs:/ and models:/ URIs keep working.",
                "Resumable after an interruption and idempotent: run it again to finish or to check.",
                "Exit status: 0 all copied, 1 collisions or unreadable artifacts (see the summary), 2 bad source."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "URI",
            description = "The MLflow store: sqlite:///path/mlflow.db, postgresql://user:pass@host:port/db, or a running"
                    + " MLflow server http(s)://host:port (artifacts through its artifact proxy).")
    String from;

    @Option(names = "--to", paramLabel = "URI",
            description = "The jtrack database (sqlite:///... or postgresql://...). Default: MLFLOW_TRACKING_URI, else"
                    + " jtrack.db in the working directory.")
    String to;

    @Override
    public Integer call() {
        String target = to != null ? to : System.getenv(TrackingUriOption.ENV);
        StoreUri destination;
        try {
            destination = StoreUri.resolve(target);
        } catch (MlflowException e) {
            throw new UserError(e.getMessage(), 2);
        }
        ImportSummary summary;
        try {
            summary = MlflowImporter.importStore(from, destination, System.getenv(), System.out);
        } catch (ImportSourceException e) {
            throw new UserError(e.getMessage(), 2);
        }
        System.out.print(summary.render());
        System.out.flush();
        return summary.complete() ? 0 : 1;
    }
}
