package dev.jtrack.kernel.magics;

import dev.jtrack.maven.ResolvedDependency;
import java.nio.file.Path;
import java.util.List;

/** What a magic can do with the kernel it runs in. */
public interface MagicContext {
    /**
     * Runs {@code code} (Java, possibly with magics) as part of the current cell.
     *
     * @return the value of its final expression, or {@code null}
     * @throws Exception when the code fails to compile or throws; the cell then fails with that error
     */
    Object evaluate(String code) throws Exception;

    /** Adds jars or class directories to the notebook's classpath (compiler and class loader) and loads their extensions. */
    void addToClasspath(List<Path> entries);

    /** The classpath entries added so far. */
    List<Path> classpath();

    /** The magics known to this kernel. */
    MagicRegistry magics();

    /** Records dependencies resolved by {@code %maven} so that tracking can report them. */
    void recordDependencies(List<ResolvedDependency> dependencies);

    /** The directory relative paths are resolved against. */
    Path workingDirectory();
}
