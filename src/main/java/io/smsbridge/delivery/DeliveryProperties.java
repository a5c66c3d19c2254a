package io.smsbridge.delivery;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.delivery.*}: what happens when Twilio reports a message undelivered or failed. Documented in
 * config/application.yml.
 *
 * @param errorClasses       Twilio error codes by class: unreachable (tell the fallback address), opted-out (opt-out
 *                           ledger), blocked (tell operations: retrying cannot help)
 * @param otherErrors        what to do with codes in no class: fallback-email, ops-alert or none
 * @param includeTextInEmail put the original text into emails (off: emails carry no message body)
 * @param opsEmail           the operations address for alerts
 */
@ConfigurationProperties("smsbridge.delivery")
public record DeliveryProperties(Map<String, List<Integer>> errorClasses, String otherErrors, boolean includeTextInEmail,
                                 String opsEmail) {

    public DeliveryProperties {
        errorClasses = errorClasses == null ? Map.of(
                "unreachable", List.of(30003, 30005, 30006),
                "opted-out", List.of(21610),
                "blocked", List.of(30007, 30034, 30450)) : errorClasses;
        otherErrors = otherErrors == null || otherErrors.isBlank() ? "fallback-email" : otherErrors;
        opsEmail = opsEmail == null || opsEmail.isBlank() ? "ops@localhost" : opsEmail;
    }
}
