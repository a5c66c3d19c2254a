package io.smsbridge.console;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smsbridge.console.*}: the operator console at /console (docs/console.md). Documented in config/application.yml.
 *
 * @param enabled       on or off; null (unset): on in sandbox mode, off in live mode
 * @param users         the form login's users (name, password as Spring Security stores it: {bcrypt}…, role)
 * @param usersFile     more users, one a line: {@code name role {bcrypt}hash} (Docker/Kubernetes secrets)
 * @param bodyRoles     roles that see message bodies
 * @param unmaskedRoles roles that see phone numbers whole (others see them as logs do)
 * @param traceUrl      a trace viewer's URL with {traceId}, linked from a traced message's page
 * @param oidc          single sign-on: which claim carries a user's groups, and which groups make which role
 */
@ConfigurationProperties("smsbridge.console")
public record ConsoleProperties(
        Boolean enabled,
        List<User> users,
        String usersFile,
        Set<String> bodyRoles,
        Set<String> unmaskedRoles,
        String traceUrl,
        Oidc oidc) {

    public static final String VIEWER = "VIEWER";
    public static final String OPERATOR = "OPERATOR";

    public ConsoleProperties {
        users = users == null ? List.of() : List.copyOf(users);
        bodyRoles = bodyRoles == null ? Set.of(OPERATOR) : Set.copyOf(bodyRoles);
        unmaskedRoles = unmaskedRoles == null ? Set.of(OPERATOR) : Set.copyOf(unmaskedRoles);
        oidc = oidc == null ? new Oidc(null, null, null) : oidc;
    }

    /** A user of the form login. */
    public record User(String name, String password, String role) {
    }

    /**
     * @param rolesClaim     the ID token / user-info claim listing the user's groups or roles
     * @param operatorValues values of that claim that make an operator
     * @param viewerValues   values that make a viewer
     */
    public record Oidc(String rolesClaim, Set<String> operatorValues, Set<String> viewerValues) {
        public Oidc {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "groups" : rolesClaim;
            operatorValues = operatorValues == null ? Set.of("sms-bridge-operators") : Set.copyOf(operatorValues);
            viewerValues = viewerValues == null ? Set.of("sms-bridge-viewers") : Set.copyOf(viewerValues);
        }
    }
}
