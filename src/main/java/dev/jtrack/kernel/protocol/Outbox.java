package dev.jtrack.kernel.protocol;

/** Where the kernel's outgoing messages go; implementations are thread-safe. */
@FunctionalInterface
public interface Outbox {
    /** Sends {@code message} on {@code channel}. */
    void send(Channel channel, Message message);
}
