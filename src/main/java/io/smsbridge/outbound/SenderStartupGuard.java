package io.smsbridge.outbound;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.messaging.v1.Service;
import com.twilio.type.PhoneNumber;
import com.twilio.type.PhoneNumberCapabilities;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final OutboundProperties properties;
    private final TwilioRestClient twilio;

    public SenderStartupGuard(OutboundProperties properties, TwilioRestClient twilio) {
        this.properties = properties;
        this.twilio = twilio;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.startupGuard()) {
            log.warn("Sender startup guard is off (smsbridge.outbound.startup-guard=false): senders are not checked");
            return;
        }
        List<String> problems = new ArrayList<>();
        Set<String> numbers = new LinkedHashSet<>();
        if (properties.defaultFrom() != null && !properties.defaultFrom().isBlank()) {
            numbers.add(properties.defaultFrom());
        }
        numbers.addAll(properties.senders());
        for (String number : numbers) {
            String problem = checkNumber(number);
            if (problem != null) {
                problems.add(problem);
            }
        }
        String service = properties.defaultMessagingServiceSid();
        if (service != null && !service.isBlank()) {
            try {
                Service.fetcher(service).fetch(twilio);
            } catch (ApiException e) {
                problems.add("Messaging Service " + service + " does not exist in the account (Twilio " + e.getCode()
                        + "): fix smsbridge.outbound.default-messaging-service-sid");
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
        List<IncomingPhoneNumber> found = StreamSupport.stream(
                IncomingPhoneNumber.reader().setPhoneNumber(new PhoneNumber(number)).read(twilio).spliterator(), false).toList();
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

    private static String describe(PhoneNumberCapabilities c) {
        return c == null ? "unknown" : "sms=" + c.getSms() + ", mms=" + c.getMms() + ", voice=" + c.getVoice();
    }
}
