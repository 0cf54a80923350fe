package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.kernel.protocol.ConnectionInfo;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageCodec;
import dev.jtrack.kernel.protocol.MessageFactory;
import dev.jtrack.kernel.protocol.Signer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The kernel glue over real sockets, with a scripted engine: ordering, flags, signatures, control. */
class JtrackKernelTest {
    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    Path tmp;

    private final ScriptedEngine engine = new ScriptedEngine();
    private final CountDownLatch engineMayStart = new CountDownLatch(1);
    private final MessageFactory client = new MessageFactory("test");
    private ZContext context;
    private MessageCodec codec;
    private ZMQ.Socket shell;
    private ZMQ.Socket control;
    private ZMQ.Socket stdin;
    private ZMQ.Socket iopub;
    private ZMQ.Socket stdinMonitor;
    private Thread kernel;

    @BeforeEach
    void start() throws Exception {
        ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", port(), port(), port(), port(), port(),
                "secret", "hmac-sha256", "test");
        codec = new MessageCodec(new ObjectMapper(), new Signer("secret"));
        kernel = new Thread(() -> {
            try {
                JtrackKernel.run(info, () -> {
                    try {
                        engineMayStart.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return engine;
                }, tmp.resolve("history.jsonl"), "test");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        kernel.setDaemon(true);
        kernel.start();
        context = new ZContext(1);
        byte[] identity = "client-1".getBytes();
        shell = socket(SocketType.DEALER, info.endpoint(info.shellPort()), identity);
        control = socket(SocketType.DEALER, info.endpoint(info.controlPort()), null);
        stdin = context.createSocket(SocketType.DEALER);
        stdin.setIdentity(identity);
        stdin.setReceiveTimeOut(TIMEOUT_MS);
        stdin.setLinger(0);
        // a ROUTER drops messages to peers it hasn't met yet, so the stdin test waits for the handshake
        stdin.monitor("inproc://stdin-monitor", ZMQ.EVENT_HANDSHAKE_PROTOCOL);
        stdinMonitor = context.createSocket(SocketType.PAIR);
        stdinMonitor.setReceiveTimeOut(TIMEOUT_MS);
        stdinMonitor.connect("inproc://stdin-monitor");
        stdin.connect(info.endpoint(info.stdinPort()));
        iopub = socket(SocketType.SUB, info.endpoint(info.iopubPort()), null);
        iopub.subscribe(new byte[0]);
    }

    @AfterEach
    void stop() throws Exception {
        engineMayStart.countDown();
        send(control, request("shutdown_request", Map.of("restart", false)));
        kernel.join(TIMEOUT_MS);
        context.close();
    }

    private ZMQ.Socket socket(SocketType type, String endpoint, byte[] identity) {
        ZMQ.Socket socket = context.createSocket(type);
        if (identity != null) {
            socket.setIdentity(identity);
        }
        socket.setReceiveTimeOut(TIMEOUT_MS);
        socket.setLinger(0);
        socket.connect(endpoint);
        return socket;
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Message request(String type, Map<String, Object> content) {
        return client.message(List.of(), Map.of(), type, content);
    }

    private Message execute(String code, Map<String, Object> extra) {
        Map<String, Object> content = new LinkedHashMap<>(Map.of("code", code));
        content.putAll(extra);
        return new Message(List.of(), client.header("execute_request"), Map.of(), Map.of("cellId", "cell-7"),
                content, List.of());
    }

    private void send(ZMQ.Socket socket, Message message) {
        sendFrames(socket, codec.encode(message));
    }

    private static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
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

    /** The reply on {@code socket} to {@code request}. */
    private Message replyTo(ZMQ.Socket socket, Message request) throws Exception {
        while (true) {
            Message m = receive(socket);
            if (request.id().equals(m.parentHeader().get("msg_id"))) {
                return m;
            }
        }
    }

    /** IOPub messages for {@code request} up to its idle status. */
    private List<Message> iopubFor(Message request) throws Exception {
        List<Message> out = new ArrayList<>();
        while (true) {
            Message m = receive(iopub);
            if (!request.id().equals(m.parentHeader().get("msg_id"))) {
                continue;
            }
            out.add(m);
            if ("status".equals(m.type()) && "idle".equals(m.content().get("execution_state"))) {
                return out;
            }
        }
    }

    private static List<String> types(List<Message> messages) {
        return messages.stream().map(m -> m.type().equals("status")
                ? "status:" + m.content().get("execution_state") : m.type()).toList();
    }

    private void awaitSubscription() throws Exception {
        // PUB drops messages until the subscription arrived: ask kernel_info until IOPub delivers
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        iopub.setReceiveTimeOut(100);
        try {
            while (System.currentTimeMillis() < deadline) {
                Message info = request("kernel_info_request", Map.of());
                send(shell, info);
                replyTo(shell, info);
                if (iopub.recv(0) != null) {
                    while (iopub.recv(ZMQ.DONTWAIT) != null) {
                        // drain
                    }
                    return;
                }
            }
        } finally {
            iopub.setReceiveTimeOut(TIMEOUT_MS);
        }
        throw new AssertionError("IOPub never delivered");
    }

    @Test
    void kernelInfoIsAnsweredWhileTheEngineStarts() throws Exception {
        Message info = request("kernel_info_request", Map.of());
        send(shell, info);
        Message reply = replyTo(shell, info);
        assertEquals("kernel_info_reply", reply.type());
        assertEquals("ok", reply.content().get("status"));
        assertEquals("5.3", reply.content().get("protocol_version"));
        assertEquals("5.3", reply.header().get("version"));
        assertEquals(info.header(), reply.parentHeader());
    }

    @Test
    void executeSendsInputOutputResultAndReplyInOrder() throws Exception {
        engineMayStart.countDown();
        awaitSubscription();
        Message first = execute("print:hello\n", Map.of());
        send(shell, first);
        Message reply = replyTo(shell, first);
        assertEquals("ok", reply.content().get("status"));
        assertEquals(1, reply.content().get("execution_count"));
        assertEquals(List.of("status:busy", "execute_input", "stream", "status:idle"), types(iopubFor(first)));

        Message second = execute("42", Map.of());
        send(shell, second);
        assertEquals(2, replyTo(shell, second).content().get("execution_count"));
        List<Message> messages = iopubFor(second);
        assertEquals(List.of("status:busy", "execute_input", "execute_result", "status:idle"), types(messages));
        assertEquals(Map.of("text/plain", "42"), messages.get(2).content().get("data"));
        assertEquals("cell-7", engine.executed.get(1).cellId());
        assertEquals(2, engine.executed.get(1).executionCount());
    }

    @Test
    void silentBroadcastsNothingAndKeepsTheCount() throws Exception {
        engineMayStart.countDown();
        awaitSubscription();
        Message silent = execute("print:secret", Map.of("silent", true));
        send(shell, silent);
        assertEquals(0, replyTo(shell, silent).content().get("execution_count"));
        assertEquals(List.of("status:busy", "status:idle"), types(iopubFor(silent)));
        Message unstored = execute("1", Map.of("store_history", false));
        send(shell, unstored);
        assertEquals(0, replyTo(shell, unstored).content().get("execution_count"));
        Message next = execute("2", Map.of());
        send(shell, next);
        assertEquals(1, replyTo(shell, next).content().get("execution_count"));
    }

    @Test
    void afterAnErrorQueuedRequestsAreAbortedUntilTheQueueDrains() throws Exception {
        Message failing = execute("fail:boom", Map.of());
        Message queued = execute("never", Map.of());
        Message keepGoing = execute("runs anyway", Map.of("stop_on_error", false));
        send(shell, failing);
        send(shell, queued);
        send(shell, keepGoing);
        Thread.sleep(200); // all three are queued before the engine becomes ready
        engineMayStart.countDown();
        Message error = replyTo(shell, failing);
        assertEquals("error", error.content().get("status"));
        assertEquals("java.lang.RuntimeException", error.content().get("ename"));
        assertEquals("boom", error.content().get("evalue"));
        Message aborted = replyTo(shell, queued);
        assertEquals("aborted", aborted.content().get("status"));
        // JupyterLab shows a reply's execution_count as the cell's prompt: a skipped cell must not look run
        assertFalse(aborted.content().containsKey("execution_count"), aborted.content().toString());
        assertEquals("aborted", replyTo(shell, keepGoing).content().get("status"));
        Message later = execute("later", Map.of());
        send(shell, later);
        assertEquals("ok", replyTo(shell, later).content().get("status"));
        assertEquals(List.of("fail:boom", "later"), engine.executed.stream().map(r -> r.code()).toList());
    }

    @Test
    void wronglySignedMessagesAreDroppedAndTheKernelKeepsAnswering() throws Exception {
        engineMayStart.countDown();
        MessageCodec forger = new MessageCodec(new ObjectMapper(), new Signer("wrong"));
        sendFrames(shell, forger.encode(execute("forged", Map.of())));
        sendFrames(shell, List.of(MessageCodec.DELIMITER, "x".getBytes()));
        List<byte[]> tampered = new ArrayList<>(codec.encode(execute("original", Map.of())));
        tampered.set(tampered.size() - 1, "{\"code\": \"tampered\"}".getBytes());
        sendFrames(shell, tampered);
        Message honest = execute("honest", Map.of());
        send(shell, honest);
        assertEquals("ok", replyTo(shell, honest).content().get("status"));
        assertEquals(List.of("honest"), engine.executed.stream().map(r -> r.code()).toList());
    }

    @Test
    void interruptOnControlStopsARunningCellAndOtherRequestsAreAnswered() throws Exception {
        engineMayStart.countDown();
        Message spin = execute("spin", Map.of());
        send(shell, spin);
        Thread.sleep(200);
        Message complete = request("complete_request", Map.of("code", "ab", "cursor_pos", 2));
        send(shell, complete);
        assertEquals(List.of("completion"), replyTo(shell, complete).content().get("matches"));
        Message interrupt = request("interrupt_request", Map.of());
        send(control, interrupt);
        assertEquals("ok", replyTo(control, interrupt).content().get("status"));
        Message reply = replyTo(shell, spin);
        assertEquals("error", reply.content().get("status"));
        assertEquals("InterruptedException", reply.content().get("ename"));
    }

    @Test
    void stdinRoundTripAndRefusalWithoutAllowStdin() throws Exception {
        engineMayStart.countDown();
        assertNotNull(ZMQ.Event.recv(stdinMonitor), "the stdin socket never connected");
        Message info = request("kernel_info_request", Map.of());
        send(shell, info);
        replyTo(shell, info);
        Message ask = execute("input", Map.of("allow_stdin", true));
        send(shell, ask);
        Message inputRequest = receive(stdin);
        assertEquals("input_request", inputRequest.type());
        assertEquals("name? ", inputRequest.content().get("prompt"));
        assertEquals(ask.id(), inputRequest.parentHeader().get("msg_id"));
        send(stdin, new Message(List.of(), client.header("input_reply"), inputRequest.header(), Map.of(),
                Map.of("value", "Ada"), List.of()));
        awaitResult(ask, "ok");
        Message refused = execute("input", Map.of("allow_stdin", false));
        send(shell, refused);
        Message reply = replyTo(shell, refused);
        assertEquals("error", reply.content().get("status"));
        assertTrue(reply.content().get("evalue").toString().contains("allow_stdin"));
    }

    private void awaitResult(Message request, String status) throws Exception {
        assertEquals(status, replyTo(shell, request).content().get("status"));
    }

    @Test
    void isCompleteInspectHistoryAndComms() throws Exception {
        engineMayStart.countDown();
        Message incomplete = request("is_complete_request", Map.of("code", "for (;;) {"));
        send(shell, incomplete);
        Map<String, Object> content = replyTo(shell, incomplete).content();
        assertEquals("incomplete", content.get("status"));
        assertEquals("    ", content.get("indent"));
        Message inspect = request("inspect_request", Map.of("code", "\uD83D\uDE00ab", "cursor_pos", 2));
        send(shell, inspect);
        assertEquals(Map.of("text/plain", "doc 3"), replyTo(shell, inspect).content().get("data"));

        Message cell = execute("print:x", Map.of());
        send(shell, cell);
        replyTo(shell, cell);
        Message history = request("history_request", Map.of("hist_access_type", "tail", "n", 5, "output", false));
        send(shell, history);
        Object rows = replyTo(shell, history).content().get("history");
        assertEquals(List.of(List.of(1, 1, "print:x")), rows);

        Message info = request("comm_info_request", Map.of());
        send(shell, info);
        assertEquals(Map.of(), replyTo(shell, info).content().get("comms"));
        awaitSubscription();
        Message open = request("comm_open", Map.of("comm_id", "c1", "target_name", "unknown", "data", Map.of()));
        send(shell, open);
        List<Message> messages = iopubFor(open);
        assertTrue(messages.stream().anyMatch(m -> m.type().equals("comm_close")
                && "c1".equals(m.content().get("comm_id"))), types(messages).toString());
        assertFalse(types(messages).contains("error"));
    }

    @Test
    void shutdownRepliesAndEndsTheKernel() throws Exception {
        Message shutdown = request("shutdown_request", Map.of("restart", true));
        send(control, shutdown);
        Message reply = replyTo(control, shutdown);
        assertEquals(Map.of("status", "ok", "restart", true), reply.content());
        kernel.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(kernel.isAlive(), "the kernel did not end after shutdown_request");
    }
}
