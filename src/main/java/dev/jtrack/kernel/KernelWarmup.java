package dev.jtrack.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.protocol.ConnectionInfo;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageCodec;
import dev.jtrack.kernel.protocol.MessageFactory;
import dev.jtrack.kernel.protocol.Signer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Runs a real kernel on loopback ports and drives it through a few requests (kernel_info, execute,
 * complete, shutdown) from an in-process client. {@code jtrack install} runs this under
 * {@code -XX:ArchiveClassesAtExit} so the class-data-sharing archive holds every class a kernel's
 * start and first cell need.
 */
public final class KernelWarmup {
    private static final int TIMEOUT_MS = 120_000;

    private KernelWarmup() {}

    /** Runs the warm-up; throws when the kernel does not answer as expected. */
    public static void run(Supplier<ExecutionEngine> engineFactory, String version) throws Exception {
        String key = UUID.randomUUID().toString();
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(),
                freePort(), freePort(), key, "hmac-sha256", "warmup");
        Throwable[] failure = new Throwable[1];
        Thread kernel = new Thread(() -> {
            try {
                JtrackKernel.run(info, engineFactory, null, version);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "jtrack-warmup-kernel");
        kernel.start();
        MessageCodec codec = new MessageCodec(new ObjectMapper(), new Signer(key));
        MessageFactory client = new MessageFactory("warmup");
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket shell = context.createSocket(SocketType.DEALER);
            shell.setReceiveTimeOut(TIMEOUT_MS);
            shell.connect(info.endpoint(info.shellPort()));
            ZMQ.Socket control = context.createSocket(SocketType.DEALER);
            control.setReceiveTimeOut(TIMEOUT_MS);
            control.connect(info.endpoint(info.controlPort()));
            roundTrip(shell, codec, client, "kernel_info_request", Map.of());
            roundTrip(shell, codec, client, "execute_request", Map.of("code", "1 + 1", "silent", false));
            roundTrip(shell, codec, client, "execute_request", Map.of("code", "String s = \"x\"; s.length()"));
            roundTrip(shell, codec, client, "complete_request", Map.of("code", "s.len", "cursor_pos", 5));
            roundTrip(shell, codec, client, "is_complete_request", Map.of("code", "int x = 1;"));
            roundTrip(control, codec, client, "shutdown_request", Map.of("restart", false));
        }
        kernel.join(TIMEOUT_MS);
        if (failure[0] != null) {
            throw new IllegalStateException("warm-up kernel failed: " + failure[0], failure[0]);
        }
    }

    private static Message roundTrip(ZMQ.Socket socket, MessageCodec codec, MessageFactory client, String type,
                                     Map<String, Object> content) throws Exception {
        Message request = client.message(List.of(), Map.of(), type, content);
        List<byte[]> frames = codec.encode(request);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        List<byte[]> reply = new ArrayList<>();
        byte[] frame = socket.recv(0);
        if (frame == null) {
            throw new IllegalStateException("no reply to " + type + " within " + TIMEOUT_MS + " ms");
        }
        reply.add(frame);
        while (socket.hasReceiveMore()) {
            reply.add(socket.recv(0));
        }
        return codec.decode(reply);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
