package io.smsbridge.webhook;

import com.twilio.security.RequestValidator;
import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.twilio.TwilioProperties;
import io.smsbridge.web.PublicBaseUrl;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides whether a webhook really comes from Twilio: twilio-java's {@link RequestValidator} over the public URL
 * Twilio called (smsbridge.public-base-url + path + query, with and without the default port) and the raw form
 * fields, empty ones included. What the servlet container sees behind a TLS proxy is never used.
 */
@Component("twilioWebhooks")
public class TwilioWebhookVerifier {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookVerifier.class);

    private final RequestValidator validator;
    private final PublicBaseUrl publicBaseUrl;
    private final boolean verify;

    public TwilioWebhookVerifier(TwilioProperties twilio, TwilioMode mode, PublicBaseUrl publicBaseUrl, WebhookProperties properties) {
        this.validator = new RequestValidator(twilio.effectiveAuthToken(mode));
        this.publicBaseUrl = publicBaseUrl;
        this.verify = properties.verifySignature();
        if (!verify) {
            log.warn("!!! X-Twilio-Signature checks are OFF (smsbridge.webhooks.verify-signature=false): anyone who can reach "
                    + "/twilio/inbound and /twilio/status can forge messages and delivery reports. Never run like this in production. !!!");
        }
    }

    /** The webhook's form fields when it is genuine (or checks are off), otherwise null. */
    public Map<String, String> verifiedForm(Exchange exchange) {
        Map<String, String> form = FormBody.parse(exchange.getMessage().getBody(String.class));
        if (!verify) {
            return form;
        }
        String signature = exchange.getMessage().getHeader("X-Twilio-Signature", String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        String url = publicBaseUrl.get() + path + (query == null || query.isEmpty() ? "" : "?" + query);
        if (signature != null && validator.validate(url, form, signature)) {
            return form;
        }
        log.warn("Refused a webhook to {}: {} X-Twilio-Signature (MessageSid {})", path,
                signature == null ? "no" : "wrong", form.get("MessageSid"));
        return null;
    }
}
