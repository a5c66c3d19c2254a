package io.smsbridge.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * A JSON request body as text, decoded strictly in the charset its Content-Type declares (UTF-8 when it declares none,
 * as RFC 8259 says): a route step after authentication. Not JSON, or a charset Java does not know → 415; bytes that
 * are not valid in that charset → 400 naming the byte (a lenient decoder would turn them into U+FFFD and send that).
 */
@Component("requestText")
public class RequestText {

    public String json(Exchange exchange, @Variable("contentType") String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        if (!isJson(parts[0].strip())) {
            throw new RequestRefused(415, "send JSON with Content-Type: application/json (got "
                    + (contentType == null ? "none" : abbreviated(contentType)) + ")");
        }
        Charset charset = StandardCharsets.UTF_8;
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
                String name = parameter[1].strip().replace("\"", "");
                try {
                    charset = Charset.forName(name);
                } catch (IllegalArgumentException e) { // unknown or illegal name
                    throw new RequestRefused(415, "unsupported charset '" + abbreviated(name) + "' (send UTF-8)");
                }
            }
        }
        byte[] body = rawBody(exchange);
        return decode(body == null ? new byte[0] : body, charset);
    }

    private static boolean isJson(String type) {
        try {
            MediaType media = MediaType.parseMediaType(type);
            return media.isCompatibleWith(MediaType.APPLICATION_JSON) || media.getSubtype().endsWith("+json");
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * The body's bytes as they came. From the request itself when there is one: platform-http reads a body whose
     * Content-Type names a charset through a Reader, decoded already (leniently, as UTF-8).
     */
    public static byte[] rawBody(Exchange exchange) {
        if (exchange.getMessage() instanceof PlatformHttpMessage http
                && http.getRequest().getAttribute(RequestBodyLimit.RAW_BODY) instanceof byte[] raw) {
            return raw;
        }
        return exchange.getMessage().getBody(byte[].class);
    }

    static String decode(byte[] body, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(body);
        try {
            return decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            String what = e instanceof MalformedInputException ? "malformed" : "unmappable";
            throw new RequestRefused(400, "the body is not valid " + charset.name() + ": " + what + " input at byte "
                    + bytes.position() + (charset.equals(StandardCharsets.UTF_8) ? "" : " (as declared in Content-Type)"));
        }
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
