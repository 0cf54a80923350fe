package dev.jtrack.models;

import dev.jtrack.maven.MavenResolver;
import dev.jtrack.maven.ResolvedDependency;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The class-loader rule for flavors written against a library that jtrack does not ship (Tribuo,
 * ONNX Runtime). Such a flavor's code lives in its own package of jtrack (e.g.
 * {@code dev.jtrack.models.tribuo}) and is plain Java compiled against the library, but jtrack's
 * class loader cannot link it: in a notebook the library is in the notebook's class loader (added
 * with {@code %maven}), a child of jtrack's. So the flavor's classes are defined again, from
 * jtrack's class files, in a small loader whose parent is a loader that sees the library:
 * <ul>
 *   <li>saving: the model object's own class loader ({@link #in});
 *   <li>loading: the caller's loader ({@link LoadOptions#classLoader()}) when it sees the library,
 *       else a new loader over the jars of the {@code java_dependencies} coordinates recorded in
 *       {@code MLmodel}, resolved with the Maven resolver of {@code %maven} (local repository
 *       first) ({@link #forLoading}).
 * </ul>
 * Each library loader gets one flavor loader, kept for the life of the JVM (as are the loaders of
 * resolved dependencies, one per coordinate list and parent), so a library's native code is loaded
 * once per library loader. Only the flavor's own package is defined in that loader; everything else, including jtrack's
 * API ({@link Flavor}, {@link Predictor}, Tablesaw), comes from its parent, so the flavor
 * implements jtrack's interfaces and sees the user's library classes. Code in the flavor package
 * may use only public API of jtrack (it is another runtime package).
 */
final class LibraryBinding {
    private static final Map<ResolvedKey, ClassLoader> RESOLVED = new ConcurrentHashMap<>();

    private final String library;
    private final String probeClass;
    private final String implClass;
    private final String implPackage;
    private final Supplier<MavenResolver> resolver;
    private final Map<ClassLoader, Flavor> defined = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param library the library's name, for messages
     * @param probeClass a class of the library whose visibility says the library is there
     * @param implClass the flavor implementation (a {@link Flavor} with a public no-argument
     *     constructor) in a package of its own
     */
    LibraryBinding(String library, String probeClass, String implClass) {
        this(library, probeClass, implClass, MavenResolver::new);
    }

    /** As above, resolving {@code java_dependencies} with {@code resolver}'s repositories. */
    LibraryBinding(String library, String probeClass, String implClass, Supplier<MavenResolver> resolver) {
        this.resolver = resolver;
        this.library = library;
        this.probeClass = probeClass;
        this.implClass = implClass;
        this.implPackage = implClass.substring(0, implClass.lastIndexOf('.') + 1);
    }

    /** The library's name. */
    String library() {
        return library;
    }

    /** Whether {@code loader} sees the library. */
    boolean visible(ClassLoader loader) {
        return probe(loader).isPresent();
    }

    /** The library's probe class as {@code loader} sees it. */
    Optional<Class<?>> probe(ClassLoader loader) {
        if (loader == null) return Optional.empty();
        try {
            return Optional.of(Class.forName(probeClass, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The flavor implementation linked against the library as {@code loader} sees it; empty when it does not. */
    Optional<Flavor> in(ClassLoader loader) {
        if (!visible(loader)) return Optional.empty();
        return Optional.of(defined.computeIfAbsent(loader, this::define));
    }

    /**
     * The implementation for loading a model: against {@code loader}'s library when it has one,
     * else against {@code coordinates} resolved into a loader under {@code loader} (one per
     * coordinate list and parent, reused).
     */
    Flavor forLoading(ClassLoader loader, List<String> coordinates) throws IOException {
        Optional<Flavor> direct = in(loader);
        if (direct.isPresent()) return direct.get();
        if (coordinates.isEmpty()) {
            throw new IOException("This model needs " + library + " (" + probeClass + "), which is not on the class path,"
                    + " and its MLmodel lists no java_dependencies to resolve; add the library (e.g. %maven) and load it again");
        }
        ClassLoader deps = RESOLVED.get(new ResolvedKey(loader, coordinates));
        if (deps == null) {
            deps = resolve(loader, coordinates);
            ClassLoader raced = RESOLVED.putIfAbsent(new ResolvedKey(loader, coordinates), deps);
            if (raced != null) deps = raced;
        }
        Optional<Flavor> f = in(deps);
        if (f.isEmpty()) {
            throw new IOException("The java_dependencies " + coordinates + " of this model do not provide " + library
                    + " (" + probeClass + ")");
        }
        return f.get();
    }

    private ClassLoader resolve(ClassLoader parent, List<String> coordinates) throws IOException {
        List<ResolvedDependency> resolved;
        try {
            // downloads (none when ~/.m2 has the jars) are reported like %maven's, on stderr
            resolved = resolver.get().resolve(coordinates, System.err);
        } catch (Exception e) {
            throw new IOException("Cannot resolve the model's java_dependencies " + coordinates + " (" + library + "): "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        List<URL> urls = new ArrayList<>();
        for (ResolvedDependency d : resolved) {
            try {
                urls.add(d.file().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IOException("Bad path of " + d.coordinates() + ": " + d.file(), e);
            }
        }
        return new DependencyLoader(library, urls.toArray(URL[]::new), parent);
    }

    private Flavor define(ClassLoader libraryLoader) {
        try {
            ClassLoader loader = new FlavorLoader(implPackage, libraryLoader);
            return (Flavor) Class.forName(implClass, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("Cannot set up the " + library + " flavor (" + implClass + "): " + e, e);
        }
    }

    private record ResolvedKey(ClassLoader parent, List<String> coordinates) {}

    /** Defines the classes of one flavor package from jtrack's class files; all others come from the parent. */
    static final class FlavorLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final String pkg;

        FlavorLoader(String pkg, ClassLoader parent) {
            super("jtrack-flavor:" + pkg, parent);
            this.pkg = pkg;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(pkg)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classBytes(name);
                    c = defineClass(name, bytes, 0, bytes.length, LibraryBinding.class.getProtectionDomain());
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }

        private static byte[] classBytes(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = LibraryBinding.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new ClassNotFoundException(name);
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    /**
     * The jars of resolved {@code java_dependencies}, child-first: a library finds its own versions
     * of the classes it bundles even when jtrack's jar holds other versions of the same packages.
     * The JDK, jtrack and Tablesaw (the types a flavor shares with jtrack) always come from the parent.
     */
    static final class DependencyLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        DependencyLoader(String library, URL[] urls, ClassLoader parent) {
            super("jtrack-model-deps:" + library, urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.") || name.startsWith("dev.jtrack.") || name.startsWith("tech.tablesaw.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }
}
