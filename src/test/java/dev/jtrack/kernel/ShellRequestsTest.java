package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellRequestsTest {
    @Test
    void cursorsConvertBetweenCodePointsAndUtf16() {
        String code = "String s = \"\uD83D\uDE00\"; s.len";
        int codePoints = code.codePointCount(0, code.length());
        assertEquals(code.length(), ShellRequests.toUtf16(code, codePoints));
        assertEquals(codePoints, ShellRequests.toCodePoints(code, code.length()));
        assertEquals(12, ShellRequests.toUtf16(code, 12));
        assertEquals(14, ShellRequests.toUtf16(code, 13));
        assertEquals(code.length(), ShellRequests.toUtf16(code, 999));
        assertEquals(0, ShellRequests.toUtf16(code, -3));
    }

    @Test
    void cellIdComesFromJupyterLabOrVsCodeMetadata() {
        assertEquals("lab", ExecutionService.cellId(Map.of("cellId", "lab")));
        assertEquals("vscode", ExecutionService.cellId(Map.of("cell_id", "vscode")));
        assertEquals(null, ExecutionService.cellId(Map.of()));
    }

    @Test
    void optionsSplitOnWhitespaceHonouringQuotes() {
        assertEquals(List.of("--enable-preview", "--release", "17"),
                EngineStarter.splitOptions("  --enable-preview --release 17 "));
        assertEquals(List.of("-Afoo=a b", "-g"), EngineStarter.splitOptions("\"-Afoo=a b\" -g"));
        assertEquals(List.of(), EngineStarter.splitOptions(null));
    }
}
