package io.smsbridge.ticket;

import io.smsbridge.inbound.InboundMessage;
import io.smsbridge.twilio.TwilioApiBaseUrl;
import io.smsbridge.twilio.TwilioMode;
import io.smsbridge.twilio.TwilioProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Downloads the media of an MMS from Twilio with the account's credentials (Twilio can require HTTP auth on media
 * URLs), within the configured size and type limits. Twilio answers with a redirect to its storage: the
 * credentials go to Twilio's media hosts only, never to the redirect target.
 */
@Component("twilioMedia")
public class TwilioMedia {

    private static final Logger log = LoggerFactory.getLogger(TwilioMedia.class);
    private static final int MAX_REDIRECTS = 3;
    private static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
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
    private final boolean allowPrivateAddresses;

    public TwilioMedia(TwilioApiBaseUrl twilioApi, TicketProperties tickets, TwilioProperties twilio, TwilioMode mode) {
        this.twilioApi = twilioApi;
        this.limits = tickets.attachments();
        this.allowPrivateAddresses = limits.allowPrivateAddresses() != null ? limits.allowPrivateAddresses() : mode == TwilioMode.SANDBOX;
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

    /**
     * Fetches one medium; failures Twilio may recover from (5xx, timeouts) are thrown so the text is retried. Only a
     * URL on one of Twilio's media hosts is fetched (a forged or mistaken MediaUrl must not make the bridge fetch, with
     * Twilio's credentials, whatever it names); a redirect is followed without credentials, never to a loopback,
     * link-local or private address unless configured; and the bytes must be of an allowed type, whatever was declared.
     */
    public Download fetch(InboundMessage text, Download medium) throws IOException, InterruptedException {
        if (!limits.allows(medium.contentType())) {
            return skip(text, medium, "type " + medium.contentType() + " is not attached (smsbridge.tickets.attachments.allowed-types)");
        }
        URI source = parse(medium.url());
        if (source == null || !"https".equals(source.getScheme()) || source.getHost() == null
                || limits.mediaHosts().stream().noneMatch(host -> host.equalsIgnoreCase(source.getHost()))) {
            return skip(text, medium, "not fetched: not an https URL on a Twilio media host (smsbridge.tickets.attachments.media-hosts: "
                    + String.join(", ", limits.mediaHosts()) + ")");
        }
        String url = twilioApi.rewrite(medium.url()); // the configured Twilio API (the sandbox's in sandbox mode)
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
                URI next = URI.create(url).resolve(response.headers().firstValue("Location").get());
                String refused = refusedRedirect(next);
                if (refused != null) {
                    return skip(text, medium, "redirect not followed: " + refused);
                }
                url = next.toString();
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
            List<String> sniffed = sniff(content);
            if (!limits.allows(type) || sniffed.stream().noneMatch(limits::allows)) {
                return skip(text, medium, "its bytes are " + sniffed.get(0) + " (served as " + baseType(type)
                        + "), not an allowed type (smsbridge.tickets.attachments.allowed-types)");
            }
            return new Download(medium.filename(), type, medium.url(), content, null);
        }
        throw new IOException("Too many redirects for media " + medium.filename());
    }

    /**
     * The type of the bytes by their magic numbers (Tika), with the other names of that type (Tika's name for a vCard
     * is text/x-vcard, Twilio's and IANA's text/vcard); application/octet-stream when nothing is recognised.
     */
    static List<String> sniff(byte[] content) {
        try {
            var registry = MIME_TYPES.getMediaTypeRegistry();
            var type = registry.normalize(MIME_TYPES.detect(new ByteArrayInputStream(content), new Metadata())).getBaseType();
            List<String> names = new ArrayList<>(List.of(type.toString()));
            registry.getAliases(type).forEach(alias -> names.add(alias.getBaseType().toString()));
            if (type.getSubtype().startsWith("x-")) { // an experimental name since registered: text/x-vcard is text/vcard
                names.add(type.getType() + "/" + type.getSubtype().substring(2));
            }
            return names;
        } catch (IOException e) {
            return List.of("application/octet-stream");
        }
    }

    /** Why a redirect may not be followed, or null: not http(s), or an address inside this machine or network. */
    private String refusedRedirect(URI next) {
        if (!("https".equals(next.getScheme()) || "http".equals(next.getScheme())) || next.getHost() == null) {
            return "not an http(s) URL";
        }
        if (allowPrivateAddresses) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(next.getHost())) {
                if (isInternal(address)) {
                    return next.getHost() + " is a loopback, link-local or private address "
                            + "(smsbridge.tickets.attachments.allow-private-addresses)";
                }
            }
        } catch (UnknownHostException e) {
            return "unknown host " + next.getHost();
        }
        return null;
    }

    static boolean isInternal(InetAddress address) {
        byte[] raw = address.getAddress();
        boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xFE) == 0xFC; // fc00::/7, IPv6's private range
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6;
    }

    private static URI parse(String url) {
        try {
            return url == null ? null : new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Download skip(InboundMessage text, Download medium, String why) {
        log.warn("Media {} of message {} not attached: {}", medium.filename(), text.messageSid(), why);
        return new Download(medium.filename(), medium.contentType(), medium.url(), null, why);
    }

    private static String baseType(String contentType) {
        return contentType == null ? "" : contentType.toLowerCase().split(";")[0].trim();
    }
}
