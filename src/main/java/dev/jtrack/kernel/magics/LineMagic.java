package dev.jtrack.kernel.magics;

/** A magic used as {@code %name args} on a line of its own. */
@FunctionalInterface
public interface LineMagic {
    /**
     * Runs the magic.
     *
     * @param args the rest of the line after the name, trimmed
     * @return a value to show as the cell's result when the magic is the last thing in the cell, or
     *     {@code null}
     * @throws Exception a failure, shown as the cell's error (its message must say what went wrong)
     */
    Object run(String args, MagicContext context) throws Exception;
}
