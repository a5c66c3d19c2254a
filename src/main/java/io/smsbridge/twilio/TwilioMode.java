package io.smsbridge.twilio;

import org.springframework.core.env.Environment;

/**
 * Whether the bridge talks to the real Twilio ({@code live}) or to the sandbox served by this application.
 * <p>
 * {@code smsbridge.twilio.mode} decides when set; otherwise the bridge is live exactly when live credentials are
 * configured (an account SID plus an auth token, or an API key and secret). Resolved from the {@link Environment}
 * rather than a bean because conditions (which beans exist at all) depend on it.
 */
public enum TwilioMode {
    SANDBOX, LIVE;

    public static TwilioMode resolve(Environment env) {
        String mode = env.getProperty("smsbridge.twilio.mode", "").trim();
        if (mode.equalsIgnoreCase("sandbox")) {
            return SANDBOX;
        }
        if (mode.equalsIgnoreCase("live")) {
            return LIVE;
        }
        if (!mode.isEmpty()) {
            throw new IllegalStateException(
                    "smsbridge.twilio.mode (SMSBRIDGE_TWILIO_MODE) must be 'sandbox' or 'live', not '" + mode + "'");
        }
        boolean accountSid = isSet(env, "smsbridge.twilio.account-sid");
        boolean token = isSet(env, "smsbridge.twilio.auth-token");
        boolean apiKey = isSet(env, "smsbridge.twilio.api-key") && isSet(env, "smsbridge.twilio.api-secret");
        return accountSid && (token || apiKey) ? LIVE : SANDBOX;
    }

    private static boolean isSet(Environment env, String key) {
        return !env.getProperty(key, "").isBlank();
    }
}
