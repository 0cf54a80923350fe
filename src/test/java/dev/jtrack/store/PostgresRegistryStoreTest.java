package dev.jtrack.store;

import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.contract.RegistryStoreContract;
import dev.jtrack.store.sql.SqlRegistryStore;

/** The registry contract on PostgreSQL ({@code JTRACK_TEST_POSTGRES_URL}), one fresh schema per test. */
class PostgresRegistryStoreTest extends RegistryStoreContract {

    private PostgresTestDatabase pg;

    @Override
    protected RegistryStore openStore() {
        pg = PostgresTestDatabase.create();
        return new SqlRegistryStore(pg.database(), false);
    }

    @Override
    protected void closeStore(RegistryStore s) {
        s.close();
        pg.close();
    }
}
