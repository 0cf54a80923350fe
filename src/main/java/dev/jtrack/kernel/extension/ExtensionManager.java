package dev.jtrack.kernel.extension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Loads {@link KernelExtension}s and calls their hooks, keeping one extension's failure from affecting others. */
public final class ExtensionManager {
    private final KernelSession session;
    private final List<KernelExtension> extensions = new CopyOnWriteArrayList<>();
    private final Set<String> loadedClasses = new HashSet<>();

    /** @param session what extensions see in {@link KernelExtension#onStart} */
    public ExtensionManager(KernelSession session) {
        this.session = session;
    }

    /**
     * Finds extensions visible from {@code loader} that are not loaded yet, starts them and returns
     * them.
     */
    public synchronized List<KernelExtension> scan(ClassLoader loader) {
        List<KernelExtension> found = new ArrayList<>();
        try {
            for (KernelExtension extension : ServiceLoader.load(KernelExtension.class, loader)) {
                if (loadedClasses.add(extension.getClass().getName())) {
                    found.add(extension);
                }
            }
        } catch (ServiceConfigurationError e) {
            System.err.println("jtrack: could not load a kernel extension: " + e.getMessage());
        }
        for (KernelExtension extension : found) {
            call(extension, "onStart", e -> e.onStart(session));
            extensions.add(extension);
        }
        return found;
    }

    /**
     * Adds an extension created by code rather than found by the service loader (e.g. by the
     * kernel's own start-up); starts it unless one of its class is already loaded.
     *
     * @return false when an extension of that class was already loaded
     */
    public synchronized boolean add(KernelExtension extension) {
        if (!loadedClasses.add(extension.getClass().getName())) {
            return false;
        }
        call(extension, "onStart", e -> e.onStart(session));
        extensions.add(extension);
        return true;
    }

    /** The loaded extensions, in load order. */
    public List<KernelExtension> extensions() {
        return List.copyOf(extensions);
    }

    /** Calls {@link KernelExtension#beforeCell} on each extension. */
    public void beforeCell(CellStart cell) {
        extensions.forEach(x -> call(x, "beforeCell", e -> e.beforeCell(cell)));
    }

    /** Calls {@link KernelExtension#afterCell} on each extension. */
    public void afterCell(CellRecord record) {
        extensions.forEach(x -> call(x, "afterCell", e -> e.afterCell(record)));
    }

    /** Calls {@link KernelExtension#onShutdown} on each extension. */
    public void shutdown() {
        extensions.forEach(x -> call(x, "onShutdown", KernelExtension::onShutdown));
    }

    private static void call(KernelExtension extension, String hook, Consumer<KernelExtension> action) {
        try {
            action.accept(extension);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            System.err.println("jtrack: extension " + extension.getClass().getName() + " failed in " + hook + ": " + e);
        }
    }
}
