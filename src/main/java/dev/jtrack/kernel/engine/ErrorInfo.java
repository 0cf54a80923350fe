package dev.jtrack.kernel.engine;

import java.util.List;

/**
 * A cell error as Jupyter shows it.
 *
 * @param ename the real exception class name (or e.g. {@code CompilationException})
 * @param evalue the message
 * @param traceback lines to show, user cell lines first, kernel-internal frames removed
 */
public record ErrorInfo(String ename, String evalue, List<String> traceback) {}
