package dev.jtrack.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.MlflowException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreUriTest {

    @TempDir
    Path wd;

    @Test
    void nothingConfiguredMeansJtrackDbInWorkingDirectory() {
        StoreUri u = StoreUri.resolve(null, wd);
        assertEquals(StoreUri.Kind.SQLITE, u.kind());
        assertEquals(wd.resolve("jtrack.db"), u.sqliteFile());
        assertEquals(wd.resolve("jtrack-artifacts").toUri().toString(), u.defaultArtifactRoot());
        assertEquals(u, StoreUri.resolve("  ", wd));
    }

    @Test
    void sqliteUris() {
        assertEquals(wd.resolve("rel.db"), StoreUri.resolve("sqlite:///rel.db", wd).sqliteFile());
        assertEquals(wd.resolve("sub/rel.db"), StoreUri.resolve("sqlite:///sub/rel.db", wd).sqliteFile());
        assertEquals(Path.of("/tmp/abs.db"), StoreUri.resolve("sqlite:////tmp/abs.db", wd).sqliteFile());
        assertEquals(Path.of("/tmp/x/abs.db"), StoreUri.resolve("sqlite:///tmp/x/abs.db", wd).sqliteFile());
        assertEquals(Path.of("/tmp/x/jtrack-artifacts").toUri().toString(),
                StoreUri.resolve("sqlite:///tmp/x/abs.db", wd).defaultArtifactRoot());
        assertThrows(MlflowException.class, () -> StoreUri.resolve("sqlite://", wd));
        assertThrows(MlflowException.class, () -> StoreUri.resolve("sqlite:///:memory:", wd));
    }

    @Test
    void directoriesAndDbPaths() {
        StoreUri d = StoreUri.resolve(wd.resolve("store").toString(), wd);
        assertEquals(wd.resolve("store/mlflow.db"), d.sqliteFile());
        assertEquals(wd.resolve("store/jtrack-artifacts").toUri().toString(), d.defaultArtifactRoot());
        assertEquals(wd.resolve("rel/mlflow.db"), StoreUri.resolve("rel", wd).sqliteFile());
        assertEquals(wd.resolve("my.db"), StoreUri.resolve("my.db", wd).sqliteFile());
        assertEquals(wd.resolve("f/mlflow.db"), StoreUri.resolve(wd.resolve("f").toUri().toString(), wd).sqliteFile());
    }

    @Test
    void postgresUris() {
        StoreUri p = StoreUri.resolve("postgresql://jtrack:s%40cret@127.0.0.1:5432/db", wd);
        assertEquals(StoreUri.Kind.POSTGRESQL, p.kind());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/db", p.jdbcUrl());
        assertEquals("jtrack", p.user());
        assertEquals("s@cret", p.password());
        assertEquals("jdbc:postgresql://h/db", StoreUri.resolve("postgresql+psycopg2://u@h/db", wd).jdbcUrl());
        assertEquals("u", StoreUri.resolve("postgresql+psycopg2://u@h/db", wd).user());
        assertEquals("jdbc:postgresql://h:1/db", StoreUri.resolve("postgres://h:1/db", wd).jdbcUrl());
        assertThrows(MlflowException.class, () -> StoreUri.resolve("postgresql://", wd));
    }

    @Test
    void httpAndUnknown() {
        assertEquals(StoreUri.Kind.REST, StoreUri.resolve("http://127.0.0.1:5000", wd).kind());
        assertEquals("https://x", StoreUri.resolve("https://x", wd).httpUri());
        assertThrows(MlflowException.class, () -> StoreUri.resolve("mysql://u@h/db", wd));
    }
}
