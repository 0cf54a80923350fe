package dev.jtrack.kernel;

import dev.jtrack.kernel.comm.Comm;
import dev.jtrack.kernel.comm.CommMessage;
import dev.jtrack.kernel.comm.CommTarget;
import dev.jtrack.kernel.comm.Comms;
import dev.jtrack.kernel.protocol.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The kernel's Jupyter comms: targets front ends may open comms to, and the comms now open.
 * Extensions and notebook code reach it as {@link Comms#current()}; opening an unknown target is
 * answered with comm_close. The kernel hands incoming comm messages to {@link #dispatch} on the
 * execution thread; a handler's exception propagates to the caller, which shows it.
 * Kernel-initiated messages carry the message the execution thread is handling as parent.
 * Thread-safe.
 */
public final class CommRegistry implements Comms {
    private final KernelIo io;
    private final Map<String, CommTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, OpenComm> comms = new ConcurrentHashMap<>();
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> parent = Map.of();
    private volatile Consumer<Runnable> executionQueue = Runnable::run;

    /** A registry publishing through {@code io}. */
    public CommRegistry(KernelIo io) {
        this.io = io;
    }

    /** One open comm; its messages go out on IOPub. */
    private final class OpenComm implements Comm {
        private final String id;
        private final String targetName;
        private volatile Consumer<CommMessage> messageHandler;
        private volatile Consumer<CommMessage> closeHandler;

        OpenComm(String id, String targetName) {
            this.id = id;
            this.targetName = targetName;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String targetName() {
            return targetName;
        }

        @Override
        public boolean isOpen() {
            return comms.get(id) == this;
        }

        @Override
        public void send(CommMessage message) {
            if (!isOpen()) {
                return;
            }
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("comm_id", id);
            content.put("data", message.data());
            io.publish(parent, "comm_msg", content, message.metadata(), message.buffers());
        }

        @Override
        public void close(Map<String, Object> data) {
            if (comms.remove(id, this)) {
                io.publish(parent, "comm_close", Map.of("comm_id", id, "data", data == null ? Map.of() : data));
            }
        }

        @Override
        public void onMessage(Consumer<CommMessage> handler) {
            this.messageHandler = handler;
        }

        @Override
        public void onClose(Consumer<CommMessage> handler) {
            this.closeHandler = handler;
        }
    }

    @Override
    public void registerTarget(String name, CommTarget target) {
        targets.put(Objects.requireNonNull(name), Objects.requireNonNull(target));
    }

    @Override
    public void unregisterTarget(String name) {
        targets.remove(name);
    }

    @Override
    public Comm open(String id, String targetName, CommMessage open) {
        OpenComm comm = new OpenComm(id == null ? UUID.randomUUID().toString().replace("-", "") : id,
                Objects.requireNonNull(targetName));
        comms.put(comm.id, comm);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("comm_id", comm.id);
        content.put("target_name", targetName);
        content.put("data", open.data());
        io.publish(parent, "comm_open", content, open.metadata(), open.buffers());
        return comm;
    }

    @Override
    public Map<String, String> openComms(String targetName) {
        Map<String, String> out = new LinkedHashMap<>();
        comms.forEach((id, comm) -> {
            if (targetName == null || targetName.equals(comm.targetName)) {
                out.put(id, comm.targetName);
            }
        });
        return out;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void onReset(Runnable listener) {
        resetListeners.add(listener);
    }

    @Override
    public void submit(Runnable task) {
        executionQueue.accept(Objects.requireNonNull(task));
    }

    /** Where {@link #submit} queues tasks: the kernel's execution thread. */
    void runOn(Consumer<Runnable> queue) {
        executionQueue = queue;
    }

    /** The comm_info_reply's {@code comms}: open comms, only those to {@code targetName} when non-null. */
    Map<String, Object> info(String targetName) {
        Map<String, Object> out = new LinkedHashMap<>();
        openComms(targetName).forEach((id, target) -> out.put(id, Map.of("target_name", target)));
        return out;
    }

    /** The parent header of kernel-initiated comm messages from now on. */
    void setParent(Map<String, Object> header) {
        parent = header == null ? Map.of() : header;
    }

    /**
     * Handles a comm_open, comm_msg or comm_close from a front end; a handler's exception
     * propagates (after a failed comm_open the comm is closed).
     */
    void dispatch(Message message) {
        String id = message.string("comm_id", null);
        CommMessage payload = new CommMessage(data(message), message.metadata(), message.buffers());
        switch (message.type()) {
            case "comm_open" -> openFromFrontEnd(id, message.string("target_name", null), payload);
            case "comm_msg" -> {
                OpenComm comm = id == null ? null : comms.get(id);
                if (comm == null) {
                    KernelLog.warn("comm_msg for unknown comm " + id + " ignored");
                } else if (comm.messageHandler != null) {
                    comm.messageHandler.accept(payload);
                }
            }
            case "comm_close" -> {
                OpenComm comm = id == null ? null : comms.remove(id);
                if (comm != null && comm.closeHandler != null) {
                    comm.closeHandler.accept(payload);
                }
            }
            default -> KernelLog.warn("not a comm message: " + message.type());
        }
    }

    private void openFromFrontEnd(String id, String targetName, CommMessage payload) {
        if (id == null) {
            KernelLog.warn("comm_open without comm_id ignored");
            return;
        }
        CommTarget target = targetName == null ? null : targets.get(targetName);
        if (target == null) {
            KernelLog.warn("no comm target '" + targetName + "'; closing comm " + id);
            io.publish(parent, "comm_close", Map.of("comm_id", id, "data", Map.of()));
            return;
        }
        OpenComm comm = new OpenComm(id, targetName);
        comms.put(id, comm);
        try {
            target.opened(comm, payload);
        } catch (RuntimeException | Error e) {
            comm.close(Map.of());
            throw e;
        }
    }

    /**
     * Forgets every open comm and tells the reset listeners; the kernel calls it when it shuts down
     * or restarts. No comm_close is sent: front ends end every comm of a kernel that restarts or
     * shuts down themselves (JupyterLab shows its widgets as disconnected), and a comm_close
     * arriving after that only makes JupyterLab log "Comm not found".
     */
    void closeAll() {
        comms.clear();
        for (Runnable listener : resetListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                KernelLog.warn("comm reset listener failed: " + e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Message request) {
        return request.content().get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
