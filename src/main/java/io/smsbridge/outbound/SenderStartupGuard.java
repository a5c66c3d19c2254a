package io.smsbridge.outbound;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.messaging.v1.Service;
import com.twilio.type.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Refuses to run with a sender that cannot send SMS (the seed guides on errors 21606 and 21408): every configured
 * From number must be an SMS-capable number of the account, every Messaging Service SID must exist. Runs once the
 * web server is up, because in sandbox mode the account is served by this very application.
 */
@Component
public class SenderStartupGuard implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SenderStartupGuard.class);

    /** Attempts at each lookup while Twilio is unavailable (5xx, 429, no answer), 1, 2, 4, 8 s apart. */
    static final int ATTEMPTS = 5;

    private final OutboundProperties properties;
    private final TwilioRestClient twilio;
    private final TwilioErrors errors;
    private final long firstDelayMillis;

    @Autowired
    public SenderStartupGuard(OutboundProperties properties, TwilioRestClient twilio, TwilioErrors errors) {
        this(properties, twilio, errors, 1000);
    }

    SenderStartupGuard(OutboundProperties properties, TwilioRestClient twilio, TwilioErrors errors, long firstDelayMillis) {
        this.properties = properties;
        this.twilio = twilio;
        this.errors = errors;
        this.firstDelayMillis = firstDelayMillis;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.startupGuard()) {
            log.warn("Sender startup guard is off (smsbridge.outbound.startup-guard=false): senders are not checked");
            return;
        }
        List<String> problems = new ArrayList<>();
        Set<String> numbers = properties.numbers();
        for (String number : numbers) {
            String problem = checkNumber(number);
            if (problem != null) {
                problems.add(problem);
            }
        }
        String service = properties.defaultMessagingServiceSid();
        if (service != null && !service.isBlank()) {
            boolean exists = lookUp("Messaging Service " + service, () -> {
                try {
                    Service.fetcher(service).fetch(twilio);
                    return true;
                } catch (ApiException e) {
                    if (Integer.valueOf(404).equals(e.getStatusCode())) {
                        return false;
                    }
                    throw e;
                }
            });
            if (!exists) {
                problems.add("Messaging Service " + service + " does not exist in the account (Twilio answered 404): "
                        + "fix smsbridge.outbound.default-messaging-service-sid");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Sender check failed (turn off with smsbridge.outbound.startup-guard=false):\n - "
                    + String.join("\n - ", problems));
        }
        log.info("Senders checked against the Twilio account: {}{}", numbers,
                service == null || service.isBlank() ? "" : " and " + service);
    }

    private String checkNumber(String number) {
        List<IncomingPhoneNumber> found = lookUp("the account's number " + number, () -> StreamSupport.stream(
                IncomingPhoneNumber.reader().setPhoneNumber(new PhoneNumber(number)).read(twilio).spliterator(), false).toList());
        if (found.isEmpty()) {
            return number + " is not a phone number of this Twilio account (Twilio would answer 21606): buy or port it, "
                    + "or remove it from smsbridge.outbound.default-from/senders";
        }
        PhoneNumberCapabilities capabilities = found.get(0).getCapabilities();
        if (capabilities == null || !Boolean.TRUE.equals(capabilities.getSms())) {
            return number + " cannot send SMS (capabilities " + describe(capabilities) + "; Twilio would answer 21606): "
                    + "use an SMS-capable number or a Messaging Service";
        }
        return null;
    }

    /**
     * One lookup at Twilio, tried again while Twilio is unavailable. Startup stops with what failed: a refusal (wrong
     * credentials: 401/20003) at once, unavailability after the last attempt. Health stays DOWN meanwhile (the
     * readiness state changes only once this has passed).
     */
    private <T> T lookUp(String what, Supplier<T> call) {
        long delay = firstDelayMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (!errors.isRetryable(e)) {
                    throw new IllegalStateException("Sender check: Twilio refused the lookup of " + what + " ("
                            + TwilioErrors.describe(e) + "); check TWILIO_ACCOUNT_SID and the credentials, or turn the "
                            + "check off with smsbridge.outbound.startup-guard=false", e);
                }
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("Sender check: Twilio was unavailable for the lookup of " + what
                            + " through " + ATTEMPTS + " attempts (" + TwilioErrors.describe(e) + "); start again when "
                            + "Twilio answers, or turn the check off with smsbridge.outbound.startup-guard=false", e);
                }
                log.warn("Sender check: Twilio unavailable for the lookup of {} ({}); attempt {} of {} in {} ms",
                        what, TwilioErrors.describe(e), attempt + 1, ATTEMPTS, delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Sender check interrupted", interrupted);
                }
                delay *= 2;
            }
        }
    }

    private static String describe(PhoneNumberCapabilities c) {
        return c == null ? "unknown" : "sms=" + c.getSms() + ", mms=" + c.getMms() + ", voice=" + c.getVoice();
    }
}
