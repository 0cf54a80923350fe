package dev.jtrack.store.rest;

import dev.jtrack.registry.RegistryStore;
import dev.jtrack.store.contract.RegistryStoreContract;

/**
 * The shared registry contract over REST: each test gets a real jtrack server (in-process, fresh
 * SQLite store) and talks to it only through {@link RestRegistryStore} — this covers the registry
 * writes, aliases and DELETE endpoints the MLflow Java client lacks.
 */
class RestRegistryStoreContractTest extends RegistryStoreContract {
    private ServerFixture server;

    @Override
    protected RegistryStore openStore() throws Exception {
        server = ServerFixture.startInTempDir();
        return new RestRegistryStore(server.clientConfig());
    }

    @Override
    protected void closeStore(RegistryStore s) throws Exception {
        s.close();
        server.close();
    }
}
