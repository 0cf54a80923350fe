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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Java serialization of model objects: writing records the classes used, reading allows only {@link LoadOptions}' classes. */
final class SerializedObjects {
    private SerializedObjects() {}

    /** Writes {@code object} to {@code file}; returns the names of the classes in its graph. */
    static List<String> write(Object object, Path file) throws IOException {
        Set<String> classes = new LinkedHashSet<>();
        try (OutputStream out = Files.newOutputStream(file);
                ObjectOutputStream oos = new ObjectOutputStream(out) {
                    @Override
                    protected void annotateClass(Class<?> cl) {
                        classes.add(cl.getName());
                    }
                }) {
            oos.writeObject(object);
        } catch (java.io.NotSerializableException e) {
            throw new IllegalArgumentException("The model holds a " + e.getMessage()
                    + ", which is not Serializable; make it Serializable or mark the field transient", e);
        }
        return new ArrayList<>(classes);
    }

    /** Reads the object stored under {@code config}'s {@code data} in {@code dir}, through the allow-list. */
    static Object read(Path dir, Map<String, Object> config, LoadOptions options, String flavor) throws IOException {
        Object data = config.getOrDefault("data", "model.ser");
        Path file = dir.resolve(String.valueOf(data)).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException(flavor + " model file '" + data + "' is missing from the package");
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
            return ois.readObject();
        } catch (InvalidClassException e) {
            if (filter.rejected() != null) {
                List<String> used = classList(config);
                throw new IOException("Class " + filter.rejected() + " of the model is not allowed to be deserialized;"
                        + " allow it with LoadOptions.allow(\"" + filter.rejected() + "\"), --allow-class or "
                        + LoadOptions.ALLOW_ENV + (used.isEmpty() ? "" : " (the model uses " + used + ")"), e);
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
