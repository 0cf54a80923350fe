package dev.jtrack.kernel.engine;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * The class loader of notebook code: JShell's generated classes (rewritten by
 * {@link StopInstrumenter}) plus the jars added by {@code %classpath} and {@code %maven}. Its
 * parent is the kernel's own class loader, so notebook code sees the kernel's API and libraries.
 */
public final class UserCodeLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final List<Path> classpath = new CopyOnWriteArrayList<>();

    UserCodeLoader(ClassLoader parent) {
        super("jtrack-notebook", new URL[0], parent);
    }

    /** The jars and directories added so far, in order. */
    public List<Path> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes == null) {
            return super.findClass(name);
        }
        Class<?> defined = defineClass(name, bytes, 0, bytes.length);
        // a defined class is never defined again (JShell names a replaced snippet's class anew):
        // keeping its bytes would hold a copy of every class of the session
        declared.remove(name, bytes);
        return defined;
    }

    /** How many installed classes still wait to be defined (their class files are held until then). */
    int pendingClassFiles() {
        return declared.size();
    }

    private static volatile boolean warned;

    /**
     * The class rewritten for interrupt and exit handling; the class as it is when ASM cannot read
     * it (a class file version newer than ASM knows), so that a newer JDK still runs notebooks.
     */
    private static byte[] instrumented(byte[] bytes) {
        try {
            return StopInstrumenter.instrument(bytes);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            if (!warned) {
                warned = true;
                StdioRouter.originalErr().println("jtrack: cannot instrument notebook classes (" + e.getMessage()
                        + "); interrupt falls back to Thread.interrupt and System.exit is not intercepted");
            }
            return bytes;
        }
    }

    /** The view JShell's execution control uses to install and find snippet classes. */
    LoaderDelegate delegate() {
        return delegate;
    }

    /** Adds a jar or directory (or several, separated by the path separator) to the classpath. */
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String part : path.split(File.pathSeparator)) {
                Path entry = Path.of(part).toAbsolutePath().normalize();
                if (!classpath.contains(entry)) {
                    addURL(entry.toUri().toURL());
                    classpath.add(entry);
                }
            }
        } catch (MalformedURLException | RuntimeException e) {
            throw new InternalException(e.toString());
        }
    }

    private final LoaderDelegate delegate = new LoaderDelegate() {
        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
            boolean[] installed = new boolean[cbcs.length];
            try {
                for (ClassBytecodes cbc : cbcs) {
                    declared.put(cbc.name(), instrumented(cbc.bytecodes()));
                }
                for (int i = 0; i < cbcs.length; i++) {
                    Class<?> klass = loadClass(cbcs[i].name());
                    loaded.put(cbcs[i].name(), klass);
                    installed[i] = true;
                    klass.getDeclaredMethods();
                }
            } catch (Throwable e) {
                throw new ClassInstallException("load: " + e, installed);
            }
        }

        @Override
        public void classesRedefined(ClassBytecodes[] cbcs) {
            for (ClassBytecodes cbc : cbcs) {
                declared.put(cbc.name(), instrumented(cbc.bytecodes()));
            }
        }

        @Override
        public void addToClasspath(String path) throws InternalException {
            UserCodeLoader.this.addToClasspath(path);
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> klass = loaded.get(name);
            if (klass == null) {
                throw new ClassNotFoundException(name + " not found");
            }
            return klass;
        }
    };
}
