package dev.jtrack.kernel.comm;

import java.util.Map;
import java.util.function.Consumer;

/** One open comm between the kernel and the front ends. Thread-safe. */
public interface Comm {
    /** The comm id. */
    String id();

    /** The target the comm was opened to. */
    String targetName();

    /** Whether the comm is still open (not closed by either side, not ended by a restart). */
    boolean isOpen();

    /** Sends comm_msg with {@code data}; does nothing once the comm is closed. */
    default void send(Map<String, Object> data) {
        send(CommMessage.of(data));
    }

    /** Sends comm_msg with data, metadata and binary buffers; does nothing once the comm is closed. */
    void send(CommMessage message);

    /** Sends comm_close and forgets the comm; later calls do nothing. */
    void close(Map<String, Object> data);

    /**
     * Where the front end's messages to this comm go. Called on the execution thread, like cell
     * code: what it prints goes to the message that caused it, an exception is shown as an error.
     */
    void onMessage(Consumer<CommMessage> handler);

    /** Called when the front end closes the comm (on the execution thread). */
    void onClose(Consumer<CommMessage> handler);
}
