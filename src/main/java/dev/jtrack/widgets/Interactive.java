package dev.jtrack.widgets;

import dev.jtrack.kernel.comm.Comms;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Controls and an {@link Output} below them; a body re-run whenever a control changes, its output
 * replacing the previous run's (made by {@link Widgets#interact}). Changes closer together than
 * the throttle are coalesced: the body runs at most once per throttle interval, and always once
 * more with the latest values after the last change.
 */
public final class Interactive extends VBox {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jtrack-widgets-throttle");
        t.setDaemon(true);
        return t;
    });

    private final Runnable body;
    private final Output output;
    private final long throttleNanos;
    private long lastRun = Long.MIN_VALUE / 2;
    private boolean pending;
    private int runs;

    Interactive(Runnable body, Duration throttle, List<? extends Widget> controls, Output output) {
        super(concat(controls, output));
        this.body = body;
        this.output = output;
        this.throttleNanos = throttle.toNanos();
        for (Widget control : controls) {
            control.onChange("value", v -> changed());
            control.onChange("index", v -> changed());
        }
        run();
    }

    private static List<Widget> concat(List<? extends Widget> controls, Output output) {
        List<Widget> all = new java.util.ArrayList<>(controls);
        all.add(output);
        return all;
    }

    /** The output area below the controls. */
    public Output output() {
        return output;
    }

    /** How many times the body ran. */
    public synchronized int runs() {
        return runs;
    }

    /** Runs the body now, its output replacing what the area showed. */
    public void run() {
        synchronized (this) {
            lastRun = System.nanoTime();
            pending = false;
            runs++;
        }
        output.clear();
        output.capture(body);
    }

    private void changed() {
        long wait;
        synchronized (this) {
            wait = lastRun + throttleNanos - System.nanoTime();
            if (wait > 0) {
                if (pending) {
                    return;
                }
                pending = true;
            }
        }
        if (wait <= 0) {
            run();
        } else {
            Comms comms = Comms.current();
            TIMER.schedule(() -> comms.submit(this::runIfPending), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void runIfPending() {
        synchronized (this) {
            if (!pending) {
                return;
            }
        }
        run();
    }
}
