package io.smsbridge.web;

import static io.smsbridge.support.BridgeClient.json;
import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * docs/openapi.yaml against the running API: every {@code /api} route of routes/ is described and nothing else is;
 * the bridge serves the document and its browsable UI; and what it answers to real requests — each documented
 * outcome — has a documented status and a body that matches that status's schema (validated with the JSON Schema
 * 2020-12 dialect of OpenAPI 3.1, the message schema included by reference).
 */
@SmsBridgeIntegrationTest
class OpenApiContractIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String KEY = OutboundApi.SANDBOX_API_KEY;
    private static JsonNode openApi;
    private static URI openApiJson;

    @Autowired
    BridgeClient bridge;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @BeforeAll
    static void readTheDocument() throws Exception {
        openApi = YAML.readTree(Path.of("docs/openapi.yaml").toFile());
        // as JSON beside the message schema it refers to, so that its relative $ref resolves as a client's would
        Path dir = Files.createDirectories(Path.of("target/openapi-contract"));
        Files.writeString(dir.resolve("openapi.json"), new ObjectMapper().writeValueAsString(openApi));
        Files.copy(Path.of("docs/outbound-message.schema.json"), dir.resolve("outbound-message.schema.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        openApiJson = dir.resolve("openapi.json").toAbsolutePath().toUri();
    }

    @Test
    void everyApiRouteIsDescribedAndNothingElse() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode item : YAML.readTree(file.toFile())) {
                    JsonNode from = item.path("route").path("from");
                    String uri = from.path("uri").asText();
                    if (uri.startsWith("platform-http:/api/")) {
                        routes.add(from.path("parameters").path("httpMethodRestrict").asText().toLowerCase(Locale.ROOT) + " "
                                + uri.substring("platform-http:".length()));
                    }
                }
            }
        }
        Set<String> described = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> described.add(method + " " + path.getKey()));
        }
        assertThat(described).isEqualTo(routes);
    }

    @Test
    void theDocumentAndItsUiAreServed() throws Exception {
        HttpResponse<String> document = get("/api/openapi.yaml");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(Files.readString(Path.of("docs/openapi.yaml")));
        assertThat(get("/api/outbound-message.schema.json").body()).isEqualTo(Files.readString(Path.of("docs/outbound-message.schema.json")));
        HttpResponse<String> ui = get("/api/docs");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        assertThat(get("/webjars/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(get("/api/docs/start.js").body()).contains("/api/openapi.yaml");
    }

    @Test
    void everyOutcomeIsDocumentedAndLooksAsDocumented() throws Exception {
        String key = "contract-" + UUID.randomUUID();
        String to = newPhone();
        String message = "{\"to\":\"" + to + "\",\"body\":\"contract\",\"idempotencyKey\":\"" + key + "\"}";
        assertValidRequest("/paths/~1api~1messages/post", message);

        JsonNode accepted = call("post", "/api/messages", message, KEY, 202);
        call("post", "/api/messages", message, KEY, 200);
        call("post", "/api/messages", message.replace("\"body\":\"contract\"", "\"body\":\"other\""), KEY, 409);
        call("post", "/api/messages", "{\"to\":\"12\",\"body\":42,\"idempotencyKey\":\"k\"}", KEY, 400);
        call("post", "/api/messages", "{}", "wrong", 401);
        call("post", "/api/messages", "x".repeat(70_000), KEY, 413);

        String batch = "{\"messages\":[" + message + ",{\"to\":\"" + newPhone() + "\",\"body\":\"b\",\"idempotencyKey\":\"" + key + "-2\"},{\"body\":\"\"}]}";
        call("post", "/api/messages/batch", batch, KEY, 200);
        call("post", "/api/messages/batch", "[]", KEY, 400);
        call("post", "/api/messages/batch", "{}", "wrong", 401);

        call("get", "/api/messages/" + accepted.path("id").asText(), null, KEY, 200);
        call("get", "/api/messages/no-such-id", null, KEY, 404);
        call("get", "/api/messages/" + accepted.path("id").asText(), null, "wrong", 401);

        call("get", "/api/parked", null, KEY, 200);
        call("post", "/api/parked/sms.send.dead-letter/discard", "", KEY, 400);
        call("post", "/api/parked/no-such-queue/release", "", KEY, 404);
        call("post", "/api/parked/sms.send.dead-letter/release", "", KEY, 200);
    }

    /** Sends a request, checks its status is the one expected and documented, and its body matches that status's schema. */
    private JsonNode call(String method, String path, String body, String apiKey, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).header("X-Api-Key", apiKey);
        if (method.equals("post")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);

        String pointer = "/paths/" + template(path).replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + expected;
        JsonNode documented = openApi.at(pointer);
        assertThat(documented.isMissingNode()).as("%s documented", pointer).isFalse();
        if (documented.has("$ref")) {
            pointer = documented.path("$ref").asText().substring(1);
        }
        JsonSchema schema = factory().getSchema(SchemaLocation.of(openApiJson + "#" + pointer + "/content/application~1json/schema"));
        JsonNode answer = json(response.body());
        Set<ValidationMessage> errors = schema.validate(answer);
        assertThat(errors).as("%s %s → %d: %s", method, path, expected, response.body()).isEmpty();
        return answer;
    }

    private void assertValidRequest(String operation, String body) throws Exception {
        JsonSchema schema = factory().getSchema(SchemaLocation.of(openApiJson + "#" + operation + "/requestBody/content/application~1json/schema"));
        assertThat(schema.validate(json(body))).isEmpty();
    }

    /** The documented path a concrete one falls under (its {parameters} put back). */
    private static String template(String path) {
        Set<String> paths = new HashSet<>();
        openApi.path("paths").fieldNames().forEachRemaining(paths::add);
        if (paths.contains(path)) {
            return path;
        }
        return paths.stream().filter(p -> path.matches(p.replaceAll("\\{[^}]+}", "[^/]+"))).findFirst().orElse(path);
    }

    private static JsonSchemaFactory factory() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bridge.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
