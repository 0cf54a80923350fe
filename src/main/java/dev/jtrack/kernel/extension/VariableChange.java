package dev.jtrack.kernel.extension;

/**
 * A variable a cell declared or gave a new value (a new object, or a different primitive or
 * string value; changes inside a mutable object are not seen).
 *
 * @param name the variable's name
 * @param type its declared type as written in Java
 * @param value a short text of its value (at most 200 characters)
 * @param declared true when the cell declared (or redeclared) it, false when it only assigned it
 */
public record VariableChange(String name, String type, String value, boolean declared) {}
