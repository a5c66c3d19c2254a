package io.smsbridge.console;

import static io.smsbridge.console.ConsoleProperties.OPERATOR;
import static io.smsbridge.console.ConsoleProperties.VIEWER;

import io.smsbridge.twilio.TwilioMode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Who may use the console, and what. Only /console/** is behind Spring Security: the webhooks, the send API (API
 * keys), actuator and the sandbox are matched by no filter chain and behave as without it.
 * <ul>
 *   <li>viewer: every page; operator: also the actions (every POST), which need the CSRF token of a page.</li>
 *   <li>Form login with users from configuration; sandbox mode without users: viewer/viewer and operator/operator.</li>
 *   <li>Single sign-on when an OIDC client registration is configured (spring.security.oauth2.client.registration.*,
 *       redirect URI {baseUrl}/console/login/oauth2/code/{registrationId}); the user's groups claim makes the role.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ConsoleSecurity {

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http, Environment environment, ConsoleProperties properties,
                                           ObjectProvider<ClientRegistrationRepository> oidcClients) throws Exception {
        // a plain prefix test: every request (each webhook, each API call) meets this matcher first; Spring's
        // String patterns would ask Spring MVC's handler mappings about each one
        http.securityMatcher(ConsoleSecurity::isConsoleRequest);
        if (!ConsoleEnabled.isEnabled(environment)) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                    .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.NOT_FOUND)))
                    .build();
        }
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/login", "/console/assets/**", "/console/oauth2/**", "/console/login/oauth2/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/logout").authenticated()
                        .requestMatchers(HttpMethod.POST, "/console/phone/**").hasAnyRole(VIEWER, OPERATOR) // the sandbox's phones
                        .requestMatchers(HttpMethod.POST, "/console/**").hasRole(OPERATOR)
                        .anyRequest().hasAnyRole(VIEWER, OPERATOR))
                .formLogin(form -> form.loginPage("/console/login").defaultSuccessUrl("/console", false))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                // pages load nothing from elsewhere (the bridge works offline) and run no inline script
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "form-action 'self'; frame-ancestors 'none'")));
        if (oidcClients.getIfAvailable() != null) {
            http.oauth2Login(sso -> sso.loginPage("/console/login")
                    .authorizationEndpoint(a -> a.baseUri("/console/oauth2/authorization"))
                    .redirectionEndpoint(r -> r.baseUri("/console/login/oauth2/code/*"))
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(rolesFromGroups(properties.oidc())))
                    .defaultSuccessUrl("/console", false));
        }
        return http.build();
    }

    static boolean isConsoleRequest(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/console") && (path.length() == 8 || path.charAt(8) == '/');
    }

    /**
     * The form login's users: those of configuration and of the users file. Sandbox mode without any: viewer/viewer and
     * operator/operator. Live mode refuses passwords stored in clear ({noop}) and a console with no way to log in.
     */
    @Bean
    UserDetailsService consoleUsers(ConsoleProperties properties, Environment environment,
                                    ObjectProvider<ClientRegistrationRepository> oidcClients) {
        List<ConsoleProperties.User> configured = new ArrayList<>(properties.users());
        configured.addAll(usersFile(properties.usersFile()));
        boolean live = TwilioMode.resolve(environment) == TwilioMode.LIVE;
        if (configured.isEmpty() && !live) {
            configured = List.of(new ConsoleProperties.User("viewer", "{noop}viewer", VIEWER),
                    new ConsoleProperties.User("operator", "{noop}operator", OPERATOR));
        }
        List<UserDetails> users = new ArrayList<>();
        for (ConsoleProperties.User user : configured) {
            users.add(user(user, live));
        }
        if (live && ConsoleEnabled.isEnabled(environment) && users.isEmpty() && oidcClients.getIfAvailable() == null) {
            throw new IllegalStateException("The console is on in live mode but nobody can log in: give it users "
                    + "(smsbridge.console.users or SMSBRIDGE_CONSOLE_USERS_FILE) or an OIDC client (docs/console.md), "
                    + "or turn it off (SMSBRIDGE_CONSOLE_ENABLED=false)");
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(ConsoleProperties.User user, boolean live) {
        String role = user.role() == null ? "" : user.role().trim().toUpperCase(java.util.Locale.ROOT);
        if (user.name() == null || user.name().isBlank() || !Set.of(VIEWER, OPERATOR).contains(role)) {
            throw new IllegalStateException("Console user '" + user.name() + "' needs a name and a role: VIEWER or OPERATOR");
        }
        String password = user.password() == null ? "" : user.password().trim();
        if (!password.matches("\\{[a-z0-9]+}.+")) {
            throw new IllegalStateException("Console user '" + user.name() + "': the password must name its encoding, "
                    + "e.g. {bcrypt}$2a$10$… (docs/console.md says how to make one)");
        }
        if (live && password.startsWith("{noop}")) {
            throw new IllegalStateException("Console user '" + user.name() + "': live mode takes no password in clear ({noop})");
        }
        return User.withUsername(user.name().trim()).password(password).roles(role).build();
    }

    /** {@code name role password} a line; blank lines and lines starting with # skipped. */
    static List<ConsoleProperties.User> usersFile(String file) {
        if (file == null || file.isBlank()) {
            return List.of();
        }
        try {
            List<ConsoleProperties.User> users = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(file.trim()))) {
                String[] fields = line.trim().split("\\s+", 3);
                if (line.isBlank() || line.trim().startsWith("#")) {
                    continue;
                }
                if (fields.length != 3) {
                    throw new IllegalStateException("Console users file " + file + ": a line must be 'name role password'");
                }
                users.add(new ConsoleProperties.User(fields[0], fields[2], fields[1]));
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException("Console users file " + file + " unreadable", e);
        }
    }

    /** An OIDC user's role from the values of its groups claim; no matching group: no role, so no page. */
    static GrantedAuthoritiesMapper rolesFromGroups(ConsoleProperties.Oidc oidc) {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>();
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OAuth2UserAuthority user) {
                    Set<String> groups = values(user.getAttributes().get(oidc.rolesClaim()));
                    if (groups.stream().anyMatch(oidc.operatorValues()::contains)) {
                        mapped.add(new SimpleGrantedAuthority("ROLE_" + OPERATOR));
                    } else if (groups.stream().anyMatch(oidc.viewerValues()::contains)) {
                        mapped.add(new SimpleGrantedAuthority("ROLE_" + VIEWER));
                    }
                }
            }
            return mapped;
        };
    }

    private static Set<String> values(Object claim) {
        Set<String> values = new HashSet<>();
        if (claim instanceof Collection<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (claim instanceof String one) {
            values.addAll(List.of(one.split("[,\\s]+")));
        }
        return values;
    }
}
