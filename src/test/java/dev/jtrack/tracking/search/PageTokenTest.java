package dev.jtrack.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void roundTripsAndReadsMlflowTokens() {
        assertEquals(12345, PageToken.decode(PageToken.encode(12345)));
        assertEquals(0, PageToken.decode(null));
        String mlflow = Base64.getEncoder().encodeToString("{\"offset\": 100}".getBytes(StandardCharsets.UTF_8));
        assertEquals(100, PageToken.decode(mlflow));
    }

    @Test
    void rejectsGarbage() {
        assertThrows(MlflowException.class, () -> PageToken.decode("%%%"));
        assertThrows(MlflowException.class, () -> PageToken.decode(Base64.getEncoder().encodeToString("{\"offset\": -1}".getBytes())));
        assertThrows(MlflowException.class, () -> PageToken.decode(Base64.getEncoder().encodeToString("[]".getBytes())));
        assertThrows(MlflowException.class, () -> PageToken.checkMaxResults(0, 10));
        assertThrows(MlflowException.class, () -> PageToken.checkMaxResults(11, 10));
    }
}
