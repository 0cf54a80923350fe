package dev.jtrack.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatJupyterClientWrites() throws IOException {
        Path file = Files.writeString(dir.resolve("kernel-1.json"), """
                {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
                 "hb_port": 5005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp",
                 "signature_scheme": "hmac-sha256", "kernel_name": "jtrack"}""");
        ConnectionInfo info = ConnectionInfo.read(file);
        assertEquals(5001, info.shellPort());
        assertEquals(5004, info.controlPort());
        assertEquals("abc", info.key());
        assertEquals("jtrack", info.kernelName());
        assertEquals("tcp://127.0.0.1:5005", info.endpoint(info.hbPort()));
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> ConnectionInfo.read(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
        Path noPort = Files.writeString(dir.resolve("a.json"), "{\"ip\": \"127.0.0.1\"}");
        assertTrue(assertThrows(IOException.class, () -> ConnectionInfo.read(noPort)).getMessage().contains("shell_port"));
        Path ipc = Files.writeString(dir.resolve("b.json"), """
                {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "transport": "ipc"}""");
        assertTrue(assertThrows(IOException.class, () -> ConnectionInfo.read(ipc)).getMessage().contains("ipc"));
        Path notJson = Files.writeString(dir.resolve("c.json"), "not json");
        assertThrows(IOException.class, () -> ConnectionInfo.read(notJson));
    }
}
