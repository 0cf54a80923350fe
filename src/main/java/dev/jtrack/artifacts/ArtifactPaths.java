package dev.jtrack.artifacts;

import java.util.ArrayList;
import java.util.List;

/** Validation and normalisation of relative artifact paths. */
public final class ArtifactPaths {
    private ArtifactPaths() {}

    /**
     * The path in canonical form: '/'-separated, no empty or "." segments, no leading or trailing
     * slash; "" for the root. Rejects NUL and control characters, backslashes, absolute paths,
     * drive letters and any ".." segment.
     *
     * @throws ArtifactPathException if the path is not a safe relative path
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ArtifactPathException("Invalid artifact path: control or NUL characters are not allowed.");
            }
            if (c == '\\') {
                throw new ArtifactPathException("Invalid artifact path '" + path + "': backslashes are not allowed.");
            }
        }
        if (path.startsWith("/") || (path.length() >= 2 && path.charAt(1) == ':')) {
            throw new ArtifactPathException("Invalid artifact path '" + path + "': absolute paths are not allowed.");
        }
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new ArtifactPathException("Invalid artifact path '" + path + "': '..' is not allowed.");
            }
            parts.add(seg);
        }
        return String.join("/", parts);
    }

    /** Joins two normalised relative paths. */
    public static String join(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a + "/" + b;
    }
}
