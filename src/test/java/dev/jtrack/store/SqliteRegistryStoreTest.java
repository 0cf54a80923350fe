package dev.jtrack.store;

import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.contract.RegistryStoreContract;
import dev.jtrack.store.sql.Database;
import dev.jtrack.store.sql.SqlRegistryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on a SQLite file. */
class SqliteRegistryStoreTest extends RegistryStoreContract {

    @TempDir
    Path dir;

    @Override
    protected RegistryStore openStore() {
        return new SqlRegistryStore(Database.sqlite(dir.resolve("r.db")), true);
    }
}
