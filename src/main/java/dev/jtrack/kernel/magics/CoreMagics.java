package dev.jtrack.kernel.magics;

/** {@code %lsmagic}: lists the magics. */
final class CoreMagics {
    private CoreMagics() {}

    static void register(MagicRegistry registry) {
        registry.registerLine("lsmagic", (args, context) -> {
            MagicRegistry magics = context.magics();
            System.out.println("Line magics: " + String.join("  ", magics.lineNames().stream().map(n -> "%" + n).toList()));
            System.out.println("Cell magics: " + String.join("  ", magics.cellNames().stream().map(n -> "%%" + n).toList()));
            return null;
        });
    }
}
