package io.smsbridge.ticket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain text to Atlassian Document Format (Jira Cloud's REST v3) and back. */
public final class JiraText {

    private JiraText() {
    }

    /** An ADF document: one paragraph per block of lines separated by a blank line, hard breaks between lines. */
    public static Map<String, Object> toAdf(String text) {
        List<Object> paragraphs = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            List<Object> content = new ArrayList<>();
            String[] lines = block.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    content.add(Map.of("type", "hardBreak"));
                }
                if (!lines[i].isEmpty()) { // ADF refuses empty text nodes
                    content.add(Map.of("type", "text", "text", lines[i]));
                }
            }
            if (!content.isEmpty()) {
                paragraphs.add(Map.of("type", "paragraph", "content", content));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        doc.put("version", 1);
        doc.put("content", paragraphs);
        return doc;
    }

    /** The text of a Jira rich-text value: a v2 string as it is, an ADF document flattened to lines. */
    public static String plain(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString().strip();
    }

    private static void append(Object node, StringBuilder out) {
        if (node instanceof List<?> list) {
            list.forEach(child -> append(child, out));
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        Object type = map.get("type");
        if ("text".equals(type) && map.get("text") instanceof String text) {
            out.append(text);
        } else if ("hardBreak".equals(type)) {
            out.append('\n');
        } else if (("mention".equals(type) || "emoji".equals(type)) && map.get("attrs") instanceof Map<?, ?> attrs) {
            Object text = attrs.get("text");
            out.append(text == null ? "" : text);
        }
        append(map.get("content"), out);
        if ("paragraph".equals(type) || "heading".equals(type) || "listItem".equals(type) || "codeBlock".equals(type)) {
            out.append("\n\n");
        }
    }

    /** Whether a value is an ADF document, as REST v3 requires for descriptions and comments. */
    public static boolean isAdf(Object value) {
        return value instanceof Map<?, ?> map && "doc".equals(map.get("type")) && map.get("content") instanceof List<?>;
    }
}
