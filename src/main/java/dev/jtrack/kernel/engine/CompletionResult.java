package dev.jtrack.kernel.engine;

import java.util.List;
import java.util.Map;

/** A complete_reply's content: the matches and the range of the code they replace. */
public record CompletionResult(List<String> matches, int cursorStart, int cursorEnd, Map<String, Object> metadata) {}
