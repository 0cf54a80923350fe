package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.comm.Comm;
import dev.jtrack.kernel.comm.CommMessage;
import dev.jtrack.kernel.protocol.Channel;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Comm targets, routing, kernel-opened comms with buffers, closing on reset. */
class CommRegistryTest {
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final MessageFactory front = new MessageFactory("front");
    private final CommRegistry comms = new CommRegistry(new KernelIo((channel, m) -> {
        assertEquals(Channel.IOPUB, channel);
        sent.add(m);
    }, new MessageFactory("kernel")));

    private Message fromFrontEnd(String type, Map<String, Object> content, List<byte[]> buffers) {
        Message m = front.message(List.of(), Map.of(), type, content);
        return new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), buffers);
    }

    @Test
    void routesOpenMessagesAndCloseToTheTargetsHandlers() {
        List<Object> seen = new ArrayList<>();
        comms.registerTarget("t", (comm, open) -> {
            seen.add("open " + open.data());
            comm.onMessage(m -> seen.add("msg " + m.data() + " " + m.buffers().size()));
            comm.onClose(m -> seen.add("close"));
        });
        comms.dispatch(fromFrontEnd("comm_open", Map.of("comm_id", "c1", "target_name", "t", "data", Map.of("a", 1)), List.of()));
        comms.dispatch(fromFrontEnd("comm_msg", Map.of("comm_id", "c1", "data", Map.of("b", 2)), List.of(new byte[] {1})));
        assertEquals(Map.of("c1", Map.of("target_name", "t")), comms.info("t"));
        assertEquals(Map.of(), comms.info("other"));
        comms.dispatch(fromFrontEnd("comm_close", Map.of("comm_id", "c1", "data", Map.of()), List.of()));
        assertEquals(List.of("open {a=1}", "msg {b=2} 1", "close"), seen);
        assertEquals(Map.of(), comms.info(null));
    }

    @Test
    void unknownTargetIsClosedAndFailingHandlersPropagate() {
        comms.dispatch(fromFrontEnd("comm_open", Map.of("comm_id", "c2", "target_name", "nope", "data", Map.of()), List.of()));
        assertEquals("comm_close", sent.get(0).type());
        comms.registerTarget("bad", (comm, open) -> {
            throw new IllegalStateException("boom");
        });
        assertThrows(IllegalStateException.class, () -> comms.dispatch(
                fromFrontEnd("comm_open", Map.of("comm_id", "c3", "target_name", "bad", "data", Map.of()), List.of())));
        assertEquals(Map.of(), comms.info(null), "a failed open leaves no comm behind");
        comms.registerTarget("t", (comm, open) -> comm.onMessage(m -> {
            throw new IllegalArgumentException("in handler");
        }));
        comms.dispatch(fromFrontEnd("comm_open", Map.of("comm_id", "c4", "target_name", "t", "data", Map.of()), List.of()));
        assertThrows(IllegalArgumentException.class, () -> comms.dispatch(
                fromFrontEnd("comm_msg", Map.of("comm_id", "c4", "data", Map.of()), List.of())));
    }

    @Test
    void kernelOpenedCommsCarryBuffersAndTheCurrentParentAndCloseOnReset() {
        comms.setParent(Map.of("msg_id", "cell-1"));
        boolean[] reset = {false};
        comms.onReset(() -> reset[0] = true);
        Comm comm = comms.open("k1", "jupyter.widget",
                new CommMessage(Map.of("state", Map.of()), Map.of("version", "2.1.0"), List.of(new byte[] {7, 8})));
        Message open = sent.get(0);
        assertEquals("comm_open", open.type());
        assertEquals("cell-1", open.parentHeader().get("msg_id"));
        assertEquals("2.1.0", open.metadata().get("version"));
        assertEquals(1, open.buffers().size());
        comm.send(Map.of("method", "update"));
        assertEquals("comm_msg", sent.get(1).type());
        assertEquals(Map.of("k1", "jupyter.widget"), comms.openComms("jupyter.widget"));
        comms.closeAll();
        assertEquals(2, sent.size(), "front ends end a restarting kernel's comms themselves");
        assertFalse(comm.isOpen());
        assertTrue(reset[0]);
        assertEquals(Map.of(), comms.info(null));
        comm.send(Map.of("late", true));
        assertEquals(2, sent.size(), "a closed comm sends nothing");
    }
}
