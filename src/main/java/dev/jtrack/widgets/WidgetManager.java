package dev.jtrack.widgets;

import dev.jtrack.kernel.comm.Comm;
import dev.jtrack.kernel.comm.CommMessage;
import dev.jtrack.kernel.comm.Comms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel side of the widget protocol: the open widget models, the {@code jupyter.widget}
 * target (front ends opening models of their own is not supported; such comms are closed) and the
 * {@code jupyter.widget.control} target, through which a reloaded page asks for every model's
 * state at once ({@code request_states} answered with {@code update_states}).
 */
final class WidgetManager {
    /** The widget messaging protocol this kernel speaks. */
    static final String PROTOCOL_VERSION = "2.1.0";
    /** The widget control protocol this kernel speaks. */
    static final String CONTROL_PROTOCOL_VERSION = "1.0.0";

    private static final Map<String, Widget> OPEN = new ConcurrentHashMap<>();
    private static Comms registeredWith;

    private WidgetManager() {}

    /** The kernel's comms, with the widget targets registered on first use. */
    static synchronized Comms comms() {
        Comms comms = Comms.current();
        if (registeredWith != comms) {
            registeredWith = comms;
            comms.registerTarget("jupyter.widget.control", WidgetManager::controlOpened);
            comms.registerTarget("jupyter.widget", (comm, open) -> comm.close(Map.of()));
            comms.onReset(WidgetManager::reset);
        }
        return comms;
    }

    static void remember(Widget widget) {
        OPEN.put(widget.id(), widget);
    }

    static void forget(Widget widget) {
        OPEN.remove(widget.id());
    }

    static Widget find(String id) {
        return OPEN.get(id);
    }

    /** The number of widgets with an open model. */
    static int openCount() {
        return OPEN.size();
    }

    private static void reset() {
        for (Widget widget : new ArrayList<>(OPEN.values())) {
            widget.detach();
        }
        OPEN.clear();
    }

    private static void controlOpened(Comm comm, CommMessage open) {
        Object version = open.metadata().get("version");
        if (version instanceof String v && !v.startsWith(CONTROL_PROTOCOL_VERSION.substring(0, 2))) {
            comm.close(Map.of());
            throw new IllegalStateException("the front end speaks widget control protocol " + v + "; this kernel speaks "
                    + CONTROL_PROTOCOL_VERSION);
        }
        comm.onMessage(message -> {
            if ("request_states".equals(message.data().get("method"))) {
                comm.send(allStates());
            }
        });
    }

    /** {@code update_states}: the state of every open model, buffer paths prefixed with the model id. */
    private static CommMessage allStates() {
        Map<String, Object> states = new LinkedHashMap<>();
        Map<String, Object> byModel = new LinkedHashMap<>();
        List<byte[]> buffers = new ArrayList<>();
        List<List<Object>> paths = new ArrayList<>();
        for (Widget widget : new ArrayList<>(OPEN.values())) {
            Map<String, Object> raw = widget.state();
            WireState wire = WireState.of(raw);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("model_name", raw.get("_model_name"));
            entry.put("model_module", raw.get("_model_module"));
            entry.put("model_module_version", raw.get("_model_module_version"));
            entry.put("state", wire.state());
            byModel.put(widget.id(), entry);
            for (int i = 0; i < wire.buffers().size(); i++) {
                List<Object> path = new ArrayList<>(List.of(widget.id(), "state"));
                path.addAll(wire.bufferPaths().get(i));
                paths.add(path);
                buffers.add(wire.buffers().get(i));
            }
        }
        states.put("method", "update_states");
        states.put("states", byModel);
        states.put("buffer_paths", paths);
        return new CommMessage(states, Map.of(), buffers);
    }
}
