package io.smsbridge.sandbox;

/**
 * How many segments a carrier bills for a text (the sandbox's NumSegments), written from 3GPP TS 23.038 for the sandbox
 * alone: the bridge counts segments with code of its own, and a stand-in that reused it would agree with its bugs.
 * GSM 7-bit default alphabet (escape-table characters take two septets): 160 septets in one segment, 153 in each of
 * several; anything else UCS-2: 70 UTF-16 units, 67 in each of several. A character is never split across two segments.
 */
final class SandboxSegments {

    /** The default alphabet in code order, 0x00 to 0x7F; 0x1B (the escape) is not a character and stands as a space here. */
    private static final String[] DEFAULT_ALPHABET = {
        "@£$¥èéùìòÇ\nØø\rÅå",
        "Δ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ",
        " !\"#¤%&'()*+,-./",
        "0123456789:;<=>?",
        "¡ABCDEFGHIJKLMNO",
        "PQRSTUVWXYZÄÖÑÜ§",
        "¿abcdefghijklmno",
        "pqrstuvwxyzäöñüà",
    };
    /** Characters reached through the escape: form feed, ^ { } \ [ ~ ] | and the euro sign. */
    private static final String ESCAPED = "\f^{}\\[~]|€";

    private SandboxSegments() {
    }

    static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 1; // Twilio reports one segment for an empty (media-only) message too
        }
        int[] costs = gsmCosts(text);
        if (costs != null) {
            return fill(costs, 160, 153);
        }
        // UCS-2: a surrogate pair is one character of two units
        int[] units = text.codePoints().map(Character::charCount).toArray();
        return fill(units, 70, 67);
    }

    /** The septets of each character, or null when one is outside the GSM alphabet. */
    private static int[] gsmCosts(String text) {
        int[] costs = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (ESCAPED.indexOf(c) >= 0) {
                costs[i] = 2;
            } else if (inDefaultAlphabet(c)) {
                costs[i] = 1;
            } else {
                return null;
            }
        }
        return costs;
    }

    private static boolean inDefaultAlphabet(char c) {
        for (String row : DEFAULT_ALPHABET) {
            int at = row.indexOf(c);
            if (at >= 0 && !(row == DEFAULT_ALPHABET[1] && at == 11)) {   // the escape's place holds no character
                return true;
            }
        }
        return false;
    }

    /** Segments for characters of the given sizes: one if all fit in {@code single}, else filled {@code part} at a time. */
    private static int fill(int[] sizes, int single, int part) {
        int total = 0;
        for (int size : sizes) {
            total += size;
        }
        if (total <= single) {
            return 1;
        }
        int segments = 1;
        int room = part;
        for (int size : sizes) {
            if (size > room) {
                segments++;
                room = part;
            }
            room -= size;
        }
        return segments;
    }
}
