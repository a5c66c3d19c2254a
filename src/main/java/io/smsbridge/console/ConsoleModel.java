package io.smsbridge.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page knows: who is looking (and what they may see), whether the sandbox runs here, where we are. */
@ControllerAdvice(assignableTypes = {ConsolePages.class, ConsoleActions.class})
@Conditional(ConsoleEnabled.class)
public class ConsoleModel {

    private final ConsoleProperties properties;
    private final ConsoleSandbox sandbox;

    public ConsoleModel(ConsoleProperties properties, ConsoleSandbox sandbox) {
        this.properties = properties;
        this.sandbox = sandbox;
    }

    @ModelAttribute("me")
    public ConsoleUser me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication instanceof AnonymousAuthenticationToken || !authentication.isAuthenticated()
                ? null : ConsoleUser.of(authentication, properties);
    }

    @ModelAttribute("sandbox")
    public boolean sandbox() {
        return sandbox.isAvailable();
    }

    @ModelAttribute("fmt")
    public Formats formats() {
        return Formats.UTC;
    }

    /** Times as the pages show them: UTC, to the second. */
    public static final class Formats {
        static final Formats UTC = new Formats();
        private static final java.time.format.DateTimeFormatter TIME =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

        public String time(java.time.temporal.TemporalAccessor at) {
            return at == null ? "" : TIME.format(at);
        }

        public String time(String isoInstant) {
            return isoInstant == null ? "" : TIME.format(java.time.Instant.parse(isoInstant));
        }
    }

    @ModelAttribute("path")
    public String path(HttpServletRequest request) {
        return request.getRequestURI();
    }
}
