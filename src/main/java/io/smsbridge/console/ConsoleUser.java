package io.smsbridge.console;

import io.smsbridge.sms.PhoneMask;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * The logged-in user as the pages need it: a name for the audit, a role, and what the role may see (bodies; phone
 * numbers whole or masked as in logs).
 */
public record ConsoleUser(String name, String role, boolean operator, boolean seesBodies, boolean seesPhones) {

    public static ConsoleUser of(Authentication authentication, ConsoleProperties properties) {
        Set<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).collect(Collectors.toSet());
        boolean operator = roles.contains(ConsoleProperties.OPERATOR);
        return new ConsoleUser(name(authentication), operator ? ConsoleProperties.OPERATOR : ConsoleProperties.VIEWER, operator,
                roles.stream().anyMatch(properties.bodyRoles()::contains),
                roles.stream().anyMatch(properties.unmaskedRoles()::contains));
    }

    /** A form user's name; an OIDC user's preferred_username, else email, else subject. */
    private static String name(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OAuth2User user) {
            for (String claim : new String[] {"preferred_username", "email", "sub"}) {
                if (user.getAttribute(claim) instanceof String value && !value.isBlank()) {
                    return value;
                }
            }
        }
        return authentication.getName();
    }

    /** A phone number as this user may see it. */
    public String phone(String phone) {
        return seesPhones ? phone : PhoneMask.maskAlways(phone);
    }

    /** A message body as this user may see it. */
    public String body(String body) {
        return seesBodies ? body : (body == null ? null : "(hidden: " + body.length() + " characters)");
    }

    /** The audit's name of the user: console:&lt;name&gt;. */
    public String actor() {
        return "console:" + name;
    }
}
