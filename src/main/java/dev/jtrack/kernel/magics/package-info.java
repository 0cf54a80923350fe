/**
 * Magics: {@code %name args} lines anywhere in a cell (run in order with the Java between them) and
 * {@code %%name args} cell magics on the first line. {@link dev.jtrack.kernel.magics.Magics} registers
 * the built-in families: {@code %lsmagic}; {@code %maven}, {@code %mavenRepo}, {@code %classpath},
 * {@code %jars} ({@link dev.jtrack.kernel.magics.DependencyMagics}); {@code %load}, {@code %time},
 * {@code %%time}; {@code %env}; {@code %%html}, {@code %%markdown}. Extensions add more through
 * {@link dev.jtrack.kernel.extension.KernelSession}.
 */
package dev.jtrack.kernel.magics;
