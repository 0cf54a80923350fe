package dev.jtrack.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local journal of an inference log, a directory holding {@code requests.jsonl} (one JSON
 * record per answered request, appended before the answer is sent), {@code delivered} (the byte
 * offset up to which records are stored as artifacts, replaced atomically) and {@code lock} (held
 * by the serving process). As with the recorder's journal, an append is in the file (the OS page
 * cache) when it returns, so it survives the process being killed; the deliverer syncs it to the
 * device before shipping it. A partial last line (a crash mid-write, never acknowledged) is dropped
 * when the journal is opened again.
 */
final class InferenceJournal implements AutoCloseable {
    /** A complete line read back, with the offset just past it. */
    record Line(byte[] json, long endOffset) {}

    private final Path dir;
    private final FileChannel file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object appendLock = new Object();
    private volatile long committed;
    private volatile long delivered;

    private InferenceJournal(Path dir, FileChannel file, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating) the journal in {@code dir}; fails when another process holds it. */
    static InferenceJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel lc = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lc.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lc.close();
            throw new IOException("the inference log " + dir + " is in use by another process (give another --log-dir)");
        }
        FileChannel f = FileChannel.open(dir.resolve("requests.jsonl"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        InferenceJournal j = new InferenceJournal(dir, f, lc, lock);
        j.load();
        return j;
    }

    private void load() throws IOException {
        long end = file.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            file.read(one, end - 1);
            if (one.get(0) == '\n') break;
            end--;
        }
        if (end < file.size()) file.truncate(end);
        committed = end;
        Path mark = dir.resolve("delivered");
        delivered = Files.exists(mark) ? Math.min(end, Long.parseLong(Files.readString(mark).strip())) : 0;
    }

    /** Appends one record (a JSON object without a newline). */
    void append(byte[] json) {
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        synchronized (appendLock) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                long pos = committed;
                while (buf.hasRemaining()) pos += file.write(buf, pos);
                committed = pos;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the inference log " + dir, e);
            }
        }
    }

    /** Bytes appended and not yet delivered. */
    long pending() {
        return committed - delivered;
    }

    long deliveredOffset() {
        return delivered;
    }

    /** Up to {@code max} complete lines after the delivered mark. */
    List<Line> undelivered(int max) throws IOException {
        List<Line> out = new ArrayList<>();
        long end = committed;
        long pos = delivered;
        int chunk = 256 * 1024;
        while (pos < end && out.size() < max) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(chunk, end - pos));
            while (buf.hasRemaining() && file.read(buf, pos + buf.position()) >= 0) {
                // read until full
            }
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < buf.position() && out.size() < max; i++) {
                if (bytes[i] == '\n') {
                    byte[] json = new byte[i - start];
                    System.arraycopy(bytes, start, json, 0, json.length);
                    out.add(new Line(json, pos + i + 1));
                    start = i + 1;
                }
            }
            if (start == 0) {
                chunk *= 2; // a line longer than the chunk
                continue;
            }
            pos += start;
        }
        return out;
    }

    /** Syncs appended records to the storage device. */
    void sync() throws IOException {
        file.force(false);
    }

    /**
     * Durably marks everything before {@code offset} delivered; when all is delivered, the file
     * is emptied so the journal does not grow without bound.
     */
    void markDelivered(long offset) throws IOException {
        synchronized (appendLock) {
            if (offset == committed && committed > (16L << 20)) {
                file.truncate(0);
                committed = 0;
                offset = 0;
            }
            Path tmp = dir.resolve("delivered.tmp");
            Files.writeString(tmp, offset + "\n", StandardCharsets.US_ASCII);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, dir.resolve("delivered"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            delivered = offset;
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try {
            file.force(false);
            file.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }

    /** Reads every complete record of a journal file (for tests and recovery tools). */
    static List<String> readAll(Path dir) throws IOException {
        Path f = dir.resolve("requests.jsonl");
        if (!Files.exists(f)) return List.of();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int last = text.lastIndexOf('\n');
        if (last < 0) return List.of();
        return List.of(text.substring(0, last).split("\n"));
    }
}
