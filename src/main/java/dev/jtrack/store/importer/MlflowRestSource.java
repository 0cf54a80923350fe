package dev.jtrack.store.importer;

final class MlflowRestSource {
    static ImportSource open(String uri, java.util.Map<String, String> env) {
        throw new ImportSourceException("REST sources are not supported yet");
    }
}
