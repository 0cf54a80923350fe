package dev.jtrack.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code java_function} flavor: any {@link Predictor}, stored with Java serialization in
 * {@code model.ser}. {@code MLmodel} records the predictor class and every class in the stored
 * object graph ({@code classes}); loading deserializes only classes the loader allows
 * ({@link LoadOptions}) and says which class was refused otherwise.
 */
public final class JavaFunctionFlavor implements Flavor {
    /** The flavor's key in {@code MLmodel}. */
    public static final String NAME = "java_function";
    static final String DATA = "model.ser";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(Object model) {
        return model instanceof Predictor;
    }

    @Override
    public Map<String, Object> save(Object model, Path dir) throws IOException {
        if (!(model instanceof Predictor)) {
            throw new IllegalArgumentException("The java_function flavor saves a Predictor, not "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        Set<String> classes = new LinkedHashSet<>();
        try (OutputStream out = Files.newOutputStream(dir.resolve(DATA));
                ObjectOutputStream oos = new ObjectOutputStream(out) {
                    @Override
                    protected void annotateClass(Class<?> cl) {
                        classes.add(cl.getName());
                    }
                }) {
            oos.writeObject(model);
        } catch (java.io.NotSerializableException e) {
            throw new IllegalArgumentException("The model holds a " + e.getMessage()
                    + ", which is not Serializable; make it Serializable or mark the field transient", e);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("predictor_class", model.getClass().getName());
        config.put("data", DATA);
        config.put("classes", new ArrayList<>(classes));
        config.put("java_version", Runtime.version().feature() + "");
        return config;
    }

    @Override
    public Predictor load(Path dir, Map<String, Object> config, LoadOptions options) throws IOException {
        Object data = config.getOrDefault("data", DATA);
        Path file = dir.resolve(String.valueOf(data)).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException("java_function model file '" + data + "' is missing from the package");
        }
        ClassAllowList filter = new ClassAllowList(options.allowedClasses());
        try (InputStream in = Files.newInputStream(file);
                ObjectInputStream ois = new ObjectInputStream(in) {
                    @Override
                    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                        try {
                            return Class.forName(desc.getName(), false, options.classLoader());
                        } catch (ClassNotFoundException e) {
                            return super.resolveClass(desc);
                        }
                    }
                }) {
            ois.setObjectInputFilter(filter);
            Object o = ois.readObject();
            if (!(o instanceof Predictor p)) {
                throw new IOException("java_function model file holds a " + o.getClass().getName() + ", not a Predictor");
            }
            return p;
        } catch (InvalidClassException e) {
            if (filter.rejected() != null) {
                throw new IOException("Class " + filter.rejected() + " of the model is not allowed to be deserialized;"
                        + " allow it with LoadOptions.allow(\"" + filter.rejected() + "\"), --allow-class or "
                        + LoadOptions.ALLOW_ENV + (classList(config).isEmpty() ? "" : " (the model uses " + classList(config) + ")"), e);
            }
            throw e;
        } catch (ClassNotFoundException e) {
            throw new IOException("Class " + e.getMessage() + " of the model is not on the class path", e);
        }
    }

    private static List<String> classList(Map<String, Object> config) {
        Object c = config.get("classes");
        List<String> list = new ArrayList<>();
        if (c instanceof List<?> l) l.forEach(x -> list.add(String.valueOf(x)));
        return list;
    }
}
