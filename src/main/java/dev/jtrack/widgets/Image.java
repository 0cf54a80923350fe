package dev.jtrack.widgets;

/** An image from bytes (PNG, JPEG, GIF, SVG...), sent to the front end as a binary buffer. */
public final class Image extends DOMWidget {
    /** Shows {@code bytes} in {@code format} ({@code "png"}, {@code "jpeg"}, {@code "gif"}, {@code "svg+xml"}). */
    public Image(byte[] bytes, String format) {
        super("ImageModel", "ImageView");
        set("value", bytes.clone());
        set("format", format);
        set("width", "");
        set("height", "");
    }

    /** Replaces the picture. */
    public Image value(byte[] bytes) {
        set("value", bytes.clone());
        return this;
    }

    /** The picture's bytes. */
    public byte[] value() {
        return ((byte[]) get("value")).clone();
    }

    /** The width in CSS pixels, e.g. {@code "200"}. */
    public Image width(String width) {
        set("width", width);
        return this;
    }

    @Override
    protected String describe() {
        return "format=" + get("format") + ", " + ((byte[]) get("value")).length + " bytes";
    }
}
