package dev.jtrack.store;

import dev.jtrack.store.contract.LoggedModelStoreContract;
import dev.jtrack.store.sql.SqlTrackingStore;
import dev.jtrack.tracking.TrackingStore;

/** The logged-model contract on PostgreSQL ({@code JTRACK_TEST_POSTGRES_URL}), one fresh schema per test. */
class PostgresLoggedModelStoreTest extends LoggedModelStoreContract {

    private PostgresTestDatabase pg;

    @Override
    protected TrackingStore openStore() {
        pg = PostgresTestDatabase.create();
        return new SqlTrackingStore(pg.database(), "file:///tmp/jtrack-pg-artifacts", false);
    }

    @Override
    protected void closeStore(TrackingStore s) {
        s.close();
        pg.close();
    }
}
