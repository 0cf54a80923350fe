package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP layer under malformed and abusive framing, over raw sockets: truncated, oversized and
 * contradictory framing answer 4xx with MLflow's error body (never 5xx), and slow or idle clients
 * do not keep the server from answering others.
 */
class HttpFramingTest {
    @TempDir static Path dir;
    static TestServer server;
    static Http http;

    private static final String CREATE = "POST /api/2.0/mlflow/experiments/create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\n";

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, null);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A response read off a raw socket. */
    record Raw(int status, String head, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + head + "\n" + body, e);
            }
        }

        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }

    /**
     * Sends {@code request} on a fresh connection, optionally half-closes it (no more bytes will
     * come), and reads one response (the connection is closed after it, or 10 s pass).
     */
    private static Raw send(byte[] request, boolean halfClose) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            return read(s.getInputStream());
        }
    }

    private static Raw send(String request, boolean halfClose) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1), halfClose);
    }

    private static Raw read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
                Raw r = parse(all.toString(StandardCharsets.ISO_8859_1));
                if (r != null) {
                    return r;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete response within 10 s; got: " + all.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException e) {
            // a reset after the response: keep what arrived
        }
        Raw r = parse(all.toString(StandardCharsets.ISO_8859_1));
        if (r == null) {
            throw new AssertionError("no complete response; got: '" + all.toString(StandardCharsets.ISO_8859_1) + "'");
        }
        return r;
    }

    /** The response if {@code text} holds a complete one (Content-Length framed), else null. */
    private static Raw parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String head = text.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        String body = text.substring(end + 4);
        if (length < 0 || body.length() < length) {
            return null;
        }
        return new Raw(status, head, body.substring(0, length));
    }

    private static void assertMlflowError(Raw r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.json().path("error_code").isTextual(), r.toString());
        assertTrue(r.json().path("message").isTextual(), r.toString());
        assertFalse(r.body().contains("at org.eclipse") || r.body().contains("at dev.jtrack"), "stack trace leaked: " + r);
    }

    @Test
    void contentLengthLargerThanTheBodyIs400() throws Exception {
        Raw r = send(CREATE + "Content-Length: 100\r\n\r\n{\"name\":\"short\"}", true);
        assertMlflowError(r, 400);
        assertEquals("BAD_REQUEST", r.json().path("error_code").asText(), r.toString());
    }

    @Test
    void brokenChunkedEncodingIs400() throws Exception {
        assertMlflowError(send(CREATE + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"name\":\"x\"}\r\n0\r\n\r\n", false), 400);
        // a chunk announced longer than what arrives before the client stops sending
        assertMlflowError(send(CREATE + "Transfer-Encoding: chunked\r\n\r\n100\r\n{\"name\":\"x\"}", true), 400);
        // no terminating chunk
        assertMlflowError(send(CREATE + "Transfer-Encoding: chunked\r\n\r\nC\r\n{\"name\":\"y\"}\r\n", true), 400);
        // a chunk not followed by CRLF
        assertMlflowError(send(CREATE + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n", false), 400);
    }

    @Test
    void contradictoryFramingIs400() throws Exception {
        assertMlflowError(send(CREATE + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", false), 400);
        assertMlflowError(send(CREATE + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ", false), 400);
        assertMlflowError(send(CREATE + "Content-Length: abc\r\n\r\n{}", false), 400);
        assertMlflowError(send(CREATE + "Content-Length: -2\r\n\r\n{}", false), 400);
        assertMlflowError(send(CREATE + "Transfer-Encoding: gzip\r\n\r\n{}", false), 400);
        assertMlflowError(send("NOT-HTTP\r\n\r\n", false), 400);
    }

    @Test
    void oversizedHeadersAndRequestLinesAreRefusedWithMlflowErrors() throws Exception {
        Raw header = send(CREATE + "X-Big: " + "a".repeat(TrackingServer.REQUEST_HEADER_BYTES + 1024) + "\r\nContent-Length: 2\r\n\r\n{}", false);
        assertMlflowError(header, 431);
        Raw line = send("GET /api/2.0/mlflow/experiments/search?x=" + "a".repeat(TrackingServer.REQUEST_HEADER_BYTES + 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", false);
        assertTrue(line.status() == 414 || line.status() == 431, line.toString());
        assertMlflowError(line, line.status());
        StringBuilder many = new StringBuilder(CREATE);
        for (int i = 0; i < 8000; i++) { // about 90 KiB of headers, past REQUEST_HEADER_BYTES
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertMlflowError(send(many + "Content-Length: 2\r\n\r\n{}", false), 431);
    }

    @Test
    void aWellFramedRequestStillWorks() throws Exception {
        String body = "{\"name\":\"framed-ok\"}";
        Raw r = send(CREATE + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body, false);
        assertEquals(200, r.status(), r.toString());
        Raw chunked = send(CREATE + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "A\r\n{\"name\":\"c\r\n9\r\nhunked1\"}\r\n0\r\n\r\n", false);
        assertEquals(200, chunked.status(), chunked.toString());
    }

    /**
     * 500 idle connections, 40 clients dripping a body byte by byte, 40 sending headers byte by
     * byte, and a stream of malformed requests, all at once: a normal client keeps getting answers.
     */
    @Test
    @Timeout(120)
    void keepsServingOthersUnderAbuse() throws Exception {
        List<Socket> idle = new ArrayList<>();
        ExecutorService abusers = Executors.newFixedThreadPool(90);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                if (i % 2 == 0) {
                    s.getOutputStream().write("POST /api/2.0/mlflow/runs/search HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                idle.add(s);
            }
            for (int i = 0; i < 40; i++) {
                running.add(abusers.submit(() -> drip(CREATE + "Content-Length: 1000\r\n\r\n", "{\"name\":\"" + "s".repeat(990), stop)));
                running.add(abusers.submit(() -> drip("", CREATE + "Content-Length: 2\r\n\r\n{}", stop)));
            }
            running.add(abusers.submit(() -> {
                while (!stop.get()) {
                    send(CREATE + "Content-Length: 100\r\n\r\n{\"na", true);
                    send(CREATE + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", true);
                }
                return null;
            }));
            Thread.sleep(1000);
            long worst = 0;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                Http.Reply r = http.post(TrackingServerApiTest.API + "experiments/create", "{\"name\":\"normal-" + i + "\"}");
                assertEquals(200, r.status(), r.toString());
                assertEquals(200, http.get(TrackingServerApiTest.API + "experiments/search?max_results=5").status());
                worst = Math.max(worst, System.nanoTime() - t0);
                Thread.sleep(100);
            }
            assertTrue(worst < TimeUnit.SECONDS.toNanos(3), "slowest normal request took " + worst / 1_000_000 + " ms");
        } finally {
            stop.set(true);
            for (Socket s : idle) {
                s.close();
            }
            abusers.shutdownNow();
            assertTrue(abusers.awaitTermination(30, TimeUnit.SECONDS), "abusing clients did not stop");
        }
        for (Future<?> f : running) {
            f.get(1, TimeUnit.SECONDS);
        }
        assertEquals(200, http.get(TrackingServerApiTest.API + "experiments/search?max_results=5").status());
    }

    /** Sends {@code head} at once, then {@code slow} one byte every 100 ms until the server or {@code stop} ends it. */
    private static Object drip(String head, String slow, AtomicBoolean stop) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < slow.length() && !stop.get(); i++) {
                out.write(slow.charAt(i));
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the server cutting a client off this slow is fine
        }
        return null;
    }
}
