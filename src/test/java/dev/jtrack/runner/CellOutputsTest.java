package dev.jtrack.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jtrack.kernel.engine.ErrorInfo;
import dev.jtrack.kernel.engine.MimeBundle;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellOutputsTest {
    private final ArrayNode outputs = JsonNodeFactory.instance.arrayNode();
    private final CellOutputs sink = new CellOutputs(outputs, null);

    @Test
    void mergesConsecutiveStreamTextLikeNbclient() {
        sink.stream("stdout", "a\n");
        sink.stream("stdout", "b");
        sink.stream("stderr", "e\n");
        sink.stream("stdout", "c\n");
        assertEquals(3, outputs.size());
        assertEquals("[\"a\\n\",\"b\"]", outputs.get(0).get("text").toString());
        assertEquals("stderr", outputs.get(1).get("name").asText());
    }

    @Test
    void updatesDisplaysByIdAndClearsOutput() {
        sink.displayData(new MimeBundle().put("text/plain", "first"), "d1");
        sink.stream("stdout", "x\n");
        sink.updateDisplayData(new MimeBundle().put("text/plain", "second"), "d1");
        assertEquals("[\"second\"]", outputs.get(0).get("data").get("text/plain").toString());
        sink.clearOutput(true);
        assertEquals(2, outputs.size(), "clear_output(wait) waits for the next output");
        sink.result(new MimeBundle().put("text/plain", "42").put("text/html", "<b>42</b>"), 3);
        assertEquals(1, outputs.size());
        assertEquals("execute_result", outputs.get(0).get("output_type").asText());
        assertEquals(3, outputs.get(0).get("execution_count").asInt());
        sink.clearOutput(false);
        assertEquals(0, outputs.size());
    }

    @Test
    void errorsAndInputAsNbformatHasThem() {
        sink.error(new ErrorInfo("java.lang.IllegalStateException", "boom", List.of("java.lang.IllegalStateException: boom", "\tat cell 2")));
        assertEquals("error", outputs.get(0).get("output_type").asText());
        assertEquals("boom", outputs.get(0).get("evalue").asText());
        assertEquals(2, outputs.get(0).get("traceback").size());
        assertThrows(IOException.class, () -> sink.inputRequest("name?", false), "no front end to type input");
    }
}
