package io.smsbridge.twilio;

import java.util.function.Supplier;

/**
 * Where requests for {@code https://*.twilio.com} go: Twilio itself (null), a configured URL
 * (smsbridge.twilio.api-base-url, e.g. a stand-alone sandbox) or, in sandbox mode, this application's sandbox.
 * Used by the SDK's HTTP client and by the MMS media download alike.
 */
public final class TwilioApiBaseUrl implements Supplier<String> {

    private final Supplier<String> base;

    TwilioApiBaseUrl(Supplier<String> base) {
        this.base = base;
    }

    @Override
    public String get() {
        return base.get();
    }

    /** A Twilio URL as it must be called here (other URLs unchanged). */
    public String rewrite(String url) {
        String b = get();
        return b == null || b.isBlank() ? url : TwilioHttpClient.rewrite(url, b);
    }
}
