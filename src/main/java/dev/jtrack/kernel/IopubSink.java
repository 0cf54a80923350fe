package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import dev.jtrack.kernel.protocol.Message;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link OutputSink} of one execute request: every call becomes an IOPub message whose parent
 * is that request, also after the cell ended (output of threads the cell started). Stream text is
 * coalesced for a few milliseconds so a printing loop does not become one message per line; any
 * other output first flushes the pending text, so order is kept. A silent request sends nothing.
 */
final class IopubSink implements OutputSink {
    private static final long FLUSH_DELAY_MS = 8;
    private static final int MAX_PENDING = 64 * 1024;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jtrack-stream-flush");
        t.setDaemon(true);
        return t;
    });

    private final KernelIo io;
    private final StdinBroker stdin;
    private final Message request;
    private final boolean silent;
    private final boolean allowStdin;
    private String pendingName;
    private final StringBuilder pendingText = new StringBuilder();
    private boolean flushScheduled;

    IopubSink(KernelIo io, StdinBroker stdin, Message request, boolean silent, boolean allowStdin) {
        this.io = io;
        this.stdin = stdin;
        this.request = request;
        this.silent = silent;
        this.allowStdin = allowStdin;
    }

    @Override
    public synchronized void stream(String name, String text) {
        if (silent || text == null || text.isEmpty()) {
            return;
        }
        if (pendingName != null && !pendingName.equals(name)) {
            flush();
        }
        pendingName = name;
        pendingText.append(text);
        if (pendingText.length() >= MAX_PENDING) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            FLUSHER.schedule(this::flush, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends any coalesced stream text now. */
    synchronized void flush() {
        flushScheduled = false;
        if (pendingName == null || pendingText.length() == 0) {
            return;
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", pendingName);
        content.put("text", pendingText.toString());
        pendingText.setLength(0);
        pendingName = null;
        io.publish(request.header(), "stream", content);
    }

    @Override
    public synchronized void displayData(MimeBundle bundle, String displayId) {
        send("display_data", bundle, displayId);
    }

    @Override
    public synchronized void updateDisplayData(MimeBundle bundle, String displayId) {
        send("update_display_data", bundle, displayId);
    }

    private void send(String type, MimeBundle bundle, String displayId) {
        if (silent) {
            return;
        }
        flush();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("data", bundle.data());
        content.put("metadata", bundle.metadata());
        Map<String, Object> transientPart = new LinkedHashMap<>();
        if (displayId != null) {
            transientPart.put("display_id", displayId);
        }
        content.put("transient", transientPart);
        io.publish(request.header(), type, content);
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        if (silent) {
            return;
        }
        flush();
        io.publish(request.header(), "clear_output", Map.of("wait", wait));
    }

    @Override
    public String inputRequest(String prompt, boolean password) throws IOException {
        if (!allowStdin) {
            throw new IOException("the front end does not support input for this request (allow_stdin is false)");
        }
        flush();
        return stdin.request(request, prompt, password);
    }
}
