package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.ExecutionEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Creates the execution engine on a background thread, so the kernel answers kernel_info while
 * JShell starts; requests that need the engine wait for it.
 */
public final class EngineStarter {
    private final CompletableFuture<ExecutionEngine> engine = new CompletableFuture<>();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

    /** Prepares to run {@code factory} on a daemon thread; {@link #start} starts it. */
    public EngineStarter(Supplier<ExecutionEngine> factory) {
        thread = new Thread(() -> {
            try {
                engine.complete(factory.get());
            } catch (Throwable e) {
                KernelLog.warn("the Java engine failed to start: " + e);
                engine.completeExceptionally(e);
            }
        }, "jtrack-engine-start");
        thread.setDaemon(true);
    }

    /** Starts creating the engine, once; later calls do nothing. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** The engine, starting it if needed and waiting for it. */
    public ExecutionEngine await() throws EngineUnavailableException {
        start();
        try {
            return engine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while the Java engine was starting");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new EngineUnavailableException("the Java engine failed to start: "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
    }

    /** The engine if it has started, else {@code null}. */
    public ExecutionEngine ifReady() {
        return engine.isDone() && !engine.isCompletedExceptionally() ? engine.join() : null;
    }

    /** Splits {@code JTRACK_COMPILER_OPTS}-style text on whitespace, honouring double quotes. */
    public static List<String> splitOptions(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(current.toString());
        }
        return out;
    }

    /** Why the engine can't be used. */
    public static final class EngineUnavailableException extends Exception {
        EngineUnavailableException(String message) {
            super(message);
        }
    }
}
