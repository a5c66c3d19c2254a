package io.smsbridge.receipts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a receipt, in Stripe's scheme: header {@code SmsBridge-Signature: t=<unix seconds>,v1=<hex>}, where
 * v1 is the HMAC-SHA256, keyed with the receipts secret, of {@code <t>.<the request body as sent>}. A receiver
 * recomputes it over the raw body, compares in constant time, and refuses a timestamp too far from its clock (replays).
 * The JDK's Mac is the library; only the header's format is ours.
 */
public final class ReceiptSignature {

    /** The header that carries it. */
    public static final String HEADER = "SmsBridge-Signature";

    private ReceiptSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    /** Whether {@code header} is a valid signature of {@code body} made within {@code toleranceSeconds} of {@code now}. */
    public static boolean verify(String secret, String header, String body, long now, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(part.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (timestamp == null || v1 == null || Math.abs(now - timestamp) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }
}
