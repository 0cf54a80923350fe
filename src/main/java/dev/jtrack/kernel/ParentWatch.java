package dev.jtrack.kernel;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Ends the kernel when the process that launched it is gone. jupyter_client names itself in
 * {@code JPY_PARENT_PID} for every kernel it does not start as independent; when that front end
 * dies without a shutdown_request (killed, crashed, its terminal closed), nothing else would ever
 * stop the kernel, and a busy cell would go on using memory and CPU for good — ipykernel watches
 * its parent for the same reason.
 */
public final class ParentWatch {

    private ParentWatch() {}

    /**
     * The launching process named by {@code JPY_PARENT_PID} in {@code env}, if it is a live
     * process other than this one.
     */
    public static Optional<ProcessHandle> parentFrom(Map<String, String> env) {
        String value = env.get("JPY_PARENT_PID");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /**
     * Checks every {@code interval} whether {@code parent} is still alive and runs {@code onExit}
     * once when it is not. The watching thread is a daemon and never keeps the JVM alive.
     */
    public static Thread watch(ProcessHandle parent, Duration interval, Runnable onExit) {
        Thread t = new Thread(() -> {
            try {
                while (parent.isAlive()) {
                    Thread.sleep(interval.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
            onExit.run();
        }, "jtrack-parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
