package dev.jtrack.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.TestComms;
import dev.jtrack.kernel.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The widget messaging protocol 2.1 as the kernel speaks it, over the kernel's real comm registry. */
class WidgetProtocolTest {
    private final TestComms comms = new TestComms();

    @AfterEach
    void detach() {
        comms.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Message m) {
        return (Map<String, Object>) m.content().get("data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Message m) {
        return (Map<String, Object>) data(m).get("state");
    }

    private void update(Widget w, Map<String, Object> state) {
        comms.fromFrontEnd("comm_msg", Map.of("comm_id", w.id(), "data",
                Map.of("method", "update", "state", state, "buffer_paths", List.of())), List.of());
    }

    @Test
    void showingOpensChildModelsFirstWithTheFullState() {
        IntSlider slider = new IntSlider(5, 0, 10);
        slider.description("n");
        Map<String, Object> view = slider.viewReference();
        assertEquals(Map.of("version_major", 2, "version_minor", 0, "model_id", slider.id()), view);
        List<Message> opens = comms.ofType("comm_open");
        assertEquals(3, opens.size(), "layout, style, slider");
        assertEquals("LayoutModel", state(opens.get(0)).get("_model_name"));
        assertEquals("SliderStyleModel", state(opens.get(1)).get("_model_name"));
        Map<String, Object> sliderState = state(opens.get(2));
        assertEquals("jupyter.widget", opens.get(2).content().get("target_name"));
        assertEquals("2.1.0", opens.get(2).metadata().get("version"));
        assertEquals("IntSliderModel", sliderState.get("_model_name"));
        assertEquals("@jupyter-widgets/controls", sliderState.get("_model_module"));
        assertEquals("2.0.0", sliderState.get("_model_module_version"));
        assertEquals(5, sliderState.get("value"));
        assertEquals("n", sliderState.get("description"));
        assertEquals("IPY_MODEL_" + slider.layout().id(), sliderState.get("layout"));
        assertEquals(Map.of(slider.id(), Map.of("target_name", "jupyter.widget")),
                Map.of(slider.id(), comms.info("jupyter.widget").get(slider.id())));
        slider.viewReference();
        assertEquals(3, comms.ofType("comm_open").size(), "showing again opens nothing new");
    }

    @Test
    void frontEndUpdateIsEchoedAndCallsListenersAndJavaChangesAreSent() {
        IntSlider slider = new IntSlider(1, 0, 10);
        List<Integer> seen = new ArrayList<>();
        slider.onValue(seen::add);
        slider.viewReference();
        update(slider, Map.of("value", 7));
        assertEquals(7, slider.value());
        assertEquals(List.of(7), seen);
        Message echo = comms.ofType("comm_msg").get(0);
        assertEquals("echo_update", data(echo).get("method"));
        assertEquals(Map.of("value", 7), state(echo));
        update(slider, Map.of("value", 7));
        assertEquals(List.of(7), seen, "no listener call without a change");

        slider.value(3);
        Message sent = comms.ofType("comm_msg").get(2);
        assertEquals("update", data(sent).get("method"));
        assertEquals(Map.of("value", 3), state(sent));
        assertEquals(List.of(7, 3), seen);
    }

    @Test
    void requestStateAnswersWithTheWholeStateAndControlCommAnswersAllStates() {
        Checkbox box = new Checkbox(true);
        box.viewReference();
        comms.fromFrontEnd("comm_msg", Map.of("comm_id", box.id(), "data", Map.of("method", "request_state")), List.of());
        Message full = comms.ofType("comm_msg").get(0);
        assertEquals("update", data(full).get("method"));
        assertEquals(true, state(full).get("value"));
        assertEquals("CheckboxModel", state(full).get("_model_name"));

        comms.fromFrontEnd("comm_open", Map.of("comm_id", "ctl", "target_name", "jupyter.widget.control",
                "data", Map.of()), List.of());
        comms.fromFrontEnd("comm_msg", Map.of("comm_id", "ctl", "data", Map.of("method", "request_states")), List.of());
        Message states = comms.ofType("comm_msg").get(1);
        assertEquals("update_states", data(states).get("method"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byModel = (Map<String, Map<String, Object>>) data(states).get("states");
        assertEquals("CheckboxModel", byModel.get(box.id()).get("model_name"));
        assertTrue(byModel.containsKey(box.layout().id()));
    }

    @Test
    void imagesTravelAsBinaryBuffersBothWays() {
        Image image = new Image(new byte[] {1, 2, 3}, "png");
        image.viewReference();
        Message open = comms.ofType("comm_open").get(1);
        assertEquals(List.of(List.of("value")), data(open).get("buffer_paths"));
        assertArrayEquals(new byte[] {1, 2, 3}, open.buffers().get(0));
        assertTrue(!state(open).containsKey("value"));
        comms.fromFrontEnd("comm_msg", Map.of("comm_id", image.id(), "data", Map.of("method", "update",
                "state", Map.of(), "buffer_paths", List.of(List.of("value")))), List.of(new byte[] {9}));
        assertArrayEquals(new byte[] {9}, image.value());
        Message echo = comms.ofType("comm_msg").get(0);
        assertEquals(List.of(List.of("value")), data(echo).get("buffer_paths"));
        assertEquals(1, echo.buffers().size());
    }

    @Test
    void buttonClicksAndCustomMessagesReachJava() {
        Button button = new Button("go");
        int[] clicks = {0};
        button.onClick(() -> clicks[0]++);
        button.viewReference();
        comms.fromFrontEnd("comm_msg", Map.of("comm_id", button.id(), "data",
                Map.of("method", "custom", "content", Map.of("event", "click"))), List.of());
        assertEquals(1, clicks[0]);
        button.sendCustom(Map.of("hello", 1), List.of());
        Message custom = comms.ofType("comm_msg").get(0);
        assertEquals(Map.of("method", "custom", "content", Map.of("hello", 1)), data(custom));
    }

    @Test
    void selectionsMapIndexesToOptionsAndIgnoreOutOfRangeIndexes() {
        Dropdown<String> choice = new Dropdown<>("adam", "sgd");
        List<String> seen = new ArrayList<>();
        choice.onValue(seen::add);
        choice.viewReference();
        assertEquals(List.of("adam", "sgd"), state(comms.ofType("comm_open").get(2)).get("_options_labels"));
        update(choice, Map.of("index", 1));
        assertEquals("sgd", choice.value());
        update(choice, Map.of("index", 5));
        assertEquals("sgd", choice.value());
        assertEquals(List.of("sgd"), seen);
    }

    @Test
    void outputCapturesPrintsAndExceptionsAndInteractRerunsOnChange() {
        Output out = new Output();
        out.capture(() -> System.out.println("hello"));
        // no kernel output router in a unit test: printing goes to the JVM, displays and errors are captured
        out.capture(() -> {
            throw new IllegalStateException("bad");
        });
        assertTrue(out.text().contains("IllegalStateException: bad"), out.text());

        IntSlider n = new IntSlider(2, 0, 10);
        int[] sum = {0};
        Interactive ui = Widgets.interact(java.time.Duration.ZERO, () -> sum[0] += n.value(), n);
        ui.viewReference();
        update(n, Map.of("value", 5));
        assertEquals(2, ui.runs());
        assertEquals(7, sum[0]);
    }

    @Test
    void linksCopyValuesBothWaysAndJslinkIsAModel() {
        IntSlider a = new IntSlider(1, 0, 10);
        IntSlider b = new IntSlider(2, 0, 10);
        Widgets.link(a, "value", b, "value");
        assertEquals(1, b.value());
        a.viewReference();
        b.viewReference();
        update(b, Map.of("value", 9));
        assertEquals(9, a.value());
        Link link = Widgets.jslink(a, "value", b, "value");
        Message open = comms.ofType("comm_open").get(comms.ofType("comm_open").size() - 1);
        assertEquals("LinkModel", state(open).get("_model_name"));
        assertEquals(List.of("IPY_MODEL_" + a.id(), "value"), state(open).get("source"));
        link.close();
    }

    @Test
    void restartClosesEveryWidget() {
        IntSlider slider = new IntSlider();
        slider.viewReference();
        comms.restart();
        assertTrue(slider.isClosed());
        slider.value(5);
        assertEquals(List.of(), comms.ofType("comm_msg"), "a closed widget sends nothing");
        assertEquals(Map.of(), comms.info(null));
    }

    @Test
    void plainTextNamesWhatAFrontEndNeeds() {
        String text = WidgetsExtension.plainText(new IntSlider(4, 0, 9));
        assertTrue(text.startsWith("IntSlider(value=4)"), text);
        assertTrue(text.contains("ipywidgets >= 8"), text);
    }
}
