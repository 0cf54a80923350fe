package dev.jtrack.store;

import dev.jtrack.store.contract.EvaluationStoreContract;
import dev.jtrack.store.sql.SqlTrackingStore;

/** The evaluation store contract on PostgreSQL ({@code JTRACK_TEST_POSTGRES_URL}), one fresh schema per test. */
class PostgresEvaluationStoreTest extends EvaluationStoreContract {

    @Override
    protected Stores openStore() {
        PostgresTestDatabase pg = PostgresTestDatabase.create();
        SqlTrackingStore tracking = new SqlTrackingStore(pg.database(), "file:///tmp/jtrack-pg-artifacts", false);
        return new Stores(tracking, tracking.evaluation(), () -> {
            tracking.close();
            pg.close();
        });
    }
}
