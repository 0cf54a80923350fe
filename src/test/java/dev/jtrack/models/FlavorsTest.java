package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A flavor added as documented: a class listed in META-INF/services/dev.jtrack.models.Flavor (test resources). */
class FlavorsTest {
    @TempDir
    Path dir;

    /** A "model" that answers every row with a fixed text; deliberately not Serializable. */
    public record Echo(String text) {}

    /** Stores an {@link Echo} as a text file and loads it as a predictor. */
    public static final class TextFlavor implements Flavor {
        @Override
        public String name() {
            return "echo_text";
        }

        @Override
        public boolean accepts(Object model) {
            return model instanceof Echo;
        }

        @Override
        public Map<String, Object> save(Object model, Path dir) throws IOException {
            Files.writeString(dir.resolve("echo.txt"), ((Echo) model).text());
            return Map.of("data", "echo.txt");
        }

        @Override
        public Object load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
            String text = Files.readString(dir.resolve(String.valueOf(config.get("data"))));
            return (Predictor) input -> {
                StringColumn c = StringColumn.create("echo");
                for (int i = 0; i < input.rowCount(); i++) c.append(text);
                return Table.create("o", c);
            };
        }

        @Override
        public Map<String, Object> metadata(Object model) {
            return Map.of("echo_length", ((Echo) model).text().length());
        }
    }

    @Test
    void aServiceFlavorSavesAndLoadsAfterTheBuiltInOnes() throws IOException {
        List<String> names = Flavors.all().stream().map(Flavor::name).toList();
        assertEquals(List.of("java_function", "tribuo", "xgboost", "onnx", "java_serialized", "echo_text"), names);
        MLmodel m = ModelPackage.save(new Echo("hi"), dir.resolve("e"), "e", null, null, null, null);
        assertEquals(Map.of("echo_length", 2), m.metadata());
        assertTrue(m.flavors().containsKey("echo_text"));
        Table out = ModelPackage.load(dir.resolve("e"), LoadOptions.defaults()).predict(ModelPackageTest.example());
        assertEquals(List.of("hi", "hi"), out.stringColumn("echo").asList());
    }
}
