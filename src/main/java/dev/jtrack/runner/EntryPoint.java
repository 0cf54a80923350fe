package dev.jtrack.runner;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the runner needs from the program that contains it, installed once by that program's entry
 * point ({@code jtrack}'s command line) before any run starts: the main class a child JVM runs and
 * the server that shares an embedded store among processes.
 */
public final class EntryPoint {
    private static volatile String mainClass;
    private static volatile Supplier<StoreServer> storeServers;

    private EntryPoint() {}

    /**
     * Installs the entry point.
     *
     * @param main the class whose {@code main} runs {@code jtrack ARGS...}
     * @param servers makes a server for {@link SharedStore}
     */
    public static void install(String main, Supplier<StoreServer> servers) {
        mainClass = Objects.requireNonNull(main, "main");
        storeServers = Objects.requireNonNull(servers, "servers");
    }

    static String mainClass() {
        return require(mainClass);
    }

    static StoreServer newStoreServer() {
        return require(storeServers).get();
    }

    private static <T> T require(T installed) {
        if (installed == null) {
            throw new IllegalStateException("jtrack's runner was used before its entry point was installed"
                    + " (EntryPoint.install, done by the jtrack command line)");
        }
        return installed;
    }
}
