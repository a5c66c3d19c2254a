package io.smsbridge.outbound;

import java.util.Set;

/** The kind of sender, which decides its default rate: long-code, toll-free, short-code or messaging-service. */
public final class SenderType {

    /** North American toll-free area codes. */
    private static final Set<String> TOLL_FREE = Set.of("800", "833", "844", "855", "866", "877", "888");

    private SenderType() {
    }

    public static String of(String sender) {
        if (sender.startsWith("MG")) {
            return "messaging-service";
        }
        if (!sender.startsWith("+") && sender.length() >= 5 && sender.length() <= 6 && sender.chars().allMatch(Character::isDigit)) {
            return "short-code";
        }
        if (sender.startsWith("+1") && sender.length() == 12 && TOLL_FREE.contains(sender.substring(2, 5))) {
            return "toll-free";
        }
        return "long-code";
    }
}
