package dev.jtrack.recorder;

import dev.jtrack.recorder.Journal.RunRef;
import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunStatus;
import dev.jtrack.tracking.TrackingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The journals of dead sessions a recorder took over: found once the store is open, delivered
 * before the recorder's own session, then their runs that never ended are ended KILLED.
 * Thread-safe.
 */
final class Orphans {

    /** A dead session's journal, with its runs that were created and never ended. */
    record Orphan(Journal journal, Set<String> unended, long lastTime) {}

    private final Deque<Orphan> queue = new ArrayDeque<>();
    private final Consumer<String> reporter;
    private volatile boolean searched;

    Orphans(Consumer<String> reporter) {
        this.reporter = reporter;
    }

    /** Takes over the sessions of {@code storeId} under {@code root} whose owner process is gone. */
    void adopt(Path root, Path ownDir, String storeId) {
        try {
            for (Path dir : Journal.sessions(root)) {
                if (dir.equals(ownDir)) {
                    continue;
                }
                Optional<Journal> adopted = Journal.adopt(dir, storeId);
                if (adopted.isPresent()) {
                    Orphan o = scan(adopted.get());
                    synchronized (queue) {
                        queue.add(o);
                    }
                }
            }
        } catch (IOException e) {
            reporter.accept("jtrack: could not read earlier tracking journals in " + root + ": " + e);
        } finally {
            searched = true;
        }
    }

    /** Marks the search as done without one (the writer stopped before the store opened). */
    void giveUp() {
        searched = true;
    }

    /** Whether the search is done and every orphan is finished. */
    boolean settled() {
        synchronized (queue) {
            return searched && queue.isEmpty();
        }
    }

    /** The orphan to work on, or null. */
    Orphan next() {
        synchronized (queue) {
            return queue.peek();
        }
    }

    /**
     * Ends the orphan's unended runs KILLED (at its last activity) and lets its journal go.
     *
     * @throws RuntimeException from the store; the orphan stays queued then
     */
    void finish(TrackingStore store, Orphan o) {
        try {
            endRuns(store, o);
        } catch (RuntimeException e) {
            if (Failures.classify(e) instanceof Unreachable) {
                throw e;
            }
            reporter.accept("jtrack: could not end runs of dead session " + o.journal().dir() + ": " + e.getMessage());
        }
        o.journal().close(); // cleaned up before it stops counting, so a flush sees it gone
        synchronized (queue) {
            queue.remove(o);
        }
    }

    private void endRuns(TrackingStore store, Orphan o) {
        List<String> killed = new ArrayList<>();
        for (String key : o.unended()) {
            RunRef ref = o.journal().run(key);
            if (ref == null) {
                continue; // never created: nothing to end
            }
            Run run = store.getRun(ref.runId());
            if (run.info().status() == RunStatus.RUNNING) {
                store.updateRun(ref.runId(), RunStatus.KILLED, o.lastTime(), null);
                killed.add(ref.runId());
            }
        }
        if (!killed.isEmpty()) {
            reporter.accept("jtrack: ended " + killed.size() + " run(s) of a session that died (pid "
                    + o.journal().info().pid() + ") as KILLED: " + String.join(", ", killed));
        }
    }

    /** Lets go of the orphans not finished, for a later recorder. */
    void releaseAll() {
        synchronized (queue) {
            queue.forEach(o -> o.journal().release());
            queue.clear();
        }
    }

    /** Reads a whole journal for its runs created and never ended, and its last activity. */
    static Orphan scan(Journal j) throws IOException {
        Set<String> created = new HashSet<>();
        Set<String> ended = new HashSet<>();
        long last = 0;
        long offset = 0;
        while (true) {
            List<Stored> page = j.read(offset, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (Stored s : page) {
                JournalEntry e = s.entry();
                last = Math.max(last, e.time());
                if (e.kind() == JournalEntry.Kind.CREATE_RUN || e.kind() == JournalEntry.Kind.RESUME_RUN) {
                    created.add(e.run());
                } else if (e.kind() == JournalEntry.Kind.END_RUN) {
                    ended.add(e.run());
                }
            }
            offset = page.get(page.size() - 1).endOffset();
        }
        created.removeAll(ended);
        return new Orphan(j, created, last == 0 ? System.currentTimeMillis() : last);
    }
}
