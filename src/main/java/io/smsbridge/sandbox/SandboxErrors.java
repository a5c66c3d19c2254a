package io.smsbridge.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** Twilio's error codes and the JSON body it answers errors with. */
final class SandboxErrors {

    private SandboxErrors() {
    }

    /** A REST request Twilio would refuse: HTTP {@code status} with Twilio error {@code code}. */
    static final class ApiError extends RuntimeException {
        final int status;
        final int code;

        ApiError(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    static Map<String, Object> body(int status, int code, String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code);
        json.put("message", message);
        json.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        json.put("status", status);
        return json;
    }

    static ApiError badRequest(int code, String message) {
        return new ApiError(400, code, message);
    }

    static ApiError notFound(String path) {
        return new ApiError(404, 20404, "The requested resource " + path + " was not found");
    }

    static ApiError unauthenticated() {
        return new ApiError(401, 20003, "Authenticate");
    }

    /** error_message of a message the carrier did not deliver. */
    static String carrierErrorMessage(int code) {
        return switch (code) {
            case 30001 -> "Queue overflow";
            case 30003 -> "Unreachable destination handset";
            case 30005 -> "Unknown destination handset";
            case 30006 -> "Landline or unreachable carrier";
            case 30007 -> "Message filtered";
            case 30034 -> "Message from an unregistered number";
            case 30036 -> "Validity period expired";
            case 30450 -> "Message delivery blocked (SMS pumping protection)";
            default -> "Unknown error";
        };
    }
}
