package io.smsbridge.outbound;

import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which Twilio failures are worth another attempt (TWILIO-FACTS.md): 20429 (never processed), 5xx, connection
 * failures and timeouts, 21611 (sender queue full). Everything else is an answer that retrying cannot change.
 */
@Component("twilioErrors")
public class TwilioErrors {

    public static final int OPTED_OUT = 21610;
    public static final int NOT_MOBILE = 21614;
    private static final Set<Integer> RETRYABLE_CODES = Set.of(20429, 21611);

    /** The Twilio exception somewhere in the cause chain of {@code error}, or null. */
    public static ApiException apiException(Throwable error) {
        return cause(error, ApiException.class);
    }

    /** The first exception of {@code type} in the cause chain of {@code error}, or null. */
    static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public boolean isRetryable(Exception error) {
        if (cause(error, CallNotPermittedException.class) != null) {
            return true; // the circuit breaker is open, Twilio is down: later, not never
        }
        ApiException api = apiException(error);
        if (api == null) {
            return false;
        }
        Integer status = api.getStatusCode();
        Integer code = api.getCode();
        return status == null                       // no HTTP answer: connection refused, timeout
                || status >= 500
                || status == 429
                || (code != null && RETRYABLE_CODES.contains(code));
    }

    /**
     * What Twilio answered, for reasons and logs: "Twilio 21211: Invalid 'To' Phone Number", "HTTP 502 from
     * api.twilio.com, not a Twilio error: '…'" (see TwilioHttpClient), or "no answer from Twilio: …" (timeouts,
     * refused connections); never "null".
     */
    public static String describe(Throwable error) {
        ApiException api = apiException(error);
        if (api == null) {
            return error.getClass().getSimpleName() + ": " + error.getMessage();
        }
        String message = api.getMessage() == null ? "no message" : api.getMessage();
        if (api.getStatusCode() == null) {
            return "no answer from Twilio: " + message;
        }
        if (api.getCode() != null) {
            return "HTTP " + api.getStatusCode() + ", Twilio " + api.getCode() + ": " + message;
        }
        return message.startsWith("HTTP ") ? message : "HTTP " + api.getStatusCode() + ": " + message;
    }

    /** A definite refusal by Twilio (a 4xx other than the retryable ones). */
    public boolean isRefusal(Exception error) {
        ApiException api = apiException(error);
        return api != null && api.getStatusCode() != null && !isRetryable(error);
    }
}
