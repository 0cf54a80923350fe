package dev.jtrack.kernel;

import dev.jtrack.kernel.comm.Comms;
import dev.jtrack.kernel.comm.DetachedComms;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kernel's real {@link CommRegistry}, installed as {@link Comms#current()}, recording what it
 * publishes; for tests of code built on comms (widgets) without sockets.
 */
public final class TestComms implements AutoCloseable {
    /** Every IOPub message published, in order. */
    public final List<Message> published = new CopyOnWriteArrayList<>();
    private final CommRegistry registry;
    private final MessageFactory front = new MessageFactory("front");

    public TestComms() {
        registry = new CommRegistry(new KernelIo((channel, m) -> published.add(m), new MessageFactory("kernel")));
        Comms.install(registry);
    }

    /** Hands the registry a message from a front end, as the execution thread does. */
    public void fromFrontEnd(String type, Map<String, Object> content, List<byte[]> buffers) {
        Message m = front.message(List.of(), Map.of(), type, content);
        registry.dispatch(new Message(m.identities(), m.header(), m.parentHeader(), Map.of("version", "1.0.0"),
                m.content(), buffers));
    }

    /** The comm_info_reply's comms for {@code target}. */
    public Map<String, Object> info(String target) {
        return registry.info(target);
    }

    /** What a kernel restart does. */
    public void restart() {
        registry.closeAll();
    }

    /** The published messages of {@code type}. */
    public List<Message> ofType(String type) {
        return published.stream().filter(m -> m.type().equals(type)).toList();
    }

    @Override
    public void close() {
        Comms.install(new DetachedComms());
    }
}
