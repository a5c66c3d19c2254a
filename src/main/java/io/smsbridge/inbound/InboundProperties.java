package io.smsbridge.inbound;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.inbound.*}: what the bridge answers and which keywords it knows. Documented in
 * config/application.yml.
 *
 * @param confirmOptOut      the bridge itself confirms STOP (Twilio already does on long codes and toll-free)
 * @param confirmOptIn       the bridge itself confirms START
 * @param helpText           the answer to HELP / INFO
 * @param optOutConfirmation the STOP confirmation, when confirmOptOut
 * @param optInConfirmation  the START confirmation, when confirmOptIn
 * @param keywords           custom keywords: first word of the text → a Camel endpoint and an optional reply
 * @param optOutWords        whole texts that opt out (the STOP family), any case
 * @param optInWords         whole texts that opt back in (the START family)
 * @param helpWords          whole texts that ask for help
 */
@ConfigurationProperties("smsbridge.inbound")
public record InboundProperties(
        boolean confirmOptOut,
        boolean confirmOptIn,
        String helpText,
        String optOutConfirmation,
        String optInConfirmation,
        Map<String, CustomKeyword> keywords,
        Set<String> optOutWords,
        Set<String> optInWords,
        Set<String> helpWords) {

    public InboundProperties {
        helpText = helpText == null ? "Text us your question and we will open a ticket. Reply STOP to opt out." : helpText;
        optOutConfirmation = optOutConfirmation == null
                ? "You are unsubscribed and will get no more messages. Reply START to resubscribe." : optOutConfirmation;
        optInConfirmation = optInConfirmation == null
                ? "You are subscribed again. Reply HELP for help, STOP to unsubscribe." : optInConfirmation;
        keywords = keywords == null ? Map.of() : keywords;
        // Twilio's and the carriers' defaults (TWILIO-FACTS.md), when config/application.yml names none
        optOutWords = upperCase(optOutWords, Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"));
        optInWords = upperCase(optInWords, Set.of("START", "YES", "UNSTOP"));
        helpWords = upperCase(helpWords, Set.of("HELP", "INFO"));
    }

    private static Set<String> upperCase(Set<String> words, Set<String> fallback) {
        if (words == null || words.isEmpty()) {
            return fallback;
        }
        return words.stream().map(w -> w.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param endpoint    the Camel endpoint that handles the keyword (e.g. direct:keyword-ack); it gets the words after
     *                    the keyword as body and the message as variable {@code inbound}
     * @param reply       optional reply, a Camel simple template written $simple{...} (so Spring's placeholders leave
     *                    it alone): $simple{body} is what the endpoint returned, $simple{variable.keyword.args} the
     *                    words after the keyword
     * @param description what the keyword does, for people reading the configuration
     */
    public record CustomKeyword(String endpoint, String reply, String description) {
    }
}
