package io.smsbridge.delivery;

import java.util.Map;

/** What Twilio's error codes mean, in words a help desk or an operator understands (TWILIO-FACTS.md). */
public final class TwilioErrorCodes {

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(21610, "the recipient has opted out (replied STOP)"),
            Map.entry(21614, "the number cannot receive SMS (a landline?)"),
            Map.entry(30001, "Twilio's queue for the sender overflowed"),
            Map.entry(30003, "the handset is unreachable (off, out of coverage)"),
            Map.entry(30005, "the number is unknown or no longer active"),
            Map.entry(30006, "a landline or a carrier that cannot take SMS"),
            Map.entry(30007, "the carrier filtered the message as spam"),
            Map.entry(30034, "the sender is not registered for US A2P 10DLC"),
            Map.entry(30036, "the message expired before it could be delivered"),
            Map.entry(30450, "blocked by Twilio's SMS pumping protection"));

    private TwilioErrorCodes() {
    }

    public static String meaning(int code) {
        return MEANINGS.getOrDefault(code, "see https://www.twilio.com/docs/errors/" + code);
    }
}
