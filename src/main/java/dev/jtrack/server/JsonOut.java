package dev.jtrack.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a response object in protobuf's JSON mapping as the MLflow server sends it: snake_case
 * names, int64 as JSON numbers, non-finite doubles as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, and unset (null) fields and empty lists omitted.
 */
public final class JsonOut {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final JsonGenerator gen;

    JsonOut() {
        try {
            gen = FACTORY.createGenerator(buffer);
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The underlying generator, positioned inside the response object. */
    public JsonGenerator gen() {
        return gen;
    }

    byte[] finish() throws IOException {
        gen.writeEndObject();
        gen.close();
        return buffer.toByteArray();
    }

    /** Writes a string field unless the value is null. */
    public JsonOut str(String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
        return this;
    }

    /** Writes an int64 field as a JSON number unless the value is null. */
    public JsonOut num(String name, Long value) throws IOException {
        if (value != null) {
            gen.writeNumberField(name, value.longValue());
        }
        return this;
    }

    /** Writes an int64 field as a JSON number. */
    public JsonOut num(String name, long value) throws IOException {
        gen.writeNumberField(name, value);
        return this;
    }

    /** Writes a double field, non-finite values as protobuf's JSON strings. */
    public JsonOut dbl(String name, double value) throws IOException {
        gen.writeFieldName(name);
        writeDouble(gen, value);
        return this;
    }

    /** Writes a boolean field. */
    public JsonOut bool(String name, boolean value) throws IOException {
        gen.writeBooleanField(name, value);
        return this;
    }

    static void writeDouble(JsonGenerator gen, double value) throws IOException {
        if (Double.isNaN(value)) {
            gen.writeString("NaN");
        } else if (value == Double.POSITIVE_INFINITY) {
            gen.writeString("Infinity");
        } else if (value == Double.NEGATIVE_INFINITY) {
            gen.writeString("-Infinity");
        } else {
            gen.writeNumber(value);
        }
    }
}
