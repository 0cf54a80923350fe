package dev.jtrack.kernel.engine;

import java.io.IOException;

/**
 * Where one cell's output goes: implemented by the protocol layer, which turns each call into an
 * IOPub message whose parent is the cell's execute_request. A sink stays usable after its cell has
 * finished, so output from threads the cell started is still attributed to that cell.
 * Implementations are thread-safe.
 */
public interface OutputSink {
    /** Sends text on {@code stdout} or {@code stderr} ({@code name} is the Jupyter stream name). */
    void stream(String name, String text);

    /** Sends {@code display_data}; a non-null {@code displayId} goes into {@code transient.display_id}. */
    void displayData(MimeBundle bundle, String displayId);

    /** Sends {@code update_display_data} for an earlier display with {@code displayId}. */
    void updateDisplayData(MimeBundle bundle, String displayId);

    /** Sends {@code clear_output}. */
    void clearOutput(boolean wait);

    /**
     * Asks the front end for a line of input over the stdin channel and blocks for the reply.
     *
     * @throws IOException when the front end does not allow stdin for this request, or the kernel
     *     is interrupted or shut down while waiting
     */
    String inputRequest(String prompt, boolean password) throws IOException;
}
