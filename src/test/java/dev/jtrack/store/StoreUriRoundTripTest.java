package dev.jtrack.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link StoreUri#uri()} reads back as the same store, credentials included. */
class StoreUriRoundTripTest {
    @Test
    void everyKindResolvesBackToTheSameStore() {
        Path dir = Path.of("/tmp/somewhere");
        for (String uri : new String[] {"sqlite:///relative.db", "sqlite:////abs/dir/x.db", "postgresql://u%40me:p%3Aw+d%20x@db.example:5433/runs",
                "postgresql://host/db", "http://127.0.0.1:5000", "runs-dir"}) {
            StoreUri first = StoreUri.resolve(uri, dir);
            StoreUri again = StoreUri.resolve(first.uri(), Path.of("/elsewhere"));
            assertEquals(first.kind(), again.kind(), uri);
            assertEquals(first.sqliteFile(), again.sqliteFile(), uri);
            assertEquals(first.jdbcUrl(), again.jdbcUrl(), uri);
            assertEquals(first.user(), again.user(), uri);
            assertEquals(first.password(), again.password(), uri);
            assertEquals(first.httpUri(), again.httpUri(), uri);
        }
    }
}
