package dev.jtrack.kernel.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The content of a jtrack kernel.json, built from the template in the jar: one JVM started as
 * {@code java <jvm options> -jar jtrack.jar kernel --connection-file {connection_file}}, interrupt by
 * message, compiler options and extra variables in {@code env}.
 *
 * @param displayName what front ends show
 * @param java absolute path of the java launcher
 * @param jvmOptions options before {@code -jar}
 * @param jar absolute path of the jtrack jar
 * @param env environment for the kernel process
 * @param version the jtrack version, recorded in the metadata
 */
public record Kernelspec(String displayName, Path java, List<String> jvmOptions, Path jar,
                         Map<String, String> env, String version) {

    /** Template resource inside the jar (also at {@code kernel/kernel.json} in the source tree). */
    static final String TEMPLATE = "/dev/jtrack/kernel/spec/kernel.json";

    /** kernel.json as a JSON object. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node;
        try (InputStream in = Kernelspec.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("kernelspec template missing from the jar: " + TEMPLATE);
            }
            node = (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode argv = node.putArray("argv");
        argv.add(java.toString());
        jvmOptions.forEach(argv::add);
        argv.add("-jar").add(jar.toString()).add("kernel").add("--connection-file").add("{connection_file}");
        node.put("display_name", displayName);
        ObjectNode envNode = node.putObject("env");
        env.forEach(envNode::put);
        ((ObjectNode) node.with("metadata").with("jtrack")).put("version", version);
        return node;
    }
}
