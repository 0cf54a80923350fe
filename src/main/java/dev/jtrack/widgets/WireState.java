package dev.jtrack.widgets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A widget state as the protocol carries it: widgets become {@code "IPY_MODEL_<id>"} references
 * (opening their comms first, so the front end knows them), byte arrays are taken out into binary
 * buffers whose places are listed in {@code buffer_paths}.
 */
record WireState(Map<String, Object> state, List<List<Object>> bufferPaths, List<byte[]> buffers) {

    static WireState of(Map<String, Object> state) {
        List<List<Object>> paths = new ArrayList<>();
        List<byte[]> buffers = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            Object converted = convert(v, new ArrayList<>(List.of(k)), paths, buffers);
            if (converted != BUFFER) {
                out.put(k, converted);
            }
        });
        return new WireState(out, paths, buffers);
    }

    private static final Object BUFFER = new Object();

    private static Object convert(Object value, List<Object> path, List<List<Object>> paths, List<byte[]> buffers) {
        if (value instanceof Widget widget) {
            return "IPY_MODEL_" + widget.open().id();
        }
        if (value instanceof byte[] bytes) {
            paths.add(List.copyOf(path));
            buffers.add(bytes);
            return BUFFER;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                path.add(i);
                Object c = convert(list.get(i), path, paths, buffers);
                out.add(c == BUFFER ? null : c);
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                path.add(String.valueOf(k));
                Object c = convert(v, path, paths, buffers);
                if (c != BUFFER) {
                    out.put(String.valueOf(k), c);
                }
                path.remove(path.size() - 1);
            });
            return out;
        }
        return value;
    }

    /**
     * The state a front end sent, with its buffers put back at their {@code buffer_paths} (as
     * byte arrays); paths deeper than one level are put back in nested maps and lists.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Map<?, ?> raw, Object bufferPaths, List<byte[]> buffers) {
        Map<String, Object> state = new LinkedHashMap<>();
        raw.forEach((k, v) -> state.put(String.valueOf(k), v));
        if (bufferPaths instanceof List<?> paths) {
            for (int i = 0; i < paths.size() && i < buffers.size(); i++) {
                if (!(paths.get(i) instanceof List<?> path) || path.isEmpty()) {
                    continue;
                }
                Object container = state;
                for (int p = 0; p < path.size() - 1 && container != null; p++) {
                    container = step(container, path.get(p));
                }
                Object last = path.get(path.size() - 1);
                if (container instanceof Map<?, ?> map) {
                    ((Map<String, Object>) map).put(String.valueOf(last), buffers.get(i));
                } else if (container instanceof List<?> list && last instanceof Number n && n.intValue() < list.size()) {
                    ((List<Object>) list).set(n.intValue(), buffers.get(i));
                }
            }
        }
        return state;
    }

    private static Object step(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            return map.get(String.valueOf(key));
        }
        if (container instanceof List<?> list && key instanceof Number n && n.intValue() < list.size()) {
            return list.get(n.intValue());
        }
        return null;
    }
}
