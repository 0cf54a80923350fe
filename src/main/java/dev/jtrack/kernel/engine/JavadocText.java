package dev.jtrack.kernel.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a raw Javadoc comment into readable plain text for inspect_reply. */
final class JavadocText {
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|literal|link|linkplain|value)\\s+([^{}]*)}");
    private static final Pattern LINK_LABEL = Pattern.compile("^\\S+\\s+(.+)$");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)\\s*<p\\s*/?>\\s*");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private JavadocText() {}

    static String plain(String javadoc) {
        String text = javadoc;
        Matcher inline = INLINE_TAG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (inline.find()) {
            String content = inline.group(1).strip();
            if (inline.group().startsWith("{@link")) {
                Matcher label = LINK_LABEL.matcher(content);
                content = label.matches() ? label.group(1) : content.replace('#', '.');
                if (content.startsWith(".")) {
                    content = content.substring(1);
                }
            }
            inline.appendReplacement(out, Matcher.quoteReplacement(content));
        }
        inline.appendTail(out);
        text = PARAGRAPH.matcher(out).replaceAll("\n\n");
        text = text.replaceAll("(?i)<li>", "\n - ");
        text = TAG.matcher(text).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            lines.append(line.strip()).append('\n');
        }
        return lines.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
