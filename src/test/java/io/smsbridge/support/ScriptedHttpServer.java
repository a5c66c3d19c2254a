package io.smsbridge.support;

import com.sun.net.httpserver.HttpServer;
import com.twilio.http.TwilioRestClient;
import io.smsbridge.twilio.TwilioHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * A stand-in for whatever answers at a service's address (a proxy, a load balancer, the service itself), answering
 * each request with the next scripted answer (the last one again when the script is used up), recording each request's
 * path and body. For tests of one client against answers no real service gives on demand.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    public record Answer(int status, String contentType, String body, Map<String, String> headers) {
        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Answer last;

    public ScriptedHttpServer(Answer... answers) {
        this.script = new ConcurrentLinkedQueue<>(List.of(answers));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer next = script.poll();
            Answer answer = next != null ? (last = next) : last;
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public static Answer json(int status, String body) {
        return new Answer(status, "application/json", body);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Twilio SDK's client as the bridge builds it (retries off, base URL rewritten), pointed at this server. */
    public TwilioRestClient twilioClient() {
        String base = url();
        return new TwilioRestClient.Builder("AC00000000000000000000000000000000", "token")
                .httpClient(new TwilioHttpClient(HttpClientBuilder.create().disableAutomaticRetries(), () -> base)).build();
    }

    /** Each request so far: its path and query, a space, its body. */
    public List<String> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
