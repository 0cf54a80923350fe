package dev.jtrack.util;

/** The version of this jtrack build. */
public final class JtrackVersion {
    private JtrackVersion() {}

    /** The version from the jar manifest ({@code Implementation-Version}); "dev" when run from classes. */
    public static String current() {
        String v = JtrackVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
