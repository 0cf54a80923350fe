package dev.jtrack.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.engine.JShellEngine;
import dev.jtrack.kernel.protocol.Channel;
import dev.jtrack.kernel.protocol.ConnectionInfo;
import dev.jtrack.kernel.protocol.KernelSockets;
import dev.jtrack.kernel.protocol.Message;
import dev.jtrack.kernel.protocol.MessageCodec;
import dev.jtrack.kernel.protocol.MessageFactory;
import dev.jtrack.kernel.protocol.Signer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The kernel process: binds the channels of a connection file, starts the engine in the background
 * and routes each request to the thread that answers it. Control requests and kernel_info run on
 * the control thread, execute requests and comm messages (whose handlers run notebook code) on the
 * execution thread, the other shell requests on the shell thread, so no request waits behind a
 * running cell except the next cell.
 */
public final class JtrackKernel {
    private static final long ENGINE_START_DELAY_MS = 250;
    private final KernelIo io;
    private final EngineStarter engines;
    private final StdinBroker stdin;
    private final CommRegistry comms;
    private final ExecutionService execution;
    private final ShellRequests shellRequests;
    private final ExecutorService controlThread = Executors.newSingleThreadExecutor(daemon("jtrack-control"));
    private final ExecutorService shellThread = Executors.newSingleThreadExecutor(daemon("jtrack-shell"));
    private final CountDownLatch finished = new CountDownLatch(1);
    private final String version;
    private volatile KernelSockets sockets;
    private volatile boolean restart;

    private JtrackKernel(KernelIo io, EngineStarter engines, History history, String version) {
        this.io = io;
        this.engines = engines;
        this.version = version;
        this.stdin = new StdinBroker(io);
        this.comms = new CommRegistry(io);
        dev.jtrack.kernel.comm.Comms.install(comms);
        this.execution = new ExecutionService(io, engines, stdin, history, comms);
        this.shellRequests = new ShellRequests(io, engines, history, comms);
        comms.runOn(execution::submit);
    }

    /**
     * Runs a kernel for {@code connection} until a shutdown_request; returns whether a restart was
     * asked for.
     */
    public static boolean run(ConnectionInfo connection, Supplier<ExecutionEngine> engineFactory, Path historyFile,
                              String version) throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        MessageFactory factory = new MessageFactory(System.getProperty("user.name", "jtrack"));
        KernelSockets[] holder = new KernelSockets[1];
        KernelIo io = new KernelIo((channel, message) -> holder[0].send(channel, message), factory);
        EngineStarter engines = new EngineStarter(engineFactory);
        JtrackKernel kernel = new JtrackKernel(io, engines, new History(historyFile), version);
        KernelSockets sockets = new KernelSockets(connection, new MessageCodec(json, new Signer(connection.key())),
                kernel::route);
        holder[0] = sockets;
        kernel.sockets = sockets;
        kernel.execution.start();
        sockets.start();
        // JShell's start is CPU-heavy: it begins once the first kernel_info is answered (front ends
        // ask for it first), so on a small machine the reply isn't slowed by it; at the latest after
        // a moment, and at once when a request needs the engine
        CompletableFuture.delayedExecutor(ENGINE_START_DELAY_MS, TimeUnit.MILLISECONDS).execute(engines::start);
        io.publish(Map.of(), "status", Map.of("execution_state", "starting"));
        kernel.finished.await();
        return kernel.restart;
    }

    private void route(Channel channel, Message message) {
        String type = message.type();
        switch (channel) {
            case STDIN -> stdin.onReply(message);
            case CONTROL -> controlThread.execute(() -> control(Channel.CONTROL, message));
            case SHELL -> {
                if ("execute_request".equals(type) || type.startsWith("comm_") && !"comm_info_request".equals(type)) {
                    execution.submit(message);
                } else if ("kernel_info_request".equals(type) || "shutdown_request".equals(type)
                        || "interrupt_request".equals(type)) {
                    controlThread.execute(() -> control(Channel.SHELL, message));
                } else {
                    shellThread.execute(() -> shell(message));
                }
            }
            default -> KernelLog.warn("unexpected message on " + channel);
        }
    }

    private void shell(Message request) {
        io.status(request, "busy");
        try {
            if (!shellRequests.handle(request)) {
                KernelLog.warn("unknown shell message type " + request.type() + " ignored");
            }
        } catch (RuntimeException e) {
            KernelLog.warn("failed to answer " + request.type() + ": " + e);
        } finally {
            io.status(request, "idle");
        }
    }

    private void control(Channel channel, Message request) {
        io.status(request, "busy");
        try {
            switch (request.type()) {
                case "kernel_info_request" -> {
                    io.reply(channel, request, "kernel_info_reply", KernelInfo.content(version));
                    engines.start();
                }
                case "interrupt_request" -> {
                    ExecutionEngine engine = engines.ifReady();
                    if (engine != null) {
                        engine.interrupt();
                    }
                    stdin.cancel("interrupted while waiting for input");
                    io.reply(channel, request, "interrupt_reply", Map.of("status", "ok"));
                }
                case "shutdown_request" -> {
                    shutdown(channel, request);
                    return;
                }
                default -> KernelLog.warn("unknown control message type " + request.type() + " ignored");
            }
        } catch (RuntimeException e) {
            KernelLog.warn("failed to answer " + request.type() + ": " + e);
        }
        io.status(request, "idle");
    }

    private void shutdown(Channel channel, Message request) {
        restart = request.bool("restart", false);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("restart", restart);
        io.reply(channel, request, "shutdown_reply", content);
        io.publish(request.header(), "shutdown_reply", content);
        io.status(request, "idle");
        stdin.cancel("the kernel is shutting down");
        comms.closeAll();
        closeEngine();
        sockets.close();
        finished.countDown();
    }

    /** Closes the engine, waiting at most 3 s so a stuck cell can't keep the kernel alive. */
    private void closeEngine() {
        ExecutionEngine engine = engines.ifReady();
        if (engine == null) {
            return;
        }
        Thread closer = new Thread(() -> {
            try {
                engine.interrupt();
                engine.close();
            } catch (RuntimeException e) {
                KernelLog.warn("engine close failed: " + e);
            }
        }, "jtrack-engine-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The engine factory used by {@code jtrack kernel}: {@code JShellEngine.create(options)}. */
    public static Supplier<ExecutionEngine> jshellEngine(List<String> compilerOptions) {
        return () -> JShellEngine.create(compilerOptions);
    }
}
