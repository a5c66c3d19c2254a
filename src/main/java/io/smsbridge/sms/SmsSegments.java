package io.smsbridge.sms;

/**
 * How many SMS segments a text costs, as Twilio and the carriers count them.
 * <p>
 * GSM-7 when every character is in the GSM 03.38 basic or extension table (extension characters cost two
 * septets): 160 septets in one segment, 153 per segment when split. Otherwise UCS-2: 70 UTF-16 units, 67 per
 * segment when split. An escape pair or a surrogate pair is never split across two segments. Rates are counted in
 * segments, so the throttle and the price depend on this.
 */
public final class SmsSegments {

    public enum Encoding { GSM7, UCS2 }

    /** @param encoding GSM-7 or UCS-2; @param units septets (GSM-7) or UTF-16 units (UCS-2); @param segments count */
    public record Count(Encoding encoding, int units, int segments) {
    }

    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    private static final int GSM7_SINGLE = 160;
    private static final int GSM7_PART = 153;
    private static final int UCS2_SINGLE = 70;
    private static final int UCS2_PART = 67;

    private SmsSegments() {
    }

    public static Count count(String text) {
        String body = text == null ? "" : text;
        return isGsm7(body) ? countGsm7(body) : countUcs2(body);
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM7_BASIC.indexOf(c) < 0 && GSM7_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Count countGsm7(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += septets(text.charAt(i));
        }
        if (septets <= GSM7_SINGLE) {
            return new Count(Encoding.GSM7, septets, septets == 0 ? 0 : 1);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int cost = septets(text.charAt(i));
            if (used + cost > GSM7_PART) {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return new Count(Encoding.GSM7, septets, segments);
    }

    private static Count countUcs2(String text) {
        int units = text.length();
        if (units <= UCS2_SINGLE) {
            return new Count(Encoding.UCS2, units, 1);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int cost = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
            if (used + cost > UCS2_PART) {
                segments++;
                used = 0;
            }
            used += cost;
            i += cost - 1;
        }
        return new Count(Encoding.UCS2, units, segments);
    }

    private static int septets(char c) {
        return GSM7_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
    }
}
