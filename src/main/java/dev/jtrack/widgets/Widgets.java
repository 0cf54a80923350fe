package dev.jtrack.widgets;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Helpers the kernel imports statically into every notebook: {@code interact}, {@code link},
 * {@code jslink}, {@code hbox}, {@code vbox}. The widget classes themselves ({@code IntSlider},
 * {@code Button}, {@code Output}, ...) are imported too.
 */
public final class Widgets {
    /** How often {@link #interact(Runnable, Widget...)} re-runs at most. */
    public static final Duration DEFAULT_THROTTLE = Duration.ofMillis(100);

    private Widgets() {}

    /**
     * Shows {@code controls} with an output area below them and runs {@code body} now and again
     * whenever a control's value changes (at most every {@link #DEFAULT_THROTTLE}); what the body
     * prints or displays replaces the previous run's output. Show the result as the cell's value.
     */
    public static Interactive interact(Runnable body, Widget... controls) {
        return interact(DEFAULT_THROTTLE, body, controls);
    }

    /** {@link #interact(Runnable, Widget...)} re-running at most once per {@code throttle}. */
    public static Interactive interact(Duration throttle, Runnable body, Widget... controls) {
        Objects.requireNonNull(body);
        if (throttle.isNegative()) {
            throw new IllegalArgumentException("negative throttle " + throttle);
        }
        return new Interactive(body, throttle, List.of(controls), new Output());
    }

    /**
     * Links property {@code sourceProperty} of {@code source} to {@code targetProperty} of
     * {@code target} in the kernel, both ways: a change of one (from Java or a front end) sets the
     * other.
     */
    public static void link(Widget source, String sourceProperty, Widget target, String targetProperty) {
        Objects.requireNonNull(source);
        Objects.requireNonNull(target);
        target.set(targetProperty, source.get(sourceProperty));
        source.onChange(sourceProperty, v -> {
            if (!Objects.equals(target.get(targetProperty), v)) {
                target.set(targetProperty, v);
            }
        });
        target.onChange(targetProperty, v -> {
            if (!Objects.equals(source.get(sourceProperty), v)) {
                source.set(sourceProperty, v);
            }
        });
    }

    /**
     * Links the two properties in the front end (no round trip to the kernel; the kernel learns
     * the values as usual); returns the link, whose {@code close()} unlinks.
     */
    public static Link jslink(Widget source, String sourceProperty, Widget target, String targetProperty) {
        Link link = new Link(source, sourceProperty, target, targetProperty);
        if (WidgetManager.comms().connected()) {
            link.open();
        }
        return link;
    }

    /** Widgets side by side. */
    public static HBox hbox(Widget... children) {
        return new HBox(children);
    }

    /** Widgets one below the other. */
    public static VBox vbox(Widget... children) {
        return new VBox(children);
    }
}
