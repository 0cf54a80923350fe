package dev.jtrack.widgets;

import dev.jtrack.kernel.comm.Comm;
import dev.jtrack.kernel.comm.CommMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A Jupyter widget model living in the kernel, kept in sync with its views in the front ends over
 * the Jupyter widget messaging protocol 2.1 (what ipywidgets 8 front ends speak: JupyterLab 3+,
 * Notebook 7, VS Code). The model's comm is opened when the widget is first shown or referenced
 * by a shown widget; from then on every property change made in Java is sent to the front ends,
 * and every change made in a front end updates the property and calls the listeners registered
 * with {@link #onChange}. Listeners run on the kernel's execution thread, like cell code: what
 * they print goes below the cell or into an {@link Output} capturing it, an exception is shown.
 *
 * <p>Without a front end (a plain program, a headless run) a widget is an ordinary object whose
 * properties can be read and set; it shows as text.
 */
public abstract class Widget {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String VERSION = "2.0.0";

    private final String id = UUID.randomUUID().toString().replace("-", "");
    private final Map<String, Object> state = new LinkedHashMap<>();
    private final Map<String, List<Consumer<Object>>> listeners = new LinkedHashMap<>();
    private final List<BiConsumer<Map<String, Object>, List<byte[]>>> customHandlers = new CopyOnWriteArrayList<>();
    private volatile Comm comm;
    private volatile boolean closed;

    /** A model of the given names, with a view of the same module, or {@code viewName} null for none. */
    protected Widget(String modelModule, String modelName, String viewModule, String viewName) {
        this(modelModule, VERSION, modelName, viewModule, VERSION, viewName);
    }

    /** A model with explicit module versions (e.g. the output widget's {@code 1.0.0}). */
    protected Widget(String modelModule, String modelVersion, String modelName, String viewModule, String viewVersion,
                     String viewName) {
        state.put("_model_module", modelModule);
        state.put("_model_module_version", modelVersion);
        state.put("_model_name", modelName);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", viewVersion);
        state.put("_view_name", viewName);
    }

    /** The model id (also the comm id), as front ends name it in {@code IPY_MODEL_<id>} references. */
    public String id() {
        return id;
    }

    /** The value of property {@code name} (JSON-like: numbers, strings, booleans, lists, widgets, byte arrays). */
    public synchronized Object get(String name) {
        return state.get(name);
    }

    /** Sets property {@code name} and sends the change to the front ends (when the widget is shown). */
    public Widget set(String name, Object value) {
        boolean changed;
        synchronized (this) {
            changed = !Objects.equals(state.get(name), value) || !state.containsKey(name);
            state.put(name, value);
        }
        if (changed) {
            sendUpdate(Map.of(name, value == null ? NULL : value), "update");
            fire(name, value);
        }
        return this;
    }

    /** Marks a property value {@code null} in maps that don't accept nulls. */
    private static final Object NULL = new Object();

    /**
     * Calls {@code listener} with the new value whenever property {@code name} changes, from Java
     * or from a front end.
     */
    public Widget onChange(String name, Consumer<Object> listener) {
        synchronized (listeners) {
            listeners.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(Objects.requireNonNull(listener));
        }
        return this;
    }

    /** Calls {@code handler} with the content and buffers of custom messages a front end sends. */
    public Widget onCustomMessage(BiConsumer<Map<String, Object>, List<byte[]>> handler) {
        customHandlers.add(Objects.requireNonNull(handler));
        return this;
    }

    /** Sends a custom message ({@code method: "custom"}) to the widget's front-end models. */
    public void sendCustom(Map<String, Object> content, List<byte[]> buffers) {
        Comm open = open();
        open.send(new CommMessage(Map.of("method", "custom", "content", content), Map.of(), buffers));
    }

    /** Closes the widget: its views disappear and it can no longer be shown. */
    public void close() {
        closed = true;
        Comm open = comm;
        if (open != null) {
            open.close(Map.of());
        }
        WidgetManager.forget(this);
    }

    /** Whether {@link #close()} was called or the kernel restarted. */
    public boolean isClosed() {
        return closed;
    }

    /** The whole state, as sent to front ends (widgets as {@code IPY_MODEL_} references, bytes as buffers). */
    synchronized Map<String, Object> state() {
        return new LinkedHashMap<>(state);
    }

    /** Opens the widget's comm if it is not open yet (sending its whole state) and returns it. */
    Comm open() {
        Comm current = comm;
        if (current != null) {
            return current;
        }
        if (closed) {
            throw new IllegalStateException("the widget " + getClass().getSimpleName() + " was closed");
        }
        WireState wire = WireState.of(state());
        synchronized (this) {
            if (comm == null) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("state", wire.state());
                data.put("buffer_paths", wire.bufferPaths());
                Comm opened = WidgetManager.comms().open(id, "jupyter.widget",
                        new CommMessage(data, Map.of("version", WidgetManager.PROTOCOL_VERSION), wire.buffers()));
                opened.onMessage(this::receive);
                opened.onClose(message -> closed = true);
                WidgetManager.remember(this);
                comm = opened;
            }
            return comm;
        }
    }

    /** Forgets the comm after a kernel restart ended it. */
    void detach() {
        comm = null;
        closed = true;
    }

    private void sendUpdate(Map<String, Object> changes, String method) {
        Comm open = comm;
        if (open == null || !open.isOpen()) {
            return;
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        changes.forEach((k, v) -> plain.put(k, v == NULL ? null : v));
        WireState wire = WireState.of(plain);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", method);
        data.put("state", wire.state());
        data.put("buffer_paths", wire.bufferPaths());
        open.send(new CommMessage(data, Map.of(), wire.buffers()));
    }

    /** Handles a message of the front end: update, request_state or custom. */
    private void receive(CommMessage message) {
        Object method = message.data().get("method");
        if ("update".equals(method) && message.data().get("state") instanceof Map<?, ?> raw) {
            Map<String, Object> changes = WireState.read(raw, message.data().get("buffer_paths"), message.buffers());
            // ipywidgets 8 kernels echo an accepted update so that every other front end shows it too
            sendUpdate(changes.isEmpty() ? Map.of() : withNullMarkers(changes), "echo_update");
            List<String> changed = new ArrayList<>();
            synchronized (this) {
                for (Map.Entry<String, Object> e : changes.entrySet()) {
                    Object converted = fromFrontEnd(e.getKey(), e.getValue());
                    if (!Objects.equals(state.get(e.getKey()), converted)) {
                        state.put(e.getKey(), converted);
                        changed.add(e.getKey());
                    }
                }
            }
            for (String name : changed) {
                fire(name, get(name));
            }
        } else if ("request_state".equals(method)) {
            sendUpdate(withNullMarkers(state()), "update");
        } else if ("custom".equals(method)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> content = message.data().get("content") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            for (BiConsumer<Map<String, Object>, List<byte[]>> handler : customHandlers) {
                handler.accept(content, message.buffers());
            }
        }
    }

    private static Map<String, Object> withNullMarkers(Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>();
        changes.forEach((k, v) -> out.put(k, v == null ? NULL : v));
        return out;
    }

    /**
     * Converts a value a front end sent for {@code name} to the Java form this widget keeps (e.g. a
     * JSON number to an {@code Integer}); the default resolves widget references.
     */
    protected Object fromFrontEnd(String name, Object value) {
        if (value instanceof String s && s.startsWith("IPY_MODEL_")) {
            Widget widget = WidgetManager.find(s.substring("IPY_MODEL_".length()));
            return widget == null ? value : widget;
        }
        return value;
    }

    private void fire(String name, Object value) {
        List<Consumer<Object>> forName;
        synchronized (listeners) {
            forName = listeners.get(name);
        }
        if (forName != null) {
            for (Consumer<Object> listener : forName) {
                listener.accept(value);
            }
        }
    }

    /** The front-end view to show this widget, for the display's MIME bundle. */
    Map<String, Object> viewReference() {
        Comm open = open();
        return Map.of("version_major", 2, "version_minor", 0, "model_id", open.id());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + describe() + ")";
    }

    /** The properties shown in {@link #toString()}. */
    protected String describe() {
        Object value = get("value");
        Object description = get("description");
        StringBuilder out = new StringBuilder();
        if (value != null && !(value instanceof byte[])) {
            out.append("value=").append(value);
        }
        if (description instanceof String s && !s.isEmpty()) {
            out.append(out.length() > 0 ? ", " : "").append("description=").append(s);
        }
        return out.toString();
    }
}
