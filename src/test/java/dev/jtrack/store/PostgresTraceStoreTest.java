package dev.jtrack.store;

import dev.jtrack.store.contract.TraceStoreContract;
import dev.jtrack.store.sql.SqlTraceStore;
import dev.jtrack.store.sql.SqlTrackingStore;

/** The trace store contract on PostgreSQL ({@code JTRACK_TEST_POSTGRES_URL}), one fresh schema per test. */
class PostgresTraceStoreTest extends TraceStoreContract {

    @Override
    protected Stores openStore() {
        PostgresTestDatabase pg = PostgresTestDatabase.create();
        SqlTrackingStore tracking = new SqlTrackingStore(pg.database(), "file:///tmp/jtrack-pg-artifacts", false);
        return new Stores(tracking, new SqlTraceStore(pg.database()), () -> {
            tracking.close();
            pg.close();
        });
    }
}
