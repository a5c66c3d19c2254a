package io.smsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on as production sets it up: an OIDC client registration named console against an issuer (a stand-in
 * issuer, NAV's mock-oauth2-server, on loopback), the authorization-code flow through real HTTP redirects, and the
 * user's groups claim making the role. A context of its own, closed after this class.
 */
@SmsBridgeIntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConsoleSingleSignOnIT {

    static final MockOAuth2Server ISSUER = new MockOAuth2Server();

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        ISSUER.start();
        String prefix = "spring.security.oauth2.client.";
        registry.add(prefix + "registration.console.client-id", () -> "sms-bridge-console");
        registry.add(prefix + "registration.console.client-secret", () -> "console-secret");
        registry.add(prefix + "registration.console.scope", () -> "openid,profile");
        registry.add(prefix + "registration.console.redirect-uri", () -> "{baseUrl}/console/login/oauth2/code/{registrationId}");
        registry.add(prefix + "provider.console.issuer-uri", () -> ISSUER.issuerUrl("corp").toString());
    }

    @AfterAll
    static void stopTheIssuer() {
        ISSUER.shutdown();
    }

    @Autowired
    BridgeClient bridge;

    @Test
    void anOperatorGroupMemberLogsInThroughTheIssuerAndMayAct() throws Exception {
        HttpClient browser = loggedIn("alice", List.of("staff", "sms-bridge-operators"));

        HttpResponse<String> overview = get(browser, "/console");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"user-name\">alice<", "id=\"user-role\">operator<");
        assertThat(get(browser, "/console/queues").body()).contains("sms.send.dead-letter");
    }

    @Test
    void aViewerGroupMemberSeesPagesButMayNotAct() throws Exception {
        HttpClient browser = loggedIn("victor", List.of("sms-bridge-viewers"));

        HttpResponse<String> overview = get(browser, "/console");
        assertThat(overview.body()).contains("id=\"user-role\">viewer<");
        String token = io.smsbridge.support.ConsoleSession.csrfOf(overview.body());
        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + "/console/queues/sms.send.dead-letter/release"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void someoneInNeitherGroupGetsNoPage() throws Exception {
        HttpClient browser = loggedIn("mallory", List.of("staff"));

        assertThat(get(browser, "/console").statusCode()).isEqualTo(403);
    }

    @Test
    void theLoginPageOffersSingleSignOn() throws Exception {
        assertThat(bridge.get("/console/login", null).body()).contains("/console/oauth2/authorization/console");
    }

    /** A browser that went through the issuer's login (non-interactive: the issuer signs in {@code subject} at once). */
    private HttpClient loggedIn(String subject, List<String> groups) throws Exception {
        ISSUER.enqueueCallback(new DefaultOAuth2TokenCallback("corp", subject, JOSEObjectType.JWT.getType(),
                List.of("sms-bridge-console"), Map.of("groups", groups, "preferred_username", subject), 3600));
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.ALWAYS).build();
        HttpResponse<String> landed = get(browser, "/console/oauth2/authorization/console");
        assertThat(landed.uri().getPath()).as("back in the console after the issuer").startsWith("/console");
        return browser;
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
