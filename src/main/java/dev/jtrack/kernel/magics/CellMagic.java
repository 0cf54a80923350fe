package dev.jtrack.kernel.magics;

/** A magic used as {@code %%name args} on the first line of a cell; the rest of the cell is its body. */
@FunctionalInterface
public interface CellMagic {
    /**
     * Runs the magic.
     *
     * @param args the rest of the first line after the name, trimmed
     * @param body the cell without its first line
     * @return a value to show as the cell's result, or {@code null}
     * @throws Exception a failure, shown as the cell's error
     */
    Object run(String args, String body, MagicContext context) throws Exception;
}
