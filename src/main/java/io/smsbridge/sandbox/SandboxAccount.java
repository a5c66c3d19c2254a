package io.smsbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The one Twilio account the sandbox serves: TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN when set, else the documented
 * sandbox defaults. An API key (TWILIO_API_KEY / TWILIO_API_SECRET) is accepted for REST calls too.
 */
@Component
@ConditionalOnSandbox
public class SandboxAccount {

    private final String accountSid;
    private final String authToken;
    private final String apiKey;
    private final String apiSecret;

    /** The sandbox account's own credentials, when none are configured (docs/sandbox.md). */
    static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000";
    static final String DEFAULT_AUTH_TOKEN = "sandbox-auth-token";
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+[1-9]\\d{7,14}");

    public SandboxAccount(Environment environment) {
        this.accountSid = setting(environment, "smsbridge.twilio.account-sid", DEFAULT_ACCOUNT_SID);
        this.authToken = setting(environment, "smsbridge.twilio.auth-token", DEFAULT_AUTH_TOKEN);
        this.apiKey = setting(environment, "smsbridge.twilio.api-key", null);
        this.apiSecret = setting(environment, "smsbridge.twilio.api-secret", null);
    }

    /** Whether {@code number} is a phone number as Twilio writes them (E.164: +, country code, 8 to 15 digits). */
    static boolean isPhoneNumber(String number) {
        return number != null && PHONE_NUMBER.matcher(number).matches();
    }

    /** A setting the sandbox shares with whoever talks to it (the same environment variables), or its default. */
    static String setting(Environment environment, String name, String fallback) {
        String value = environment.getProperty(name, "").trim();
        return value.isEmpty() ? fallback : value;
    }

    public String accountSid() {
        return accountSid;
    }

    /** The key webhooks are signed with, as Twilio signs with the account's primary auth token. */
    public String authToken() {
        return authToken;
    }

    /** True when an {@code Authorization: Basic} header carries this account's credentials for {@code pathAccountSid}. */
    public boolean authenticates(String authorizationHeader, String pathAccountSid) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)
                || !accountSid.equals(pathAccountSid)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return (user.equals(accountSid) && password.equals(authToken))
                || (apiKey != null && !apiKey.isBlank() && user.equals(apiKey) && password.equals(apiSecret));
    }
}
