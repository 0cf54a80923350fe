package dev.jtrack.kernel;

import dev.jtrack.kernel.protocol.Message;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Asks the front end for input over the stdin channel ({@code input_request}) and waits for its
 * {@code input_reply}. One request is outstanding at a time; an interrupt cancels it.
 */
public final class StdinBroker {
    private final KernelIo io;
    private CompletableFuture<String> pending;

    /** A broker sending through {@code io}. */
    public StdinBroker(KernelIo io) {
        this.io = io;
    }

    /** Sends an input_request on behalf of the execute request {@code parent} and waits for the reply. */
    public String request(Message parent, String prompt, boolean password) throws IOException {
        synchronized (this) {
            CompletableFuture<String> future = new CompletableFuture<>();
            synchronized (futureLock) {
                pending = future;
            }
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("prompt", prompt == null ? "" : prompt);
            content.put("password", password);
            io.toStdin(parent, "input_request", content);
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for input");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                synchronized (futureLock) {
                    pending = null;
                }
            }
        }
    }

    private final Object futureLock = new Object();

    /** Hands an {@code input_reply} to the waiting request (called on the I/O thread). */
    public void onReply(Message reply) {
        if (!"input_reply".equals(reply.type())) {
            KernelLog.warn("ignored " + reply.type() + " on the stdin channel");
            return;
        }
        CompletableFuture<String> future;
        synchronized (futureLock) {
            future = pending;
        }
        if (future == null) {
            KernelLog.warn("input_reply without a pending input_request");
            return;
        }
        future.complete(reply.string("value", ""));
    }

    /** Fails the waiting request, if any (interrupt or shutdown). */
    public void cancel(String why) {
        CompletableFuture<String> future;
        synchronized (futureLock) {
            future = pending;
        }
        if (future != null) {
            future.completeExceptionally(new IOException(why));
        }
    }
}
