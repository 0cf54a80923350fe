package dev.jtrack.kernel.comm;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Comms without a front end: opening works, messages go nowhere, nothing ever arrives. */
public final class DetachedComms implements Comms {
    private final Map<String, CommTarget> targets = new ConcurrentHashMap<>();

    @Override
    public void registerTarget(String name, CommTarget target) {
        targets.put(name, target);
    }

    @Override
    public void unregisterTarget(String name) {
        targets.remove(name);
    }

    @Override
    public Comm open(String id, String targetName, CommMessage open) {
        String commId = id == null ? UUID.randomUUID().toString().replace("-", "") : id;
        return new Comm() {
            private volatile boolean open = true;

            @Override
            public String id() {
                return commId;
            }

            @Override
            public String targetName() {
                return targetName;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void send(CommMessage message) {}

            @Override
            public void close(Map<String, Object> data) {
                open = false;
            }

            @Override
            public void onMessage(Consumer<CommMessage> handler) {}

            @Override
            public void onClose(Consumer<CommMessage> handler) {}
        };
    }

    @Override
    public Map<String, String> openComms(String targetName) {
        return Map.of();
    }

    @Override
    public boolean connected() {
        return false;
    }

    @Override
    public void onReset(Runnable listener) {}

    @Override
    public void submit(Runnable task) {
        task.run();
    }
}
