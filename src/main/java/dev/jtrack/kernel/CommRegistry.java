package dev.jtrack.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jupyter comms: targets that front ends may open comms to, and the comms now open. The engine side
 * (widgets, extensions) registers targets; opening an unknown target is answered with comm_close.
 * Thread-safe.
 */
public final class CommRegistry {

    /** A comm target: called when a front end opens a comm to it. */
    @FunctionalInterface
    public interface Target {
        /** Called on comm_open; {@code data} is the open message's data. */
        void opened(Comm comm, Map<String, Object> data);
    }

    /** Receives a comm's messages and its closing. */
    public interface Listener {
        /** Called on comm_msg. */
        void onMessage(Comm comm, Map<String, Object> data);

        /** Called on comm_close from the front end. */
        default void onClose(Comm comm, Map<String, Object> data) {}
    }

    /** One open comm; {@link #send} and {@link #close} go out on IOPub. */
    public final class Comm {
        private final String id;
        private final String targetName;
        private volatile Map<String, Object> parent;
        private volatile Listener listener;

        Comm(String id, String targetName, Map<String, Object> parent) {
            this.id = id;
            this.targetName = targetName;
            this.parent = parent;
        }

        /** The comm id. */
        public String id() {
            return id;
        }

        /** The target the comm was opened to. */
        public String targetName() {
            return targetName;
        }

        /** Where this comm's incoming messages go. */
        public void setListener(Listener listener) {
            this.listener = listener;
        }

        /** Sends comm_msg with {@code data}. */
        public void send(Map<String, Object> data) {
            io.publish(parent, "comm_msg", Map.of("comm_id", id, "data", data));
        }

        /** Sends comm_close and forgets the comm. */
        public void close(Map<String, Object> data) {
            comms.remove(id);
            io.publish(parent, "comm_close", Map.of("comm_id", id, "data", data));
        }
    }

    private final KernelIo io;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, Comm> comms = new ConcurrentHashMap<>();

    /** A registry publishing through {@code io}. */
    public CommRegistry(KernelIo io) {
        this.io = io;
    }

    /** Registers (or replaces) the target {@code name}. */
    public void register(String name, Target target) {
        targets.put(Objects.requireNonNull(name), Objects.requireNonNull(target));
    }

    /** Removes the target {@code name}. */
    public void unregister(String name) {
        targets.remove(name);
    }

    /** Open comms (id → target name), only those to {@code targetName} when it is non-null. */
    public Map<String, Object> info(String targetName) {
        Map<String, Object> out = new LinkedHashMap<>();
        comms.forEach((id, comm) -> {
            if (targetName == null || targetName.equals(comm.targetName)) {
                out.put(id, Map.of("target_name", comm.targetName));
            }
        });
        return out;
    }

    /** Handles comm_open from the front end. */
    void open(String id, String targetName, Map<String, Object> data, Map<String, Object> parent) {
        Target target = targetName == null ? null : targets.get(targetName);
        if (id == null) {
            KernelLog.warn("comm_open without comm_id ignored");
            return;
        }
        if (target == null) {
            KernelLog.warn("no comm target '" + targetName + "'; closing comm " + id);
            io.publish(parent, "comm_close", Map.of("comm_id", id, "data", Map.of()));
            return;
        }
        Comm comm = new Comm(id, targetName, parent);
        comms.put(id, comm);
        try {
            target.opened(comm, data);
        } catch (RuntimeException e) {
            KernelLog.warn("comm target '" + targetName + "' failed: " + e);
            comm.close(Map.of());
        }
    }

    /** Handles comm_msg from the front end. */
    void message(String id, Map<String, Object> data, Map<String, Object> parent) {
        Comm comm = id == null ? null : comms.get(id);
        if (comm == null) {
            KernelLog.warn("comm_msg for unknown comm " + id + " ignored");
            return;
        }
        comm.parent = parent;
        Listener listener = comm.listener;
        if (listener != null) {
            try {
                listener.onMessage(comm, data);
            } catch (RuntimeException e) {
                KernelLog.warn("comm " + id + " failed: " + e);
            }
        }
    }

    /** Handles comm_close from the front end. */
    void close(String id, Map<String, Object> data) {
        Comm comm = id == null ? null : comms.remove(id);
        if (comm != null && comm.listener != null) {
            try {
                comm.listener.onClose(comm, data);
            } catch (RuntimeException e) {
                KernelLog.warn("comm " + id + " failed on close: " + e);
            }
        }
    }
}
