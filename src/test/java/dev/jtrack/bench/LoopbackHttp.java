package dev.jtrack.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client, in the manner of {@code wrk}: one keep-alive socket per
 * thread, requests written in one go, the status checked and the whole response read (by
 * {@code Content-Length} or chunks). It costs the client a small fraction of what a general
 * client such as OkHttp costs per call, which matters on a 2-core machine where client and server
 * share the CPU: with OkHttp the client's own work caps single-connection log-metric at about
 * 4,600 calls/s whatever the server does.
 */
final class LoopbackHttp implements AutoCloseable {

    /** Well under Jetty's 30 s idle timeout. */
    private static final long MAX_IDLE_NANOS = 10_000_000_000L;

    private final String host;
    private final int port;
    private final ThreadLocal<Connection> connections = ThreadLocal.withInitial(this::connect);
    private final List<Connection> opened = new ArrayList<>();

    LoopbackHttp(String baseUri) {
        URI u = URI.create(baseUri);
        this.host = u.getHost();
        this.port = u.getPort();
    }

    /** POSTs a JSON body and returns the response body; anything but 200 is an exception. */
    String post(String path, byte[] json) throws IOException {
        return connection().exchange("POST", path, json);
    }

    /** GETs {@code path} (with its query) and returns the body; anything but 200 is an exception. */
    String get(String path) throws IOException {
        return connection().exchange("GET", path, null);
    }

    /** This thread's connection; a fresh one after a long pause, which the server may have closed. */
    private Connection connection() {
        Connection c = connections.get();
        if (System.nanoTime() - c.lastUsed > MAX_IDLE_NANOS) {
            c.close();
            connections.remove();
            c = connections.get();
        }
        c.lastUsed = System.nanoTime();
        return c;
    }

    private Connection connect() {
        try {
            Connection c = new Connection(host, port);
            synchronized (opened) {
                opened.add(c);
            }
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (Connection c : opened) {
                c.close();
            }
            opened.clear();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String hostHeader;
        long lastUsed = System.nanoTime();

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
            hostHeader = host + ":" + port;
        }

        String exchange(String method, String path, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[h.length + (body == null ? 0 : body.length)];
            System.arraycopy(h, 0, request, 0, h.length);
            if (body != null) {
                System.arraycopy(body, 0, request, h.length, body.length);
            }
            out.write(request);
            out.flush();
            return readResponse(method + " " + path);
        }

        private String readResponse(String what) throws IOException {
            String status = line();
            int length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = chunked ? chunkedBody() : new String(exactly(Math.max(length, 0)), StandardCharsets.UTF_8);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(what + " -> " + status + " "
                        + (body.length() > 500 ? body.substring(0, 500) : body));
            }
            return body;
        }

        private String chunkedBody() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
                buf.write(exactly(n));
                line();
            }
            line();
            return buf.toString(StandardCharsets.UTF_8);
        }

        private byte[] exactly(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new IOException("connection closed mid-response");
            }
            return b;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int ch = in.read(); ch != '\n'; ch = in.read()) {
                if (ch == -1) {
                    throw new IOException("connection closed by the server");
                }
                if (ch != '\r') {
                    sb.append((char) ch);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a benchmark connection
            }
        }
    }
}
