package dev.jtrack.kernel.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Routes {@code System.out}, {@code System.err} and {@code System.in} of the whole JVM to the
 * {@link OutputSink} of the cell that the writing thread belongs to. A thread belongs to the cell
 * that started it (an {@link InheritableThreadLocal}), so output of background threads stays
 * attributed to their cell even after it has ended; a thread that belongs to no cell writes to the
 * running cell, or to the JVM's original streams when no cell runs.
 *
 * <p>Text is buffered briefly per sink and stream: it is sent when the buffer passes 8 KiB, at most
 * {@value #FLUSH_DELAY_MS} ms after it was written, on {@code flush()} and at the end of the cell,
 * so a loop printing many lines sends few messages but output still appears promptly.
 */
public final class StdioRouter {
    static final int FLUSH_DELAY_MS = 30;
    private static final int FLUSH_SIZE = 8192;

    // The buffers live with the binding, reachable only from the threads that belong to the cell,
    // so a finished cell's output state is freed with its last thread.
    private static final InheritableThreadLocal<SinkBuffers> OWNER = new InheritableThreadLocal<>();
    private static volatile SinkBuffers running;
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static InputStream originalIn;
    private static ScheduledExecutorService flusher;

    private StdioRouter() {}

    /** Replaces the JVM's standard streams; later calls do nothing. */
    public static synchronized void install() {
        if (originalOut != null) {
            return;
        }
        originalOut = System.out;
        originalErr = System.err;
        originalIn = System.in;
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jtrack-output-flush");
            t.setDaemon(true);
            return t;
        });
        System.setOut(new PrintStream(new Router("stdout", originalOut), false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Router("stderr", originalErr), false, StandardCharsets.UTF_8));
        System.setIn(new InputRouter(originalIn));
    }

    /** The JVM's stdout before {@link #install()} (for the kernel's own diagnostics). */
    public static PrintStream originalOut() {
        return originalOut == null ? System.out : originalOut;
    }

    /** The JVM's stderr before {@link #install()} (for the kernel's own diagnostics). */
    public static PrintStream originalErr() {
        return originalErr == null ? System.err : originalErr;
    }

    /** The sink that output of the calling thread goes to, or {@code null} when there is none. */
    public static OutputSink currentSink() {
        SinkBuffers buffers = current();
        return buffers == null ? null : buffers.sink;
    }

    private static SinkBuffers current() {
        SinkBuffers owner = OWNER.get();
        return owner != null ? owner : running;
    }

    /** Makes {@code sink} the running cell's sink and the owner of the calling thread. */
    static void bind(OutputSink sink) {
        SinkBuffers buffers = new SinkBuffers(sink);
        OWNER.set(buffers);
        running = buffers;
    }

    /** Ends the running cell: flushes its output and detaches the calling thread. */
    static void unbind(OutputSink sink) {
        flush(sink);
        running = null;
        OWNER.remove();
    }

    /**
     * Runs {@code action} with the calling thread's output (and the output of threads it starts)
     * going to {@code sink} instead, e.g. into an output widget; the thread's own sink is restored
     * afterwards, with what was buffered for {@code sink} sent.
     */
    public static void capture(OutputSink sink, Runnable action) {
        SinkBuffers previous = OWNER.get();
        SinkBuffers buffers = new SinkBuffers(sink);
        OWNER.set(buffers);
        try {
            action.run();
        } finally {
            buffers.out.flush();
            buffers.err.flush();
            if (previous == null) {
                OWNER.remove();
            } else {
                OWNER.set(previous);
            }
        }
    }

    /** Sends whatever the calling thread's cell has buffered for {@code sink}, stdout first. */
    public static void flush(OutputSink sink) {
        SinkBuffers buffers = current();
        if (sink != null && buffers != null && buffers.sink == sink) {
            buffers.out.flush();
            buffers.err.flush();
        }
    }

    private static final class SinkBuffers {
        final OutputSink sink;
        final StreamBuffer out;
        final StreamBuffer err;

        SinkBuffers(OutputSink sink) {
            this.sink = sink;
            out = new StreamBuffer(sink, "stdout");
            err = new StreamBuffer(sink, "stderr");
        }

        StreamBuffer get(String name) {
            return "stdout".equals(name) ? out : err;
        }
    }

    /** Pending bytes of one stream of one sink. */
    private static final class StreamBuffer {
        private final OutputSink sink;
        private final String name;
        private byte[] bytes = new byte[256];
        private int size;
        private boolean scheduled;

        StreamBuffer(OutputSink sink, String name) {
            this.sink = sink;
            this.name = name;
        }

        synchronized void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
            if (size >= FLUSH_SIZE) {
                flush();
            } else if (!scheduled) {
                scheduled = true;
                flusher.schedule(this::flush, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void flush() {
            scheduled = false;
            int complete = completeUtf8Length();
            if (complete == 0) {
                return;
            }
            String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
            System.arraycopy(bytes, complete, bytes, 0, size - complete);
            size -= complete;
            try {
                sink.stream(name, text);
            } catch (RuntimeException e) {
                originalErr().println("jtrack: could not send " + name + ": " + e);
            }
        }

        /** The length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
        private int completeUtf8Length() {
            int end = size;
            for (int i = size - 1; i >= 0 && i >= size - 4; i--) {
                int b = bytes[i] & 0xFF;
                if (b < 0x80) {
                    return end;
                }
                if (b >= 0xC0) {
                    int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                    return size - i >= need ? end : i;
                }
            }
            return end;
        }
    }

    private static final class Router extends OutputStream {
        private final String name;
        private final PrintStream original;

        Router(String name, PrintStream original) {
            this.name = name;
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            SinkBuffers buffers = current();
            if (buffers == null) {
                original.write(b, off, len);
            } else {
                buffers.get(name).write(b, off, len);
            }
        }

        @Override
        public void flush() {
            SinkBuffers buffers = current();
            if (buffers == null) {
                original.flush();
            } else {
                buffers.get(name).flush();
            }
        }
    }

    /** Reads lines from the front end (stdin input_request) when the cell reads System.in. */
    private static final class InputRouter extends InputStream {
        private final InputStream original;
        private byte[] line = new byte[0];
        private int position;

        InputRouter(InputStream original) {
            this.original = original;
        }

        @Override
        public synchronized int read() throws IOException {
            OutputSink sink = currentSink();
            if (sink == null) {
                return original.read();
            }
            if (!fill(sink)) {
                return -1;
            }
            return line[position++] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            OutputSink sink = currentSink();
            if (sink == null) {
                return original.read(b, off, len);
            }
            if (len == 0) {
                return 0;
            }
            if (!fill(sink)) {
                return -1;
            }
            int n = Math.min(len, line.length - position);
            System.arraycopy(line, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public synchronized int available() {
            return line.length - position;
        }

        private boolean fill(OutputSink sink) throws IOException {
            if (position < line.length) {
                return true;
            }
            flush(sink);
            String text = sink.inputRequest("", false);
            if (text == null) {
                return false;
            }
            line = (text + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }
    }
}
