package io.smsbridge.ticket;

import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.twilio.TwilioApiBaseUrl;
import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.twilio.TwilioProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Downloads the media of an MMS from Twilio with the account's credentials (Twilio can require HTTP auth on media
 * URLs), within the configured size and type limits. Twilio answers with a redirect to its storage: the
 * credentials go to Twilio only, never to the redirect target.
 */
@Component("twilioMedia")
public class TwilioMedia {

    private static final Logger log = LoggerFactory.getLogger(TwilioMedia.class);
    private static final int MAX_REDIRECTS = 3;
    private static final Map<String, String> EXTENSIONS = Map.of("image/jpeg", "jpg", "image/png", "png", "image/gif", "gif",
            "application/pdf", "pdf", "text/vcard", "vcf", "video/mp4", "mp4", "audio/mpeg", "mp3", "text/plain", "txt");

    /**
     * One medium of a text: its bytes, or why it is not attached.
     *
     * @param url     where Twilio serves it (MediaUrl{N} of the webhook)
     * @param skipped null when {@code content} is to be attached; otherwise why not (too large, type not allowed, gone)
     */
    public record Download(String filename, String contentType, String url, byte[] content, String skipped) {
    }

    private final TwilioApiBaseUrl twilioApi;
    private final TicketProperties.Attachments limits;
    private final String authorization;
    private final TwilioProperties twilio;
    private final HttpClient http;

    public TwilioMedia(TwilioApiBaseUrl twilioApi, TicketProperties tickets, TwilioProperties twilio, TwilioMode mode) {
        this.twilioApi = twilioApi;
        this.limits = tickets.attachments();
        this.twilio = twilio;
        String user = twilio.usesApiKey() ? twilio.apiKey() : twilio.effectiveAccountSid(mode);
        String password = twilio.usesApiKey() ? twilio.apiSecret() : twilio.effectiveAuthToken(mode);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .connectTimeout(twilio.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The media of a text that have not been attached yet ({@code alreadyAttached}: filenames on the ticket). */
    public List<Download> pending(InboundMessage text, List<String> alreadyAttached) {
        List<Download> pending = new ArrayList<>();
        Set<String> attached = Set.copyOf(alreadyAttached);
        for (int i = 0; i < text.media().size(); i++) {
            InboundMessage.Media media = text.media().get(i);
            String filename = text.messageSid() + "-" + i + "." + EXTENSIONS.getOrDefault(baseType(media.contentType()), "bin");
            if (!attached.contains(filename)) {
                pending.add(new Download(filename, media.contentType(), media.url(), null, null));
            }
        }
        return pending;
    }

    /** Fetches one medium; failures Twilio may recover from (5xx, timeouts) are thrown so the text is retried. */
    public Download fetch(InboundMessage text, Download medium) throws IOException, InterruptedException {
        String url = twilioApi.rewrite(medium.url());
        if (!limits.allows(medium.contentType())) {
            return skip(text, medium, "type " + medium.contentType() + " is not attached (smsbridge.tickets.attachments.allowed-types)");
        }
        boolean toTwilio = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(twilio.readTimeout()).GET();
            if (toTwilio) {
                request.header("Authorization", authorization);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                response.body().close();
                url = URI.create(url).resolve(response.headers().firstValue("Location").get()).toString();
                toTwilio = false; // Twilio's storage has its own signed URL: our credentials stay with Twilio
                continue;
            }
            if (status == 404 || status == 403 || status == 410) {
                response.body().close();
                return skip(text, medium, "Twilio answered " + status + " (the media is gone)");
            }
            if (status != 200) {
                response.body().close();
                throw new IOException("Twilio answered " + status + " for media " + medium.filename());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limits.maxSize().toBytes()) {
                response.body().close();
                return skip(text, medium, "larger than " + limits.maxSize() + " (smsbridge.tickets.attachments.max-size)");
            }
            byte[] content;
            try (InputStream in = response.body()) {
                content = in.readNBytes((int) limits.maxSize().toBytes() + 1);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (content.length > limits.maxSize().toBytes()) {
                return skip(text, medium, "larger than " + limits.maxSize() + " (smsbridge.tickets.attachments.max-size)");
            }
            String type = response.headers().firstValue("Content-Type").orElse(medium.contentType());
            return new Download(medium.filename(), type, medium.url(), content, null);
        }
        throw new IOException("Too many redirects for media " + medium.filename());
    }

    private static Download skip(InboundMessage text, Download medium, String why) {
        log.warn("Media {} of message {} not attached: {}", medium.filename(), text.messageSid(), why);
        return new Download(medium.filename(), medium.contentType(), medium.url(), null, why);
    }

    private static String baseType(String contentType) {
        return contentType == null ? "" : contentType.toLowerCase().split(";")[0].trim();
    }
}
