package dev.jtrack.models;

import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.kernel.magics.MagicContext;
import dev.jtrack.models.evaluation.Comparison;
import dev.jtrack.models.evaluation.EvalOptions;
import dev.jtrack.models.evaluation.Evaluation;
import dev.jtrack.models.evaluation.Evaluator;
import dev.jtrack.models.evaluation.Promotion;
import dev.jtrack.models.evaluation.Task;
import dev.jtrack.notebook.Tracking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code %evaluate MODEL_URI [MODEL_URI...] --data TABLE_OR_CSV --target COL
 * [--task classification|regression] [--positive-label L] [--promote-if "COND" --alias A]
 * [--in-run]}: evaluates with {@link Evaluator} through the notebook's client, shows the plots
 * inline and answers the metrics (several models: side by side, best marked). {@code --data} is a
 * {@code Table} variable or a CSV file; {@code --in-run} logs into the notebook's active run
 * instead of a new evaluation run (a child of it).
 */
final class EvaluateMagic {
    static final String USAGE = "%evaluate MODEL_URI [MODEL_URI...] --data TABLE_VAR_OR_CSV --target COL "
            + "[--task classification|regression] [--positive-label L] [--promote-if \"COND\" --alias ALIAS] [--in-run]";

    Object evaluate(String line, MagicContext context) throws Exception {
        List<String> parts = MagicArgs.split(line == null ? "" : line);
        List<String> uris = new ArrayList<>();
        String data = null;
        String target = null;
        String task = null;
        String positive = null;
        String promoteIf = null;
        String alias = null;
        boolean inRun = false;
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.equals("--in-run")) {
                inRun = true;
            } else if (p.startsWith("--")) {
                if (i + 1 >= parts.size()) throw usage(p + " needs a value");
                String v = parts.get(++i);
                switch (p) {
                    case "--data" -> data = v;
                    case "--target" -> target = v;
                    case "--task" -> task = v;
                    case "--positive-label" -> positive = v;
                    case "--promote-if" -> promoteIf = v;
                    case "--alias" -> alias = v;
                    default -> throw usage("unknown option " + p);
                }
            } else {
                uris.add(p);
            }
        }
        if (uris.isEmpty() || data == null || target == null) throw usage("give a model URI, --data and --target");
        if ((promoteIf == null) != (alias == null)) throw usage("--promote-if and --alias go together");
        if (promoteIf != null && uris.size() != 1) throw usage("--promote-if takes one model: the challenger");
        EvalOptions options = EvalOptions.target(target).task(task == null ? null : Task.parse(task)).positiveLabel(positive);
        Table table = table(data, context);
        options = options.dataset(table.name(), Files.isRegularFile(Path.of(data)) ? Path.of(data).toAbsolutePath().toString() : null);
        if (inRun) options = options.run(Tracking.run());
        Evaluator evaluator = Evaluator.of(Tracking.client());
        if (promoteIf != null) {
            Promotion p = evaluator.promoteIf(uris.get(0), alias, promoteIf, table, options);
            showCharts(p.challenger());
            List<Evaluation> both = new ArrayList<>(List.of(p.challenger()));
            if (p.champion() != null) both.add(p.champion());
            DisplayService.display(new Comparison(both).table());
            return p.toString();
        }
        if (uris.size() == 1) {
            Evaluation e = evaluator.evaluate(uris.get(0), table, options);
            showCharts(e);
            e.notes().forEach(n -> DisplayService.display("note: " + n));
            return e.metricsTable();
        }
        Comparison c = evaluator.compare(uris, table, options);
        return c.table();
    }

    private static void showCharts(Evaluation e) {
        e.charts().values().forEach(chart -> DisplayService.display(chart));
    }

    /** A {@code Table} variable of the notebook, else a CSV file. */
    private static Table table(String data, MagicContext context) throws Exception {
        if (data.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*") && !Files.isRegularFile(Path.of(data))) {
            Object v = context.evaluate(data);
            if (v instanceof Table t) return t;
            throw new IllegalArgumentException("--data " + data + " is a " + (v == null ? "null" : v.getClass().getName())
                    + ", not a Tablesaw Table");
        }
        Path file = Path.of(data);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--data " + data + ": no such variable or file");
        return Table.read().csv(CsvReadOptions.builder(file.toFile()).tableName(file.getFileName().toString()));
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "\nusage: " + EvaluateMagic.USAGE);
    }
}
