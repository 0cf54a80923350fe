package dev.jtrack.models;

/**
 * A predictor that scores a library's model object (a Tribuo {@code Model}, an {@link OnnxModel}).
 * Flavors whose code is linked against a library return one, so that the object is reachable from
 * code that cannot name the flavor's own classes: {@link LoadedModel#object(Class)} unwraps it, and
 * logging a loaded model again saves the library object with its own flavor.
 */
public interface LibraryPredictor extends Predictor {

    /** The library's model object. */
    Object libraryModel();
}
