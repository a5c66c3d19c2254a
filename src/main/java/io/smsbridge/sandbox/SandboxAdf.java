package io.smsbridge.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jira's rich text as the sandbox Jira keeps it: REST v2 takes and gives plain strings, REST v3 Atlassian Document
 * Format. Written for the stand-in alone, so that it does not share the bridge's own conversion (and its mistakes).
 */
final class SandboxAdf {

    /** Node types that end a line of text when flattened. */
    private static final List<String> BLOCKS = List.of("paragraph", "heading", "listItem", "codeBlock", "blockquote");

    private SandboxAdf() {
    }

    /** Whether a v3 field value is an ADF document. */
    static boolean isDocument(Object value) {
        return value instanceof Map<?, ?> node && "doc".equals(node.get("type")) && node.get("content") instanceof List<?>;
    }

    /**
     * A document of the text, as Jira's editor makes it from pasted text: a paragraph per block of lines (blocks part at
     * a blank line), a hard break between the lines of a block.
     */
    static Map<String, Object> document(String text) {
        List<Object> paragraphs = new ArrayList<>();
        List<Object> paragraph = new ArrayList<>();
        for (String line : (text + "\n").split("\\R", -1)) {
            if (line.isBlank()) {
                if (!paragraph.isEmpty()) {
                    paragraphs.add(Map.of("type", "paragraph", "content", paragraph));
                    paragraph = new ArrayList<>();
                }
                continue;
            }
            if (!paragraph.isEmpty()) {
                paragraph.add(Map.of("type", "hardBreak"));
            }
            paragraph.add(Map.of("type", "text", "text", line));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("type", "doc");
        doc.put("content", paragraphs);
        return doc;
    }

    /** The text of a field value: a string as it is, a document's text nodes in order, blocks on lines of their own. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (!(value instanceof Map<?, ?>)) {
            return value.toString();
        }
        StringBuilder out = new StringBuilder();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next instanceof String lineEnd) {          // pushed after a block's children
                out.append(lineEnd);
                continue;
            }
            if (!(next instanceof Map<?, ?> node)) {
                continue;
            }
            Object type = node.get("type");
            if ("text".equals(type)) {
                out.append(node.get("text") == null ? "" : node.get("text"));
            } else if ("hardBreak".equals(type)) {
                out.append('\n');
            } else if (node.get("attrs") instanceof Map<?, ?> attrs && attrs.get("text") != null) {   // mention, emoji
                out.append(attrs.get("text"));
            }
            if (BLOCKS.contains(type)) {
                pending.push("\n\n");
            }
            if (node.get("content") instanceof List<?> children) {
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
