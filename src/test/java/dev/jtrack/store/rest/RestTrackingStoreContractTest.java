package dev.jtrack.store.rest;

import dev.jtrack.store.contract.TrackingStoreContract;
import dev.jtrack.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The shared tracking-store contract over REST: each test gets a real jtrack server (in-process,
 * fresh SQLite store) and talks to it only through {@link RestTrackingStore}.
 */
class RestTrackingStoreContractTest extends TrackingStoreContract {

    private final Map<TrackingStore, Resources> open = new IdentityHashMap<>();

    private record Resources(ServerFixture server, Path dir) {}

    @Override
    protected TrackingStore openStore() throws Exception {
        Path dir = Files.createTempDirectory("jtrack-rest-contract-");
        ServerFixture server = ServerFixture.start(dir);
        RestTrackingStore rest = new RestTrackingStore(RestConfig.of(server.uri())
                .withRetry(RetryPolicy.none())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        open.put(rest, new Resources(server, dir));
        return rest;
    }

    @Override
    protected void closeStore(TrackingStore s) throws Exception {
        s.close();
        Resources r = open.remove(s);
        if (r != null) {
            r.server().close();
            try (var paths = Files.walk(r.dir())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
