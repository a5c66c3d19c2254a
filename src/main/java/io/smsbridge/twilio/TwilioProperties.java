package io.smsbridge.twilio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.twilio.*}: credentials and the HTTP client the Twilio SDK uses. Documented in
 * {@code config/application.yml}.
 *
 * @param mode           sandbox | live | empty (see {@link TwilioMode})
 * @param accountSid     TWILIO_ACCOUNT_SID
 * @param authToken      TWILIO_AUTH_TOKEN (also the key for X-Twilio-Signature checks)
 * @param apiKey         TWILIO_API_KEY (SK...), used for REST calls instead of the auth token when set
 * @param apiSecret      TWILIO_API_SECRET
 * @param apiBaseUrl     where requests for https://*.twilio.com go; empty: Twilio itself (live) or this
 *                       application's sandbox (sandbox mode)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    time to wait for Twilio's answer
 * @param maxConnections HTTP connection pool size
 */
@ConfigurationProperties("smsbridge.twilio")
public record TwilioProperties(
        String mode,
        String accountSid,
        String authToken,
        String apiKey,
        String apiSecret,
        String apiBaseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        Integer maxConnections) {

    /** Documented sandbox credentials, used in sandbox mode when TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are unset. */
    public static final String SANDBOX_ACCOUNT_SID = "AC00000000000000000000000000000000";
    public static final String SANDBOX_AUTH_TOKEN = "sandbox-auth-token";

    public TwilioProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
        maxConnections = maxConnections == null ? 50 : maxConnections;
    }

    public String effectiveAccountSid(TwilioMode mode) {
        return isBlank(accountSid) && mode == TwilioMode.SANDBOX ? SANDBOX_ACCOUNT_SID : accountSid;
    }

    public String effectiveAuthToken(TwilioMode mode) {
        return isBlank(authToken) && mode == TwilioMode.SANDBOX ? SANDBOX_AUTH_TOKEN : authToken;
    }

    public boolean usesApiKey() {
        return !isBlank(apiKey) && !isBlank(apiSecret);
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
