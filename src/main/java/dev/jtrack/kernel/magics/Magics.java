package dev.jtrack.kernel.magics;

/** Registers every built-in magic family. */
public final class Magics {
    private Magics() {}

    /** Adds jtrack's built-in magics to {@code registry}. */
    public static void registerBuiltIns(MagicRegistry registry) {
        CoreMagics.register(registry);
        new DependencyMagics().register(registry);
        CodeMagics.register(registry);
        EnvMagics.register(registry);
        DisplayMagics.register(registry);
    }
}
