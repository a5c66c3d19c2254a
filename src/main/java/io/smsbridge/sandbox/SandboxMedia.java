package io.smsbridge.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * MMS media sent by sandbox phones, hosted the way Twilio hosts them: the webhook's MediaUrl{N} is
 * {@code https://api.twilio.com/2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}}, readable with the account's
 * credentials, answered with a redirect to storage that must be fetched without them.
 */
@RestController
@ConditionalOnSandbox
public class SandboxMedia {

    /** A 1×1 PNG: what a picture "sent" by URL contains in the sandbox. */
    private static final byte[] PIXEL_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public record Medium(String sid, String messageSid, String contentType, byte[] content) {
    }

    private final Map<String, Medium> bySid = new ConcurrentHashMap<>();

    /** Hosts {@code content}; returns the Twilio URL of the medium. */
    public String host(String accountSid, String messageSid, String contentType, byte[] content) {
        Medium medium = new Medium(SandboxMessages.newSid("ME"), messageSid, contentType, content);
        bySid.put(medium.sid(), medium);
        return "https://api.twilio.com/2010-04-01/Accounts/" + accountSid + "/Messages/" + messageSid + "/Media/" + medium.sid();
    }

    /** Stand-in content for a medium a phone names by URL only (the sandbox fetches nothing from outside). */
    public static byte[] standIn(String url, String contentType) {
        return contentType.startsWith("image/") ? PIXEL_PNG.clone() : ("sandbox media for " + url).getBytes(StandardCharsets.UTF_8);
    }

    public Medium get(String messageSid, String mediaSid) {
        Medium medium = bySid.get(mediaSid);
        return medium != null && (messageSid == null || medium.messageSid().equals(messageSid)) ? medium : null;
    }

    /** Twilio's media storage, where the media URL redirects: like S3's signed URLs, it refuses other credentials. */
    @GetMapping("/sandbox/media-storage/{mediaSid}")
    public ResponseEntity<byte[]> storage(@PathVariable String mediaSid,
                                          @RequestHeader(value = "Authorization", required = false) String authorization) {
        Medium medium = get(null, mediaSid);
        if (medium == null) {
            return ResponseEntity.notFound().build();
        }
        if (authorization != null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body("Only one auth mechanism allowed: the URL is signed, send no Authorization header".getBytes(StandardCharsets.UTF_8));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(medium.contentType())).body(medium.content());
    }

    void clear() {
        bySid.clear();
    }
}
