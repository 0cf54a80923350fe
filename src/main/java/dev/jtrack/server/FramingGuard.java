package dev.jtrack.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Turns a request body the client framed badly into a client error. Jetty reports a body cut
 * short (fewer bytes than its Content-Length before the client stopped sending), broken chunked
 * encoding or a body sent too slowly as an exception from the read; Javalin takes those for "the
 * client went away" and answers an empty 500. Reads through this filter raise
 * {@link ApiException#badRequest} instead, which {@link ErrorResponses} answers with 400 and
 * MLflow's error body.
 *
 * <p>A body read blocks a request thread, so a client sending its body very slowly could hold
 * threads other clients need. After a grace period the body must keep up a minimum rate, else the
 * read fails with 400. (Jetty's own minimum data rate has no grace period: under load it refused
 * small, complete bodies that the handler merely read late.)
 */
final class FramingGuard implements Filter {
    /**
     * How long any body may take before the minimum rate applies; timed from the handler's first
     * read, so a complete body that merely waited in the buffer is never late.
     */
    static final long GRACE_NANOS = 500_000_000L;
    /** Slowest body accepted after the grace period, in bytes per second. */
    static final long MIN_BYTES_PER_SECOND = 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new Guarded(http) : request, response);
    }

    /** The exception to throw for {@code e}: a 400 when it is a framing problem, else {@code e} itself. */
    private static RuntimeException translated(Exception e) throws IOException {
        String problem = ErrorResponses.framingProblem(e);
        if (problem == null) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        throw ApiException.badRequest("Bad request: " + problem);
    }

    private static final class Guarded extends HttpServletRequestWrapper {
        private ServletInputStream in;

        Guarded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new GuardedInput(super.getInputStream());
            }
            return in;
        }
    }

    private static final class GuardedInput extends ServletInputStream {
        private final ServletInputStream in;
        private final long started = System.nanoTime();
        private long received;

        GuardedInput(ServletInputStream in) {
            this.in = in;
        }

        /** Refuses a body that, past the grace period, arrives slower than the minimum rate. */
        private void checkRate() {
            long late = System.nanoTime() - started - GRACE_NANOS;
            if (late > 0 && received < MIN_BYTES_PER_SECOND * late / 1_000_000_000L) {
                throw ApiException.badRequest("Bad request: the request body arrived slower than "
                        + MIN_BYTES_PER_SECOND + " bytes/s");
            }
        }

        @Override
        public int read() throws IOException {
            checkRate();
            try {
                int b = in.read();
                received += b < 0 ? 0 : 1;
                return b;
            } catch (IOException | RuntimeException e) {
                throw translated(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkRate();
            try {
                int n = in.read(b, off, len);
                received += Math.max(0, n);
                return n;
            } catch (IOException | RuntimeException e) {
                throw translated(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException | RuntimeException e) {
                throw translated(e);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
