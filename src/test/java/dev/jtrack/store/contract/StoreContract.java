package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * What the store contracts share: a fresh store of type {@code S} per test (subclasses say how to
 * open and release it: SQLite, PostgreSQL, REST over our server, ...) and the assertion helpers.
 */
public abstract class StoreContract<S extends AutoCloseable> {

    /** The store under test, fresh for each test. */
    protected S store;

    /** Opens a new, empty store. */
    protected abstract S openStore() throws Exception;

    /** Called after each test to release what {@link #openStore()} made. */
    protected void closeStore(S s) throws Exception {
        s.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            closeStore(store);
        }
    }

    /** {@code prefix} plus a random suffix. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Asserts that {@code e} throws an {@link MlflowException} with this error code. */
    protected static void assertCode(ErrorCode code, Executable e) {
        MlflowException ex = assertThrows(MlflowException.class, e);
        assertEquals(code, ex.errorCode(), () -> "message: " + ex.getMessage());
    }
}
