package dev.jtrack.store.rest;

import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.contract.RegistryStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The shared registry contract over REST: each test gets a real jtrack server (in-process, fresh
 * SQLite store) and talks to it only through {@link RestRegistryStore} — this covers the registry
 * writes, aliases and DELETE endpoints the MLflow Java client lacks.
 */
class RestRegistryStoreContractTest extends RegistryStoreContract {

    private final Map<RegistryStore, Resources> open = new IdentityHashMap<>();

    private record Resources(ServerFixture server, Path dir) {}

    @Override
    protected RegistryStore openStore() throws Exception {
        Path dir = Files.createTempDirectory("jtrack-rest-registry-");
        ServerFixture server = ServerFixture.start(dir);
        RestRegistryStore rest = new RestRegistryStore(RestConfig.of(server.uri())
                .withRetry(RetryPolicy.none())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        open.put(rest, new Resources(server, dir));
        return rest;
    }

    @Override
    protected void closeStore(RegistryStore s) throws Exception {
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
