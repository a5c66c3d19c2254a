package io.smsbridge.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console as a browser without JavaScript uses it: a session cookie, the login form, and each action posted with
 * the CSRF token a page carries. Redirects are not followed, so a test sees them.
 */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http;

    private ConsoleSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A session nobody logged in to. */
    public static ConsoleSession anonymous(String baseUrl) {
        return new ConsoleSession(baseUrl);
    }

    /** A session logged in through the form; fails unless the login is answered with a redirect into the console. */
    public static ConsoleSession login(String baseUrl, String user, String password) throws IOException, InterruptedException {
        ConsoleSession session = new ConsoleSession(baseUrl);
        HttpResponse<String> answer = session.tryLogin(user, password);
        String location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("login of " + user + " refused: " + answer.statusCode() + " " + location);
        }
        return session;
    }

    /** Posts the login form (with the login page's CSRF token); the answer as it came. */
    public HttpResponse<String> tryLogin(String user, String password) throws IOException, InterruptedException {
        String token = csrfOf(get("/console/login").body());
        return post("/console/login", Map.of("username", user, "password", password), token);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with a CSRF token taken from the overview page (as a page's own form would carry it). */
    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        return post(path, form, csrfOf(get("/console").body()));
    }

    /** Posts a form with the given CSRF token (null: none). */
    public HttpResponse<String> post(String path, Map<String, String> form, String csrf) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        if (csrf != null) {
            body = body + (body.isEmpty() ? "" : "&") + "_csrf=" + enc(csrf);
        }
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
