package dev.jtrack.kernel.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards one cell's output to the protocol layer's sink and keeps a copy for the cell's record
 * (text capped at {@value #MAX_TEXT} characters per stream).
 */
final class RecordingSink implements OutputSink {
    static final int MAX_TEXT = 1 << 20;

    private final OutputSink target;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<MimeBundle> displays = new ArrayList<>();
    private boolean recording = true;

    RecordingSink(OutputSink target) {
        this.target = target;
    }

    @Override
    public void stream(String name, String text) {
        StringBuilder copy = "stderr".equals(name) ? stderr : stdout;
        synchronized (this) {
            if (recording && copy.length() < MAX_TEXT) {
                copy.append(text, 0, Math.min(text.length(), MAX_TEXT - copy.length()));
            }
        }
        target.stream(name, text);
    }

    @Override
    public void displayData(MimeBundle bundle, String displayId) {
        synchronized (this) {
            if (recording) {
                displays.add(bundle);
            }
        }
        target.displayData(bundle, displayId);
    }

    @Override
    public void updateDisplayData(MimeBundle bundle, String displayId) {
        synchronized (this) {
            if (recording) {
                displays.add(bundle);
            }
        }
        target.updateDisplayData(bundle, displayId);
    }

    @Override
    public void clearOutput(boolean wait) {
        target.clearOutput(wait);
    }

    @Override
    public String inputRequest(String prompt, boolean password) throws IOException {
        return target.inputRequest(prompt, password);
    }

    /** Stops keeping copies (the cell's record is built); output is still forwarded. */
    synchronized void stopRecording() {
        recording = false;
        stdout.setLength(0);
        stdout.trimToSize();
        stderr.setLength(0);
        stderr.trimToSize();
        displays.clear();
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized String stderr() {
        return stderr.toString();
    }

    synchronized List<MimeBundle> displays() {
        return List.copyOf(displays);
    }
}
