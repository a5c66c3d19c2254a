package io.smsbridge.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict {@code application/x-www-form-urlencoded} parsing: every field kept, empty ones too (Twilio signs them), in
 * order; a broken percent-escape or invalid UTF-8 is an error instead of a silently mangled value.
 */
public final class FormBody {

    /** The body is not a well-formed form. */
    public static final class MalformedFormException extends IllegalArgumentException {
        MalformedFormException(String message) {
            super(message);
        }
    }

    private FormBody() {
    }

    /** Field name → value; a repeated name keeps its first value (Twilio's webhook fields are unique). */
    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MalformedFormException("form field without a name or '=': '" + abbreviate(pair) + "'");
            }
            fields.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return fields;
    }

    static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new MalformedFormException("broken percent-escape in '" + abbreviate(s) + "'");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFormException("invalid UTF-8 in '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
