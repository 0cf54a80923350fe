package dev.jtrack.store;

import dev.jtrack.store.contract.EvaluationStoreContract;
import dev.jtrack.store.sql.SqlStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation store contract on a SQLite file. */
class SqliteEvaluationStoreTest extends EvaluationStoreContract {

    @TempDir
    Path dir;

    @Override
    protected Stores openStore() {
        SqlStores s = SqlStores.open(StoreUri.resolve("sqlite:///" + dir.resolve("e.db")), dir.resolve("artifacts").toUri().toString());
        return new Stores(s.tracking(), s.tracking().evaluation(), s);
    }
}
