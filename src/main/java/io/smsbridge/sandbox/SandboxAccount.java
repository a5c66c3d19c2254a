package io.smsbridge.sandbox;

import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.twilio.TwilioProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    public SandboxAccount(TwilioProperties twilio) {
        this.accountSid = twilio.effectiveAccountSid(TwilioMode.SANDBOX);
        this.authToken = twilio.effectiveAuthToken(TwilioMode.SANDBOX);
        this.apiKey = twilio.apiKey();
        this.apiSecret = twilio.apiSecret();
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
