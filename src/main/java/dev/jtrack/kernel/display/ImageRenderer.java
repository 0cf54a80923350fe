package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/** {@link RenderedImage} (e.g. {@code BufferedImage}) → {@code image/png}, with its size as metadata. */
final class ImageRenderer implements Renderer<RenderedImage> {
    @Override
    public void render(RenderedImage image, Set<String> requested, MimeBundle into) {
        into.put("image/png", Base64.getEncoder().encodeToString(png(image)));
        into.putMetadata("image/png", Map.of("width", image.getWidth(), "height", image.getHeight()));
        into.put("text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
    }

    static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalArgumentException("no PNG writer for this image type");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
