package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses how a value is shown. The most specific registered type wins: first the value's class
 * and its superclasses, nearest first, then its interfaces (breadth first), and {@code Object} last. Every bundle gets a
 * {@code text/plain} representation, from {@code toString()} when no renderer supplies one.
 */
public final class RendererRegistry {
    private final Map<Class<?>, Renderer<?>> renderers = new ConcurrentHashMap<>();
    /** Renderers for library types named by class name, so the library is only loaded when such a value shows up. */
    private final Map<String, java.util.function.Supplier<Renderer<?>>> byName = new ConcurrentHashMap<>();

    /** A registry with jtrack's built-in renderers (images, Tablesaw tables, XChart charts, MIME strings). */
    public static RendererRegistry withBuiltIns() {
        RendererRegistry registry = new RendererRegistry();
        BuiltInRenderers.registerAll(registry);
        return registry;
    }

    /** Registers {@code renderer} for {@code type} and its subtypes, replacing an earlier one for exactly that type. */
    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        renderers.put(type, renderer);
    }

    /**
     * Registers a renderer for the type named {@code className} without loading that type; the
     * renderer is created the first time a value of that type (or a subtype) is rendered.
     */
    public void register(String className, java.util.function.Supplier<Renderer<?>> renderer) {
        byName.put(className, renderer);
    }

    private Renderer<?> lookup(Class<?> type) {
        Renderer<?> renderer = renderers.get(type);
        if (renderer == null && !byName.isEmpty()) {
            java.util.function.Supplier<Renderer<?>> named = byName.get(type.getName());
            if (named != null) {
                renderer = named.get();
                renderers.putIfAbsent(type, renderer);
                byName.remove(type.getName());
            }
        }
        return renderer;
    }

    /** The renderer that applies to {@code type}, or {@code null}. */
    public Renderer<?> find(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Renderer<?> renderer = lookup(c);
            if (renderer != null) {
                return renderer;
            }
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> next = queue.poll();
            if (!seen.add(next)) {
                continue;
            }
            Renderer<?> renderer = lookup(next);
            if (renderer != null) {
                return renderer;
            }
            queue.addAll(Arrays.asList(next.getInterfaces()));
        }
        return renderers.get(Object.class);
    }

    /**
     * Renders {@code value}. With {@code mimeTypes} given, the bundle holds only those types (and
     * an error is raised for one that cannot be produced); otherwise the renderer's defaults plus
     * {@code text/plain}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public MimeBundle render(Object value, String... mimeTypes) {
        Set<String> requested = new LinkedHashSet<>(Arrays.asList(mimeTypes));
        MimeBundle bundle = new MimeBundle();
        if (value instanceof MimeBundle given) {
            return given;
        }
        if (value != null) {
            Renderer renderer = find(value.getClass());
            if (renderer != null) {
                renderer.render(value, requested, bundle);
            }
        }
        if (bundle.plainText() == null && (requested.isEmpty() || requested.contains("text/plain"))) {
            bundle.put("text/plain", plainText(value));
        }
        if (requested.isEmpty()) {
            return bundle;
        }
        MimeBundle selected = new MimeBundle();
        for (String mime : requested) {
            Object data = bundle.data().get(mime);
            if (data == null && value instanceof CharSequence text) {
                // IJava's convention: text with an explicit MIME type is that type's content
                data = textAs(mime, text.toString());
            }
            if (data == null) {
                throw new IllegalArgumentException("cannot show a " + typeName(value) + " as " + mime
                        + "; available: " + bundle.data().keySet());
            }
            selected.put(mime, data);
            Object meta = bundle.metadata().get(mime);
            if (meta != null) {
                selected.putMetadata(mime, meta);
            }
        }
        return selected;
    }

    /** Text as the data of {@code mime}: JSON types hold the parsed JSON when the text is JSON, others the text. */
    private static Object textAs(String mime, String text) {
        if (mime.equals("application/json") || mime.endsWith("+json")) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Object.class);
            } catch (java.io.IOException notJson) {
                return text;
            }
        }
        return text;
    }

    /** {@code toString()}, with arrays spelled out. */
    public static String plainText(Object value) {
        if (value != null && value.getClass().isArray()) {
            Object[] boxed = new Object[Array.getLength(value)];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = Array.get(value, i);
            }
            return Arrays.deepToString(boxed);
        }
        return String.valueOf(value);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
