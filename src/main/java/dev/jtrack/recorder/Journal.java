package dev.jtrack.recorder;

import dev.jtrack.util.FileTrees;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The on-disk journal of one recorder session, a directory holding:
 *
 * <ul>
 *   <li>{@code session.json} — who owns it: session id, PID, host, store, start time;
 *   <li>{@code lock} — locked by the owning process while it lives (the OS releases the lock
 *       when the process dies, which is how a later recorder knows the session is orphaned);
 *   <li>{@code ops.jsonl} — every operation, one {@link JournalEntry} per line, appended before
 *       the call that requested it returns;
 *   <li>{@code delivered} — "offset seq": everything before that byte offset is done (delivered
 *       or recorded as failed), replaced atomically and synced after each delivery;
 *   <li>{@code runs.jsonl} — run key to the store's run id and artifact URI, synced when a run
 *       has been created;
 *   <li>{@code failed.jsonl} — entries the store refused, with its error;
 *   <li>{@code blobs/} — staged copies of artifacts waiting to be uploaded;
 *   <li>{@code done} — present once the owner closed the session with everything delivered.
 * </ul>
 *
 * Appends are thread-safe; reading and marking are done by the one writer thread.
 */
final class Journal implements AutoCloseable {

    /** Reads NaN and Infinity as Jackson writes them. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** An entry read back, with the byte offset just past its line. */
    record Stored(JournalEntry entry, long endOffset) {}

    /** Where a run ended up in the store. */
    record RunRef(String run, String runId, String experimentId, String artifactUri) {}

    /** The contents of {@code session.json}. */
    record SessionInfo(String session, long pid, String host, String store, long started) {}

    /**
     * Session directories this JVM holds. POSIX record locks are per process and closing any
     * channel on the file drops them all, so this process must never even open the lock file of a
     * session it holds: it asks this set instead.
     */
    private static final java.util.Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final SessionInfo info;
    private final FileChannel ops;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object appendLock = new Object();
    private final Map<String, RunRef> runs = new ConcurrentHashMap<>();
    private long nextSeq;
    private volatile long committed;
    private volatile long deliveredOffset;
    private volatile long deliveredSeq;
    private volatile int failures;

    private Journal(Path dir, SessionInfo info, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.info = info;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.ops = FileChannel.open(dir.resolve("ops.jsonl"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Files.createDirectories(dir.resolve("blobs"));
    }

    /** Creates a new session directory under {@code root}, owned (locked) by this process. */
    static Journal create(Path root, String store) throws IOException {
        String id = sessionId();
        Path dir = root.resolve(id).toAbsolutePath().normalize();
        Files.createDirectories(dir);
        HELD.add(dir);
        FileChannel lc = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lc.tryLock();
        if (lock == null) {
            lc.close();
            throw new IOException("cannot lock new journal session " + dir);
        }
        SessionInfo info = new SessionInfo(id, ProcessHandle.current().pid(), hostName(), store,
                System.currentTimeMillis());
        writeAtomically(dir.resolve("session.json"), JSON.writeValueAsBytes(info));
        Journal j = new Journal(dir, info, lc, lock);
        j.nextSeq = 1;
        return j;
    }

    /**
     * Takes over an orphaned session: one whose owner is gone (its lock is free), that was not
     * closed as done, and that belongs to {@code store}. Empty when the session is alive, done,
     * for another store, or unreadable.
     */
    static Optional<Journal> adopt(Path sessionDir, String store) throws IOException {
        Path dir = sessionDir.toAbsolutePath().normalize();
        if (HELD.contains(dir)) {
            return Optional.empty(); // owned (or being delivered) by a recorder in this process
        }
        if (Files.exists(dir.resolve("done")) || !Files.isRegularFile(dir.resolve("session.json"))) {
            return Optional.empty();
        }
        SessionInfo info;
        try {
            info = JSON.readValue(dir.resolve("session.json").toFile(), SessionInfo.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!store.equals(info.store())) {
            return Optional.empty();
        }
        if (!HELD.add(dir)) {
            return Optional.empty(); // another recorder of this process took it just now
        }
        FileChannel lc = null;
        try {
            lc = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lc.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lc.close();
                HELD.remove(dir);
                return Optional.empty(); // its owner process is alive
            }
            Journal j = new Journal(dir, info, lc, lock);
            j.load();
            return Optional.of(j);
        } catch (IOException | RuntimeException e) {
            if (lc != null) {
                lc.close();
            }
            HELD.remove(dir);
            throw e;
        }
    }

    /** The session directories under {@code root}, oldest first (ids start with the UTC time). */
    static List<Path> sessions(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String sessionId() {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        return time + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Reads back the state of an existing session: delivered mark, runs, last complete line. */
    private void load() throws IOException {
        Path mark = dir.resolve("delivered");
        if (Files.exists(mark)) {
            String[] parts = Files.readString(mark).trim().split(" ");
            deliveredOffset = Long.parseLong(parts[0]);
            deliveredSeq = Long.parseLong(parts[1]);
        }
        Path runsFile = dir.resolve("runs.jsonl");
        if (Files.exists(runsFile)) {
            for (String line : Files.readAllLines(runsFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        RunRef r = JSON.readValue(line, RunRef.class);
                        runs.put(r.run(), r);
                    } catch (IOException torn) {
                        // a line cut short by a crash: the run will be found again by its key tag
                    }
                }
            }
        }
        Path failedFile = dir.resolve("failed.jsonl");
        if (Files.exists(failedFile)) {
            failures = (int) Files.readAllLines(failedFile).stream().filter(l -> !l.isBlank()).count();
        }
        // A crash may leave a partial last line: it was never acknowledged to anyone, drop it.
        long size = ops.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            ops.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            ops.truncate(end);
        }
        committed = end;
        if (deliveredOffset > committed) {
            deliveredOffset = committed; // compaction cut the file, then the process died
        }
        long last = deliveredSeq;
        for (Stored s : read(deliveredOffset, Integer.MAX_VALUE)) {
            last = s.entry().seq();
        }
        nextSeq = last + 1;
    }

    Path dir() {
        return dir;
    }

    SessionInfo info() {
        return info;
    }

    /**
     * Appends an entry, numbering it; returns the numbered entry. The line is in the file (OS
     * page cache) when this returns, so it survives the process dying; the writer syncs it to the
     * device before delivering.
     */
    JournalEntry append(JournalEntry entry) {
        synchronized (appendLock) {
            JournalEntry numbered = entry.withSeq(nextSeq);
            byte[] line;
            try {
                byte[] json = JSON.writeValueAsBytes(numbered);
                line = new byte[json.length + 1];
                System.arraycopy(json, 0, line, 0, json.length);
                line[json.length] = '\n';
                ByteBuffer buf = ByteBuffer.wrap(line);
                long pos = committed;
                while (buf.hasRemaining()) {
                    pos += ops.write(buf, pos);
                }
                committed = pos;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the tracking journal " + dir, e);
            }
            nextSeq++;
            return numbered;
        }
    }

    /** Up to {@code max} complete entries starting at byte {@code offset}. */
    List<Stored> read(long offset, int max) throws IOException {
        return read(offset, max, Long.MAX_VALUE);
    }

    /**
     * Up to {@code max} complete entries starting at byte {@code offset}, stopping once they take
     * more than {@code maxBytes} (at least one entry is returned when there is one).
     */
    List<Stored> read(long offset, int max, long maxBytes) throws IOException {
        List<Stored> out = new ArrayList<>();
        long end = committed;
        long pos = offset;
        int chunk = 64 * 1024;
        while (pos < end && out.size() < max && pos - offset <= maxBytes) {
            int len = (int) Math.min(chunk, end - pos);
            ByteBuffer buf = ByteBuffer.allocate(len);
            while (buf.hasRemaining()) {
                if (ops.read(buf, pos + buf.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = buf.array();
            int start = 0;
            boolean progressed = false;
            for (int i = 0; i < buf.position() && out.size() < max; i++) {
                if (bytes[i] == '\n') {
                    JournalEntry e = JSON.readValue(bytes, start, i - start, JournalEntry.class);
                    out.add(new Stored(e, pos + i + 1));
                    start = i + 1;
                    progressed = true;
                }
            }
            if (!progressed) {
                chunk *= 2; // a line longer than the chunk
                continue;
            }
            pos += start;
        }
        return out;
    }

    /** Syncs appended entries to the storage device. */
    void sync() throws IOException {
        ops.force(false);
    }

    /** Durably records that everything before {@code endOffset} (up to entry {@code seq}) is done. */
    void markDone(long seq, long endOffset) throws IOException {
        writeAtomically(dir.resolve("delivered"), (endOffset + " " + seq + "\n").getBytes(StandardCharsets.US_ASCII));
        deliveredOffset = endOffset;
        deliveredSeq = seq;
    }

    /**
     * Empties {@code ops.jsonl} when everything in it is done and it has grown past
     * {@code thresholdBytes}, so a long session does not grow its journal without end. Appends
     * wait meanwhile. The file is cut before the mark is moved: a crash in between leaves a mark
     * past the end of an empty file, which reads as "all done" — never as "replay everything".
     *
     * @return whether it compacted
     */
    boolean compactIfDone(long thresholdBytes) throws IOException {
        synchronized (appendLock) {
            if (committed < thresholdBytes || deliveredOffset < committed) {
                return false;
            }
            ops.truncate(0);
            ops.force(false);
            committed = 0;
            markDone(deliveredSeq, 0);
            return true;
        }
    }

    /** Records an entry the store refused; the caller then marks it done. */
    void recordFailure(JournalEntry entry, String error) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", entry.seq());
        n.put("kind", entry.kind().name());
        n.put("run", entry.run());
        n.put("error", error);
        n.set("entry", JSON.valueToTree(entry));
        appendSynced(dir.resolve("failed.jsonl"), JSON.writeValueAsBytes(n));
        failures++;
    }

    /** Durably records where a run was created. */
    void recordRun(RunRef ref) throws IOException {
        appendSynced(dir.resolve("runs.jsonl"), JSON.writeValueAsBytes(ref));
        runs.put(ref.run(), ref);
    }

    /** {@link #recordRun} for the delivery code, which classifies I/O failures itself. */
    void recordRunUnchecked(RunRef ref) {
        try {
            recordRun(ref);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RunRef run(String key) {
        return runs.get(key);
    }

    /** A new path in {@code blobs/} for a staged artifact. */
    Path newBlob() {
        return dir.resolve("blobs").resolve(UUID.randomUUID().toString());
    }

    Path blob(String name) {
        return dir.resolve("blobs").resolve(name);
    }

    long deliveredOffset() {
        return deliveredOffset;
    }

    long deliveredSeq() {
        return deliveredSeq;
    }

    /** The number of the last appended entry. */
    long lastSeq() {
        synchronized (appendLock) {
            return nextSeq - 1;
        }
    }

    int failures() {
        return failures;
    }

    /** Whether every appended entry is done. */
    boolean caughtUp() {
        return deliveredOffset >= committed;
    }

    /**
     * Releases the session. When everything is done it is removed (or kept with a {@code done}
     * marker when it holds failures, for inspection); otherwise it stays for a later recorder.
     */
    @Override
    public void close() {
        close(caughtUp());
    }

    /**
     * Lets go of the session without cleaning it up, although it may be caught up: an adopted
     * session whose runs still have to be ended KILLED by a later recorder.
     */
    void release() {
        close(false);
    }

    private void close(boolean finished) {
        try {
            if (!finished) {
                ops.force(false); // what is left must survive until a later recorder delivers it
            }
            ops.close();
        } catch (IOException ignored) {
            // closing a file we only appended to
        }
        try {
            if (finished) {
                if (failures > 0) {
                    Files.writeString(dir.resolve("done"), "");
                } else {
                    FileTrees.delete(dir);
                }
            }
        } catch (IOException e) {
            System.err.println("jtrack: could not clean up journal " + dir + ": " + e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel anyway
            }
            HELD.remove(dir);
        }
    }

    private static void appendSynced(Path file, byte[] json) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
