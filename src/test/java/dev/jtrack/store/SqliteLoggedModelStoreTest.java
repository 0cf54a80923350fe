package dev.jtrack.store;

import dev.jtrack.store.contract.LoggedModelStoreContract;
import dev.jtrack.store.sql.Database;
import dev.jtrack.store.sql.SqlTrackingStore;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The logged-model contract on a SQLite file. */
class SqliteLoggedModelStoreTest extends LoggedModelStoreContract {

    @TempDir
    Path dir;

    @Override
    protected TrackingStore openStore() {
        return new SqlTrackingStore(Database.sqlite(dir.resolve("t.db")), dir.resolve("artifacts").toUri().toString(), true);
    }
}
