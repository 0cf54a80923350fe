package dev.jtrack.cli;

/** Checks on the Java runtime the CLI runs on. */
final class Jdk {
    private Jdk() {}

    /** Fails with a one-line error when this runtime has no JShell (a JRE rather than a JDK). */
    static void requireJShell() {
        if (ModuleLayer.boot().findModule("jdk.jshell").isEmpty()) {
            throw new UserError("the Java runtime at " + System.getProperty("java.home")
                    + " has no jdk.jshell module; jtrack needs a full JDK 17 or newer (set JAVA_HOME to one)");
        }
    }
}
