package io.smsbridge.sandbox;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.sandbox.*}: the simulated outside world. Documented in {@code config/application.yml}.
 *
 * @param enabled            run the sandbox in this process; empty: whenever Twilio runs in sandbox mode
 * @param webhookBaseUrl     where the sandbox's webhooks go (the bridge); empty: smsbridge.public-base-url
 * @param numbers            the account's phone numbers (IncomingPhoneNumbers) and their capabilities
 * @param messagingServices  Messaging Service SIDs (MG...) that exist in the sandbox account
 * @param failingRecipients  recipients whose messages end undelivered or failed, with the error code
 * @param smsOnlyRecipients  recipients that take SMS but not MMS: a create with media is refused with 21614
 * @param statusCallbacks    POST status callbacks (off: statuses still change, nobody is told; for benchmarks)
 * @param callbackDelay      time between status transitions (queued → sent → final)
 * @param smtpPort           port of the embedded SMTP server (GreenMail) on 127.0.0.1
 * @param faults             fault injection on the Twilio REST API (changeable at run time: /sandbox/admin/faults)
 * @param maxMessages        messages kept (the oldest go first; the account's counters keep counting)
 */
@ConfigurationProperties("smsbridge.sandbox")
public record SandboxProperties(
        Boolean enabled,
        String webhookBaseUrl,
        List<PhoneNumber> numbers,
        List<String> messagingServices,
        List<FailingRecipient> failingRecipients,
        List<String> smsOnlyRecipients,
        Boolean statusCallbacks,
        Duration callbackDelay,
        Integer smtpPort,
        SandboxFaults.Settings faults,
        Integer maxMessages) {

    public SandboxProperties {
        numbers = numbers == null ? List.of(new PhoneNumber("+15005550006", true, true, true, null)) : numbers;
        messagingServices = messagingServices == null ? List.of() : messagingServices;
        failingRecipients = failingRecipients == null ? List.of() : failingRecipients;
        smsOnlyRecipients = smsOnlyRecipients == null ? List.of() : smsOnlyRecipients;
        statusCallbacks = statusCallbacks == null || statusCallbacks;
        callbackDelay = callbackDelay == null ? Duration.ofMillis(50) : callbackDelay;
        smtpPort = smtpPort == null ? 3025 : smtpPort;
        faults = faults == null ? SandboxFaults.Settings.NONE : faults;
        maxMessages = maxMessages == null ? 20_000 : maxMessages;
    }

    /** A number of the sandbox account; {@code smsUrl} empty: the bridge's /twilio/inbound. */
    public record PhoneNumber(String phoneNumber, boolean sms, boolean mms, boolean voice, String smsUrl) {
    }

    /** Messages to {@code number} end with {@code status} (undelivered or failed) and {@code errorCode}. */
    public record FailingRecipient(String number, String status, int errorCode) {
    }
}
