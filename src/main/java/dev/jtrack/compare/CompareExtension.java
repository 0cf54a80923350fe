package dev.jtrack.compare;

import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;

/**
 * Registers the comparison magics ({@code %runs}, {@code %best}, {@code %plot},
 * {@code %compare}), the {@code %%live} cell magic ({@link LiveChart}) and the {@link Report} renderer; loaded by the kernel through
 * {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension}.
 */
public final class CompareExtension implements KernelExtension {
    /** Needed by the service loader. */
    public CompareExtension() {}


    /** {@inheritDoc} */
    @Override
    public java.util.List<String> defaultImports() {
        return java.util.List.of("dev.jtrack.compare.Runs", "dev.jtrack.compare.Charts", "dev.jtrack.compare.HistoryOptions");
    }

    @Override
    public void onStart(KernelSession kernel) {
        CompareMagics m = new CompareMagics(Runs::source);
        kernel.registerLineMagic("runs", (args, ctx) -> m.runs(args));
        kernel.registerLineMagic("best", (args, ctx) -> m.best(args));
        kernel.registerLineMagic("plot", (args, ctx) -> m.plot(args));
        kernel.registerLineMagic("compare", (args, ctx) -> m.compare(args));
        kernel.registerCellMagic("live", (args, body, ctx) -> {
            MagicArgs line = new MagicArgs(args, java.util.Set.of("every"), java.util.Set.of());
            java.time.Duration every = java.time.Duration.ofMillis(line.positiveInt("every", (int) LiveChart.DEFAULT_INTERVAL.toMillis()));
            try (LiveChart live = LiveChart.start(every, line.positional().toArray(String[]::new))) {
                return ctx.evaluate(body);
            }
        });
        kernel.registerRenderer(Report.class, (report, requested, into) -> {
            into.put("text/html", report.html());
            into.put("text/plain", report.text());
        });
    }
}
