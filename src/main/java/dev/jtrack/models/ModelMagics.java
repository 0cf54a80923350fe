package dev.jtrack.models;

import dev.jtrack.kernel.magics.MagicArgs;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;
import dev.jtrack.kernel.magics.MagicContext;
import dev.jtrack.notebook.Tracking;
import dev.jtrack.registry.ModelVersion;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The model magics, a kernel extension: {@code %log_model VAR [--path P] [--example VAR]
 * [--register NAME]}, {@code %register_model URI NAME}, {@code %set_alias NAME ALIAS VERSION},
 * {@code %models [filter]}, {@code %evaluate MODEL_URI... --data TABLE_OR_CSV --target COL} ({@link EvaluateMagic}).
 * They act on the notebook's tracking client ({@link Tracking}) and its
 * current run.
 */
public final class ModelMagics implements KernelExtension {

    /** {@inheritDoc} */
    @Override
    public java.util.List<String> defaultImports() {
        return java.util.List.of("dev.jtrack.models.Models", "dev.jtrack.models.evaluation.EvalOptions",
                "dev.jtrack.models.evaluation.Evaluation");
    }

    @Override
    public void onStart(KernelSession session) {
        session.registerLineMagic("log_model", this::logModel);
        session.registerLineMagic("register_model", (args, ctx) -> registerModel(args));
        session.registerLineMagic("set_alias", (args, ctx) -> setAlias(args));
        session.registerLineMagic("models", (args, ctx) -> models(args));
        session.registerLineMagic("evaluate", new EvaluateMagic()::evaluate);
    }

    Object logModel(String args, MagicContext context) throws Exception {
        List<String> parts = MagicArgs.split(args);
        String variable = null;
        String path = "model";
        String register = null;
        String example = null;
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if ((p.equals("--path") || p.equals("--register") || p.equals("--example")) && i + 1 < parts.size()) {
                String v = parts.get(++i);
                if (p.equals("--path")) path = v; else if (p.equals("--register")) register = v; else example = v;
            } else if (!p.startsWith("--") && variable == null) {
                variable = p;
            } else {
                throw usage("%log_model VAR [--path P] [--example TABLE_VAR] [--register NAME]");
            }
        }
        if (variable == null || !variable.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*")) {
            throw usage("%log_model VAR [--path P] [--example TABLE_VAR] [--register NAME]");
        }
        Object model = context.evaluate(variable);
        Table exampleTable = null;
        if (example != null) {
            Object e = context.evaluate(example);
            if (!(e instanceof Table t)) {
                throw new IllegalArgumentException("--example " + example + " is not a Tablesaw Table");
            }
            exampleTable = t;
        }
        Models models = Models.get();
        LoggedModel logged = models.logModel(Tracking.run(), model, path, exampleTable);
        StringBuilder out = new StringBuilder("logged " + variable + " as " + logged.modelUri());
        if (register != null) {
            ModelVersion v = models.registerModel(logged.modelUri(), register);
            out.append("\nregistered as models:/").append(v.name()).append('/').append(v.version());
        }
        return out.toString();
    }

    Object registerModel(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.size() != 2) throw usage("%register_model URI NAME");
        ModelVersion v = Models.get().registerModel(parts.get(0), parts.get(1));
        return "registered " + parts.get(0) + " as models:/" + v.name() + "/" + v.version();
    }

    Object setAlias(String args) {
        List<String> parts = MagicArgs.split(args);
        if (parts.size() != 3) throw usage("%set_alias NAME ALIAS VERSION");
        Models.get().setAlias(parts.get(0), parts.get(1), parts.get(2));
        return "models:/" + parts.get(0) + "@" + parts.get(1) + " -> version " + parts.get(2);
    }

    Object models(String args) {
        return Models.get().list(args == null || args.isBlank() ? null : args.strip());
    }

    private static IllegalArgumentException usage(String usage) {
        return new IllegalArgumentException("usage: " + usage);
    }
}
