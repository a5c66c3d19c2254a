package io.smsbridge.inbound;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What a text asks for. The opt-out, opt-in and help families are matched on the whole text (trimmed, any case),
 * as the carriers and Twilio match them; Twilio's own {@code OptOutType} wins when it sent one. Custom keywords are
 * matched on the first word, and the rest of the text is their argument.
 */
@Component("keywords")
public class Keywords {

    /** The family of a text and, for a custom keyword, its handler. */
    public record Keyword(String family, String word, String args, String endpoint, String reply) {
        public static final String STOP = "STOP";
        public static final String START = "START";
        public static final String HELP = "HELP";
        public static final String CUSTOM = "CUSTOM";
        public static final String NONE = "NONE";
    }

    private final Map<String, InboundProperties.CustomKeyword> custom = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> optOut;
    private final Set<String> optIn;
    private final Set<String> help;

    /** The word sets and custom keywords of smsbridge.inbound (config/application.yml). */
    public Keywords(InboundProperties properties) {
        custom.putAll(properties.keywords());
        optOut = properties.optOutWords();
        optIn = properties.optInWords();
        help = properties.helpWords();
    }

    public Keyword classify(InboundMessage message) {
        return classify(message.body(), message.optOutType());
    }

    /** What a text (with the OptOutType Twilio sent with it, or null) is, as {@link #classify(InboundMessage)} sees it. */
    public Keyword classify(String body, String twilioOptOutType) {
        String text = body == null ? "" : body.trim();
        String whole = text.toUpperCase(Locale.ROOT);
        String optOutType = twilioOptOutType == null ? "" : twilioOptOutType.trim().toUpperCase(Locale.ROOT);
        if (optOutType.equals("STOP") || optOut.contains(whole)) {
            return new Keyword(Keyword.STOP, whole.isEmpty() ? optOutType : whole, "", null, null);
        }
        if (optOutType.equals("START") || optIn.contains(whole)) {
            return new Keyword(Keyword.START, whole.isEmpty() ? optOutType : whole, "", null, null);
        }
        if (optOutType.equals("HELP") || help.contains(whole)) {
            return new Keyword(Keyword.HELP, whole.isEmpty() ? optOutType : whole, "", null, null);
        }
        String[] words = text.split("\\s+", 2);
        InboundProperties.CustomKeyword handler = custom.get(words[0]);
        if (!words[0].isEmpty() && handler != null) {
            return new Keyword(Keyword.CUSTOM, words[0].toUpperCase(Locale.ROOT), words.length > 1 ? words[1].trim() : "",
                    handler.endpoint(), handler.reply());
        }
        return new Keyword(Keyword.NONE, "", text, null, null);
    }
}
