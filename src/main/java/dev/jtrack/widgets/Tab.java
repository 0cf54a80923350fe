package dev.jtrack.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Children in tabs, one shown at a time; {@link #titles} names them. */
public final class Tab extends Box {
    /** Holds {@code children}, the first selected. */
    public Tab(Widget... children) {
        super("TabModel", "TabView", List.of(children));
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            titles.add("");
        }
        set("titles", titles);
        set("selected_index", children.length == 0 ? null : 0);
    }

    /** Names the children, in order. */
    public Tab titles(String... titles) {
        set("titles", List.of(titles));
        return this;
    }

    /** The selected child's index, or -1 for none. */
    public int selectedIndex() {
        return get("selected_index") instanceof Number n ? n.intValue() : -1;
    }

    /** Selects child {@code index}. */
    public Tab selectedIndex(int index) {
        set("selected_index", index);
        return this;
    }

    /** Calls {@code listener} with the index of each newly selected child (-1 for none). */
    public Tab onSelect(IntConsumer listener) {
        onChange("selected_index", v -> listener.accept(selectedIndex()));
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        return value instanceof Number n ? (Object) n.intValue() : value;
    }
}
