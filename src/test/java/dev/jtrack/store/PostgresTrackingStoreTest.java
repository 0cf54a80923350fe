package dev.jtrack.store;

import dev.jtrack.store.contract.TrackingStoreContract;
import dev.jtrack.store.sql.SqlTrackingStore;
import dev.jtrack.tracking.TrackingStore;

/** The tracking contract on PostgreSQL ({@code JTRACK_TEST_POSTGRES_URL}), one fresh schema per test. */
class PostgresTrackingStoreTest extends TrackingStoreContract {

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
