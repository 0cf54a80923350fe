package dev.jtrack.models;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Code of jtrack written against a library jtrack does not ship (the class-path rule of
 * {@link LibraryBinding}, for code other than flavors: library autologging): a class of its own
 * package, defined from jtrack's class files in a child of whichever loader sees the library, one
 * instance per such loader.
 *
 * @param <T> the jtrack interface the class implements
 */
final class LibraryCode<T> {
    private final String library;
    private final List<String> probeClasses;
    private final String implClass;
    private final String implPackage;
    private final Class<T> type;
    private final Map<ClassLoader, T> defined = Collections.synchronizedMap(new WeakHashMap<>());
    /** Per class of objects seen: whether it is one of the probe classes as its own loader sees them. */
    private final ClassValue<Boolean> accepted = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            ClassLoader loader = c.getClassLoader();
            if (loader == null) return false;
            for (String probe : probeClasses) {
                try {
                    if (Class.forName(probe, false, loader).isAssignableFrom(c)) return true;
                } catch (ClassNotFoundException | LinkageError e) {
                    // not this library, or not this part of it
                }
            }
            return false;
        }
    };

    /**
     * @param library the library's name, for messages
     * @param probeClasses library classes (or interfaces) whose instances the code handles
     * @param implClass the implementation, with a public no-argument constructor, in a package of its own
     * @param type the jtrack interface it implements
     */
    LibraryCode(String library, List<String> probeClasses, String implClass, Class<T> type) {
        this.library = library;
        this.probeClasses = List.copyOf(probeClasses);
        this.implClass = implClass;
        this.implPackage = implClass.substring(0, implClass.lastIndexOf('.') + 1);
        this.type = type;
    }

    /** Whether {@code object} is an instance of one of the probe classes of the library its own class loader sees. */
    boolean accepts(Object object) {
        return object != null && accepted.get(object.getClass());
    }

    /** The implementation linked against the library {@code object}'s class loader sees. */
    T forObject(Object object) {
        if (!accepts(object)) {
            throw new IllegalArgumentException(library + " code cannot handle a " + (object == null ? "null" : object.getClass().getName()));
        }
        return defined.computeIfAbsent(object.getClass().getClassLoader(), this::define);
    }

    private T define(ClassLoader libraryLoader) {
        try {
            ClassLoader loader = new LibraryBinding.FlavorLoader(implPackage, libraryLoader);
            return type.cast(Class.forName(implClass, true, loader).getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("Cannot set up " + library + " support (" + implClass + "): " + e, e);
        }
    }
}
