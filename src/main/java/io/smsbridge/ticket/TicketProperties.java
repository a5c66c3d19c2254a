package io.smsbridge.ticket;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code smsbridge.tickets.*}: how texts become help-desk tickets. Documented in config/application.yml.
 *
 * @param enabled        texts that are no keyword open or update Jira tickets; off: they are only stored
 * @param openWindow     a sender's open ticket gets their next text as a comment if it was updated this recently
 * @param summaryWords   how many words of the first text make the ticket's summary
 * @param replyOnNew     answer to a text that opened a ticket (Camel simple, $simple{...}); empty: none
 * @param replyOnComment answer to a text added to an open ticket; empty: none
 * @param statusReply    answer to STATUS for a ticket of the asking phone
 * @param attachments    which MMS media are attached to the ticket
 */
@ConfigurationProperties("smsbridge.tickets")
public record TicketProperties(
        Boolean enabled,
        Duration openWindow,
        Integer summaryWords,
        String replyOnNew,
        String replyOnComment,
        String statusReply,
        Attachments attachments) {

    public TicketProperties {
        enabled = enabled == null || enabled;
        openWindow = openWindow == null ? Duration.ofDays(14) : openWindow;
        summaryWords = summaryWords == null ? 8 : summaryWords;
        replyOnNew = replyOnNew == null ? "" : replyOnNew;
        replyOnComment = replyOnComment == null ? "" : replyOnComment;
        statusReply = statusReply == null ? "" : statusReply;
        attachments = attachments == null ? new Attachments(null, null, null, null) : attachments;
    }

    /**
     * @param maxSize                larger media are not attached (logged with the MessageSid)
     * @param allowedTypes           content types attached, e.g. image/* or application/pdf; others are not attached.
     *                               Both the type declared and the type of the bytes received must be allowed
     * @param mediaHosts             the hosts of Twilio's media URLs: the only ones fetched, and the only ones that get
     *                               the account's credentials (the redirect to Twilio's storage is followed without)
     * @param allowPrivateAddresses  whether a redirect may lead to a loopback, link-local or private address; null:
     *                               only in sandbox mode, whose whole outside world is on this machine
     */
    public record Attachments(DataSize maxSize, List<String> allowedTypes, List<String> mediaHosts, Boolean allowPrivateAddresses) {
        public Attachments {
            maxSize = maxSize == null ? DataSize.ofMegabytes(5) : maxSize;
            allowedTypes = allowedTypes == null ? List.of("image/*", "video/*", "audio/*", "application/pdf", "text/vcard") : allowedTypes;
            mediaHosts = mediaHosts == null ? List.of("api.twilio.com") : mediaHosts;
        }

        public boolean allows(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase().split(";")[0].trim();
            return allowedTypes.stream().map(String::toLowerCase).anyMatch(allowed -> allowed.endsWith("/*")
                    ? type.startsWith(allowed.substring(0, allowed.length() - 1)) : type.equals(allowed));
        }
    }
}
