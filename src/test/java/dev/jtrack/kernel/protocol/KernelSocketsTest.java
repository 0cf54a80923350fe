package dev.jtrack.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel's sockets over real ZeroMQ: sending is safe from threads that are being interrupted.
 * The cell's thread is interrupted by design (interrupt_request, shutdown) and user code interrupts
 * the threads it started; JeroMQ fails a send from an interrupted thread with EINTR and an interrupt
 * inside its signaler's pipe write closes the pipe for the whole context.
 */
class KernelSocketsTest {
    private static final int TIMEOUT_MS = 20_000;
    private static final int MESSAGES = 400;

    private final MessageFactory factory = new MessageFactory("test");
    private final BlockingQueue<Message> received = new ArrayBlockingQueue<>(16);
    private MessageCodec codec;
    private KernelSockets sockets;
    private ZContext client;
    private ZMQ.Socket shell;
    private ZMQ.Socket iopub;

    @BeforeEach
    void start() throws Exception {
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", port(), port(), port(), port(), port(),
                "secret", "hmac-sha256", "test");
        codec = new MessageCodec(new ObjectMapper(), new Signer("secret"));
        sockets = new KernelSockets(info, codec, (channel, message) -> received.add(message));
        sockets.start();
        client = new ZContext(1);
        shell = client.createSocket(SocketType.DEALER);
        shell.setIdentity("client".getBytes());
        shell.setReceiveTimeOut(TIMEOUT_MS);
        shell.setLinger(0);
        shell.connect(info.endpoint(info.shellPort()));
        iopub = client.createSocket(SocketType.SUB);
        iopub.setReceiveTimeOut(TIMEOUT_MS);
        iopub.setLinger(0);
        iopub.subscribe(new byte[0]);
        iopub.connect(info.endpoint(info.iopubPort()));
    }

    @AfterEach
    void stop() {
        sockets.close();
        client.close();
    }

    @Test
    void messagesSentFromAnInterruptedThreadAllArriveInOrder() throws Exception {
        Message request = request();
        awaitSubscription(request);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    sockets.send(Channel.IOPUB, factory.message(List.of(), request.header(), "stream",
                            Map.of("name", "stdout", "text", "line " + i)));
                    sockets.send(Channel.SHELL, factory.reply(request, "execute_reply", Map.of("n", i)));
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "interrupted-sender");
        sender.start();
        while (sender.isAlive()) {
            sender.interrupt();
        }
        assertNull(failure.get(), () -> "send failed on an interrupted thread: " + failure.get());
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals("line " + i, receive(iopub).content().get("text"));
            assertEquals(i, receive(shell).content().get("n"));
        }
        // the context still works for everyone afterwards
        sockets.send(Channel.SHELL, factory.reply(request, "kernel_info_reply", Map.of()));
        assertEquals("kernel_info_reply", receive(shell).type());
    }

    /** Sends a request so the ROUTER knows the client; returns it as the kernel received it. */
    private Message request() throws Exception {
        List<byte[]> frames = codec.encode(factory.message(List.of(), Map.of(), "execute_request", Map.of("code", "")));
        for (int i = 0; i < frames.size(); i++) {
            shell.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        Message request = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(request, "the kernel received no request");
        return request;
    }

    private void awaitSubscription(Message parent) throws Exception {
        // PUB drops messages until the subscription arrived
        iopub.setReceiveTimeOut(100);
        try {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline) {
                sockets.send(Channel.IOPUB, factory.message(List.of(), parent.header(), "status",
                        Map.of("execution_state", "idle")));
                if (iopub.recv(0) != null) {
                    byte[] rest;
                    do {
                        rest = iopub.recv(0); // the rest of the probes
                    } while (rest != null);
                    return;
                }
            }
        } finally {
            iopub.setReceiveTimeOut(TIMEOUT_MS);
        }
        throw new AssertionError("IOPub never delivered");
    }

    private Message receive(ZMQ.Socket socket) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        byte[] frame = socket.recv(0);
        assertNotNull(frame, "no message within " + TIMEOUT_MS + " ms");
        frames.add(frame);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return codec.decode(frames);
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
