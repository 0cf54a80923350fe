package dev.jtrack.kernel.magics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code %load file}, {@code %time stmt} and {@code %%time}: running code in special ways. */
final class CodeMagics {
    private CodeMagics() {}

    static void register(MagicRegistry registry) {
        registry.registerLine("load", CodeMagics::load);
        registry.registerLine("time", (args, context) -> time(args, context));
        registry.registerCell("time", (args, body, context) -> time(body, context));
    }

    private static Object load(String args, MagicContext context) throws Exception {
        if (args.isBlank()) {
            throw new IllegalArgumentException("usage: %load path/to/File.java");
        }
        String name = args.strip();
        if (name.startsWith("~/")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        Path file = context.workingDirectory().resolve(name).normalize();
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "%load: no such file");
        }
        return context.evaluate(code);
    }

    private static Object time(String code, MagicContext context) throws Exception {
        long start = System.nanoTime();
        try {
            return context.evaluate(code);
        } finally {
            double millis = (System.nanoTime() - start) / 1e6;
            System.out.println(String.format(Locale.ROOT, "Wall time: %.1f ms", millis));
        }
    }
}
