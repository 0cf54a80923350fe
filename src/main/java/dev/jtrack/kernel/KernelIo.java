package dev.jtrack.kernel;

import dev.jtrack.kernel.protocol.Channel;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageFactory;
import dev.jtrack.kernel.protocol.Outbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Sends replies, IOPub broadcasts and status changes; thread-safe. */
public final class KernelIo {
    private final Outbox outbox;
    private final MessageFactory factory;

    /** Messages built by {@code factory}, sent through {@code outbox}. */
    public KernelIo(Outbox outbox, MessageFactory factory) {
        this.outbox = outbox;
        this.factory = factory;
    }

    /** Answers {@code request} on {@code channel}. */
    public void reply(Channel channel, Message request, String type, Map<String, Object> content) {
        outbox.send(channel, factory.reply(request, type, content));
    }

    /** Broadcasts on IOPub with {@code parent} as parent header (empty map for none). */
    public void publish(Map<String, Object> parent, String type, Map<String, Object> content) {
        byte[] topic = ("kernel." + factory.session() + "." + type).getBytes(StandardCharsets.UTF_8);
        outbox.send(Channel.IOPUB, factory.message(List.of(topic), parent, type, content));
    }

    /** Broadcasts on IOPub with metadata and binary buffers (comm messages). */
    public void publish(Map<String, Object> parent, String type, Map<String, Object> content,
                        Map<String, Object> metadata, List<byte[]> buffers) {
        byte[] topic = ("kernel." + factory.session() + "." + type).getBytes(StandardCharsets.UTF_8);
        Message plain = factory.message(List.of(topic), parent, type, content);
        Map<String, Object> meta = new java.util.LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        outbox.send(Channel.IOPUB, new Message(plain.identities(), plain.header(), plain.parentHeader(), meta,
                plain.content(), buffers == null ? List.of() : List.copyOf(buffers)));
    }

    /** Broadcasts {@code status} with {@code execution_state} {@code state}. */
    public void status(Message request, String state) {
        publish(request.header(), "status", Map.of("execution_state", state));
    }

    /** Sends on the stdin channel to the client that sent {@code request}. */
    public void toStdin(Message request, String type, Map<String, Object> content) {
        outbox.send(Channel.STDIN, factory.message(request.identities(), request.header(), type, content));
    }
}
