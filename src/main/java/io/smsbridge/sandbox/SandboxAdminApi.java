package io.smsbridge.sandbox;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox's own controls: received mail, injected faults, and a reset between test runs. */
@RestController
@ConditionalOnSandbox
public class SandboxAdminApi {

    private final SandboxMailServer mail;
    private final SandboxFaults faults;
    private final SandboxMessages messages;
    private final SandboxProperties properties;
    private final SandboxMedia media;

    public SandboxAdminApi(SandboxMailServer mail, SandboxFaults faults, SandboxMessages messages, SandboxProperties properties,
                           SandboxMedia media) {
        this.media = media;
        this.mail = mail;
        this.faults = faults;
        this.messages = messages;
        this.properties = properties;
    }

    @GetMapping(path = "/sandbox/mail", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> mail() {
        return mail.received();
    }

    @GetMapping(path = "/sandbox/admin/faults", produces = MediaType.APPLICATION_JSON_VALUE)
    public SandboxFaults.Settings faults() {
        return faults.current();
    }

    /** Replaces the fault settings, e.g. {@code {"serverErrorRate":0.2,"tooManyRequests":5,"latencyMillis":2000}}. */
    @PutMapping(path = "/sandbox/admin/faults", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public SandboxFaults.Settings setFaults(@RequestBody SandboxFaults.Settings settings) {
        faults.set(settings);
        return faults.current();
    }

    @DeleteMapping(path = "/sandbox/admin/faults", produces = MediaType.APPLICATION_JSON_VALUE)
    public SandboxFaults.Settings clearFaults() {
        faults.set(SandboxFaults.Settings.NONE);
        return faults.current();
    }

    /** Counters for benchmarks: messages created through the REST API, and REST requests received (retries included). */
    @GetMapping(path = "/sandbox/admin/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Long> stats() {
        return Map.of("messagesCreated", messages.outboundCreated(), "restRequests", faults.requestCount());
    }

    /**
     * Every message the account holds, oldest first, with what Twilio's API does not show: when it was created to the
     * millisecond (rate checks) and its StatusCallback (which bridge node sent it). For tests and benchmarks.
     */
    @GetMapping(path = "/sandbox/admin/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> allMessages() {
        return messages.list(m -> true, null, Integer.MAX_VALUE).stream()
                .sorted(Comparator.comparingLong(SandboxMessage.Snapshot::sequence))
                .map(m -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("sid", m.sid());
                    json.put("direction", m.direction());
                    json.put("from", m.from());
                    json.put("to", m.to());
                    json.put("messagingServiceSid", m.messagingServiceSid());
                    json.put("body", m.body());
                    json.put("status", m.status());
                    json.put("dateCreated", m.dateCreated().toString());
                    json.put("statusCallback", m.statusCallback());
                    return json;
                }).toList();
    }

    /** Forgets all messages and mail and restores the configured faults. */
    @PostMapping("/sandbox/admin/reset")
    public void reset() {
        messages.clear();
        media.clear();
        mail.clear();
        faults.set(properties.faults());
    }
}
