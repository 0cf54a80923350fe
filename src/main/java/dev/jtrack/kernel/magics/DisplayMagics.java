package dev.jtrack.kernel.magics;

import dev.jtrack.kernel.display.MimeText;

/** {@code %%html} and {@code %%markdown}: the cell's body shown as HTML or Markdown. */
final class DisplayMagics {
    private DisplayMagics() {}

    static void register(MagicRegistry registry) {
        registry.registerCell("html", (args, body, context) -> MimeText.of("text/html", body));
        registry.registerCell("markdown", (args, body, context) -> MimeText.of("text/markdown", body));
    }
}
