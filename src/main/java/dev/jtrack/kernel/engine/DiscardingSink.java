package dev.jtrack.kernel.engine;

import java.io.IOException;

/** A sink that drops everything: for the engine's silent warm-up cells. */
final class DiscardingSink implements OutputSink {
    @Override
    public void stream(String name, String text) {}

    @Override
    public void displayData(MimeBundle bundle, String displayId) {}

    @Override
    public void updateDisplayData(MimeBundle bundle, String displayId) {}

    @Override
    public void clearOutput(boolean wait) {}

    @Override
    public String inputRequest(String prompt, boolean password) throws IOException {
        throw new IOException("no input for this execution");
    }
}
