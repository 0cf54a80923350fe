package dev.jtrack.kernel.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A test double of the protocol layer's sink: records every call. */
public final class TestSink implements OutputSink {
    /** One recorded call. */
    public record Call(String kind, String name, String text, MimeBundle bundle, String displayId) {}

    private final List<Call> calls = new ArrayList<>();
    private final Deque<String> inputs = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();

    /** Queues lines that inputRequest will answer with. */
    public TestSink input(String... lines) {
        inputs.addAll(List.of(lines));
        return this;
    }

    @Override
    public synchronized void stream(String name, String text) {
        calls.add(new Call("stream", name, text, null, null));
    }

    @Override
    public synchronized void displayData(MimeBundle bundle, String displayId) {
        calls.add(new Call("display", null, null, bundle, displayId));
    }

    @Override
    public synchronized void updateDisplayData(MimeBundle bundle, String displayId) {
        calls.add(new Call("update", null, null, bundle, displayId));
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        calls.add(new Call("clear", null, null, null, null));
    }

    @Override
    public synchronized String inputRequest(String prompt, boolean password) throws IOException {
        prompts.add(prompt);
        if (inputs.isEmpty()) {
            throw new IOException("no input allowed");
        }
        return inputs.poll();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** All text sent on the stream {@code name}. */
    public synchronized String text(String name) {
        StringBuilder out = new StringBuilder();
        calls.stream().filter(c -> "stream".equals(c.kind()) && name.equals(c.name())).forEach(c -> out.append(c.text()));
        return out.toString();
    }

    public synchronized List<Call> displays() {
        return calls.stream().filter(c -> !"stream".equals(c.kind())).toList();
    }
}
