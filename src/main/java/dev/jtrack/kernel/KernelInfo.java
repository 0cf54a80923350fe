package dev.jtrack.kernel;

import dev.jtrack.kernel.protocol.MessageFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of kernel_info_reply; needs no engine, so it is answered at once. */
final class KernelInfo {
    private KernelInfo() {}

    static Map<String, Object> content(String version) {
        int feature = Runtime.version().feature();
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", String.valueOf(feature));
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("codemirror_mode", "text/x-java");
        language.put("pygments_lexer", "java");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", "ok");
        content.put("protocol_version", MessageFactory.PROTOCOL_VERSION);
        content.put("implementation", "jtrack");
        content.put("implementation_version", version);
        content.put("language_info", language);
        content.put("banner", "jtrack " + version + " - Java " + Runtime.version() + " (JShell)\n"
                + "Every cell is evaluated by JShell; magics: %lsmagic");
        content.put("help_links", List.of(
                Map.of("text", "Java " + feature + " API",
                        "url", "https://docs.oracle.com/en/java/javase/" + feature + "/docs/api/"),
                Map.of("text", "JShell guide",
                        "url", "https://docs.oracle.com/en/java/javase/" + feature + "/jshell/")));
        content.put("debugger", false);
        return content;
    }
}
