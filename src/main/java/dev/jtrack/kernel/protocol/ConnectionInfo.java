package dev.jtrack.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contents of a Jupyter connection file: where to bind each channel and how to sign messages.
 *
 * @param transport {@code tcp} (the only transport JeroMQ shares with libzmq clients)
 * @param ip the address to bind
 * @param key the HMAC key; empty means messages are not signed
 * @param signatureScheme e.g. {@code hmac-sha256}
 * @param kernelName the kernelspec name the front end started us as, or {@code null}
 */
public record ConnectionInfo(
        String transport,
        String ip,
        int shellPort,
        int controlPort,
        int stdinPort,
        int iopubPort,
        int hbPort,
        String key,
        String signatureScheme,
        String kernelName) {

    /** Reads and validates a connection file; errors name the file and the problem. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("cannot read connection file " + file + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException("connection file " + file + " is not a JSON object");
        }
        ConnectionInfo info = new ConnectionInfo(
                json.path("transport").asText("tcp"),
                json.path("ip").asText("127.0.0.1"),
                port(json, "shell_port", file),
                port(json, "control_port", file),
                port(json, "stdin_port", file),
                port(json, "iopub_port", file),
                port(json, "hb_port", file),
                json.path("key").asText(""),
                json.path("signature_scheme").asText("hmac-sha256"),
                json.hasNonNull("kernel_name") ? json.get("kernel_name").asText() : null);
        if (!"tcp".equals(info.transport)) {
            throw new IOException("connection file " + file + ": transport '" + info.transport
                    + "' is not supported (use tcp)");
        }
        if (!info.key.isEmpty() && !"hmac-sha256".equals(info.signatureScheme)) {
            throw new IOException("connection file " + file + ": signature scheme '" + info.signatureScheme
                    + "' is not supported (use hmac-sha256)");
        }
        return info;
    }

    private static int port(JsonNode json, String name, Path file) throws IOException {
        JsonNode node = json.get(name);
        if (node == null || !node.canConvertToInt() || node.asInt() <= 0 || node.asInt() > 65535) {
            throw new IOException("connection file " + file + ": missing or invalid " + name);
        }
        return node.asInt();
    }

    /** The ZeroMQ endpoint for {@code port}. */
    public String endpoint(int port) {
        return transport + "://" + ip + ":" + port;
    }
}
