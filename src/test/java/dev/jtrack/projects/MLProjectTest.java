package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MLProjectTest {
    @TempDir
    Path dir;

    private MLProject project(String yaml) throws Exception {
        Files.writeString(dir.resolve("MLproject"), yaml);
        Files.writeString(dir.resolve("nb.ipynb"), "{}");
        Files.writeString(dir.resolve("Train.java"), "class Train {}");
        return MLProject.load(dir);
    }

    private static final String ALL_TYPES = """
            name: typed
            java_env:
              java: "17+"
              dependencies: ["org.example:lib:1.0"]
              jvm_options: ["-Xmx256m"]
            entry_points:
              main:
                parameters:
                  s: {type: string, default: hello}
                  f: {type: float, default: 0.5}
                  p: {type: path, default: nb.ipynb}
                  u: {type: uri, default: "s3://bucket/key"}
                  i: {type: int, default: 3}
                  l: {type: long, default: 10000000000}
                  d: {type: double, default: 1e-3}
                  b: {type: boolean, default: false}
                  li: {type: list, default: [a, b]}
                  req: int
                command: "echo {s} {req}"
              nb:
                notebook: nb.ipynb
              prog:
                java: Train.java
            """;

    @Test
    void readsEveryEntryKindAndTheJavaEnv() throws Exception {
        MLProject p = project(ALL_TYPES);
        assertEquals("typed", p.name());
        assertEquals(EntryPoint.Kind.COMMAND, p.entryPoint("main").kind());
        assertEquals(EntryPoint.Kind.NOTEBOOK, p.entryPoint("nb").kind());
        assertEquals(EntryPoint.Kind.JAVA, p.entryPoint("prog").kind());
        assertEquals("Train.java", p.entryPoint("prog").target());
        assertEquals("17+", p.javaEnv().java());
        assertEquals(List.of("org.example:lib:1.0"), p.javaEnv().dependencies());
        assertEquals(List.of("-Xmx256m"), p.javaEnv().jvmOptions());
        assertTrue(p.entryPoint("main").parameters().get("req").required());
    }

    @Test
    void convertsEveryParameterType() throws Exception {
        EntryPoint main = project(ALL_TYPES).entryPoint("main");
        Map<String, Object> v = main.resolve(Map.of("req", "7"), dir);
        assertEquals("hello", v.get("s"));
        assertEquals(0.5, v.get("f"));
        assertEquals(dir.resolve("nb.ipynb").toString(), v.get("p"));
        assertEquals("s3://bucket/key", v.get("u"));
        assertEquals(3L, v.get("i"));
        assertEquals(10000000000L, v.get("l"));
        assertEquals(1e-3, v.get("d"));
        assertEquals(false, v.get("b"));
        assertEquals(List.of("a", "b"), v.get("li"));
        assertEquals(7L, v.get("req"));
        Map<String, Object> given = new LinkedHashMap<>(Map.of("req", "1", "b", "TRUE", "li", "x, y,z", "f", "2",
                "extra", "kept as text"));
        Map<String, Object> w = main.resolve(given, dir);
        assertEquals(true, w.get("b"));
        assertEquals(List.of("x", "y", "z"), w.get("li"));
        assertEquals(2.0, w.get("f"));
        assertEquals("2.0", ParameterType.text(w.get("f")));
        assertEquals("kept as text", w.get("extra"));
    }

    @Test
    void refusesEachWrongValueNamingParameterAndEntryPoint() throws Exception {
        EntryPoint main = project(ALL_TYPES).entryPoint("main");
        Map<String, String> bad = Map.of(
                "f", "fast", "p", "no/such/file", "u", "not a uri", "i", "3000000000", "l", "1.5",
                "d", "NaN", "b", "yes");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Map<String, Object> given = new LinkedHashMap<>(Map.of("req", "1"));
            given.put(e.getKey(), e.getValue());
            ProjectError error = assertThrows(ProjectError.class, () -> main.resolve(given, dir), e.toString());
            assertTrue(error.getMessage().contains("entry point 'main'"), error.getMessage());
            assertTrue(error.getMessage().contains("parameter '" + e.getKey() + "'"), error.getMessage());
        }
        ProjectError missing = assertThrows(ProjectError.class, () -> main.resolve(Map.of(), dir));
        assertTrue(missing.getMessage().contains("missing required parameter 'req' (int)"), missing.getMessage());
        ProjectError both = assertThrows(ProjectError.class, () -> main.resolve(Map.of("i", "x"), dir));
        assertTrue(both.getMessage().contains("'req'") && both.getMessage().contains("'i'"), "all problems at once: " + both.getMessage());
    }

    @Test
    void refusesMalformedProjects() {
        assertThrows(ProjectError.class, () -> MLProject.load(dir), "no MLproject file");
        for (String yaml : List.of(
                "entry_points: {}",
                "entry_points: {main: {command: x, notebook: nb.ipynb}}",
                "entry_points: {main: {notebook: missing.ipynb}}",
                "entry_points: {main: {notebook: Train.java}}",
                "entry_points: {main: {command: x, parameters: {a: {type: complex}}}}",
                "java_env: {java: seventeen}\nentry_points: {main: {command: x}}",
                "entry_points: {a: {command: x}, main: {steps: {s1: {entry_point: nope}}}}",
                "entry_points: {a: {command: x}, main: {steps: {s1: {entry_point: a, needs: [s2]}, s2: {entry_point: a, needs: [s1]}}}}",
                "entry_points: {a: {command: x}, main: {steps: {s1: {entry_point: a, needs: [ghost]}}}}")) {
            ProjectError e = assertThrows(ProjectError.class, () -> project(yaml), yaml);
            assertTrue(e.getMessage().contains("MLproject"), e.getMessage());
        }
    }

    @Test
    void unknownEntryPointNamesTheOnesThatExist() throws Exception {
        ProjectError e = assertThrows(ProjectError.class, () -> project(ALL_TYPES).entryPoint("train"));
        assertEquals("project 'typed' has no entry point 'train' (it has main, nb, prog)", e.getMessage());
    }

    @Test
    void mlflowCommandQuoting() {
        String line = CommandTemplate.render("main", "python train.py --alpha {alpha} --name {name} {{literal}}",
                new LinkedHashMap<>(Map.of("alpha", "0.5", "name", "it's a b")), java.util.Set.of("alpha", "name"));
        assertEquals("python train.py --alpha 0.5 --name 'it'\"'\"'s a b' {literal}", line);
        Map<String, String> withExtra = new LinkedHashMap<>();
        withExtra.put("alpha", "1");
        withExtra.put("extra", "");
        assertEquals("run 1 --extra ''", CommandTemplate.render("main", "run {alpha}", withExtra, java.util.Set.of("alpha")));
        assertThrows(ProjectError.class, () -> CommandTemplate.render("main", "run {beta}", Map.of(), java.util.Set.of()));
    }

    @Test
    void jdkSpecs() throws Exception {
        assertTrue(new JavaEnv("17+", List.of(), List.of()).accepts(21));
        assertTrue(!new JavaEnv("21+", List.of(), List.of()).accepts(17));
        assertTrue(new JavaEnv("17", List.of(), List.of()).accepts(17));
        assertTrue(!new JavaEnv("17", List.of(), List.of()).accepts(18));
        assertTrue(new JavaEnv("17-21", List.of(), List.of()).accepts(19));
        Path jdk21 = Files.createDirectories(dir.resolve("jdk21"));
        Files.writeString(jdk21.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21.0.2\"\n");
        Path current = Path.of(System.getProperty("java.home"));
        JavaEnv needs21 = new JavaEnv("21+", List.of(), List.of());
        assertEquals(jdk21, needs21.chooseJavaHome(null, current, 17, jdk21), "JAVA_HOME used when this JVM does not match");
        ProjectError refused = assertThrows(ProjectError.class, () -> needs21.chooseJavaHome(null, current, 17, null));
        assertTrue(refused.getMessage().contains("needs JDK 21+"), refused.getMessage());
        ProjectError explicit = assertThrows(ProjectError.class,
                () -> new JavaEnv("17", List.of(), List.of()).chooseJavaHome(jdk21, current, 17, null));
        assertTrue(explicit.getMessage().contains("--java-home"), explicit.getMessage());
        assertEquals(current, new JavaEnv("17+", List.of(), List.of()).chooseJavaHome(null, current, 17, jdk21));
    }
}
