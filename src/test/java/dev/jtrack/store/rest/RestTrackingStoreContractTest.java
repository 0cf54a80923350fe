package dev.jtrack.store.rest;

import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.store.contract.TrackingStoreContract;

/**
 * The shared tracking-store contract over REST: each test gets a real jtrack server (in-process,
 * fresh SQLite store) and talks to it only through {@link RestTrackingStore}.
 */
class RestTrackingStoreContractTest extends TrackingStoreContract {
    private ServerFixture server;

    @Override
    protected TrackingStore openStore() throws Exception {
        server = ServerFixture.startInTempDir();
        return new RestTrackingStore(server.clientConfig());
    }

    @Override
    protected void closeStore(TrackingStore s) throws Exception {
        s.close();
        server.close();
    }
}
