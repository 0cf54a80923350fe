package dev.jtrack.kernel.extension;

/**
 * A plug-in of the jtrack kernel, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension} of
 * a jar. Extensions on the kernel's classpath are loaded at start; jars added later with
 * {@code %classpath}, {@code %jars} or {@code %maven} are scanned when they are added.
 *
 * <p>An extension contributes magics and renderers in {@link #onStart} through the
 * {@link KernelSession}, may name {@link #defaultImports classes to import} and {@link #staticImports classes whose static members to import}, and observes cells through the other hooks. Hooks run on the kernel's
 * execution thread: they must be quick (hand slow work, such as network calls, to another thread).
 * An exception thrown by a hook is reported on stderr and does not affect the cell.
 * Implementations need a public no-argument constructor.
 */
public interface KernelExtension {
    /**
     * Classes notebook code may use without an import, fully qualified (e.g.
     * {@code "com.example.Helper"}): single types, never {@code package.*}, so a library's
     * class of another simple name is never shadowed. Imported once when the kernel starts,
     * before the first cell; a class a notebook declares or imports later under the same simple
     * name wins.
     */
    default java.util.List<String> defaultImports() {
        return java.util.List.of();
    }

    /**
     * Classes whose static members notebook code may call without an import, fully qualified
     * (e.g. {@code "com.example.Helpers"} for {@code import static com.example.Helpers.*}).
     * Imported once when the kernel starts, before the first cell.
     */
    default java.util.List<String> staticImports() {
        return java.util.List.of();
    }

    /** Called once when the extension is loaded (at kernel start or when its jar is added). */
    default void onStart(KernelSession session) {}

    /** Called before each cell runs (not for silent executions). */
    default void beforeCell(CellStart cell) {}

    /** Called after each cell ended (not for silent executions), with everything known about it. */
    default void afterCell(CellRecord record) {}

    /** Called once when the kernel shuts down. */
    default void onShutdown() {}
}
