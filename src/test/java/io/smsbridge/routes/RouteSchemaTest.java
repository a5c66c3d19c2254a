package io.smsbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of routes/ against Camel's YAML DSL JSON schema (shipped in camel-yaml-dsl as schema/camelYamlDsl.json). */
class RouteSchemaTest {

    static JsonSchema schema;

    @BeforeAll
    static void schema() throws Exception {
        try (InputStream in = RouteSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema on the class path").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static List<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void followsTheYamlDslSchema(Path file) throws Exception {
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<String> problems = schema.validate(routes).stream()
                .filter(problem -> !isPlaceholderForNumber(problem))
                .map(ValidationMessage::getMessage).toList();
        assertThat(problems).as(file + " against Camel's YAML DSL schema").isEmpty();
    }

    /**
     * A property placeholder ({{smsbridge.outbound.retry.max-retries}}) where the schema expects a number or a boolean:
     * Camel resolves it before it reads the value, but the schema has no way to say so.
     */
    private static boolean isPlaceholderForNumber(ValidationMessage problem) {
        JsonNode value = problem.getInstanceNode();
        return "type".equals(problem.getType()) && value != null && value.isTextual() && value.asText().matches("\\{\\{[^}]+}}");
    }
}
