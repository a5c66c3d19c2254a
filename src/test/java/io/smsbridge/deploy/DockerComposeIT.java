package io.smsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid (Debian's docker-compose; .ci/run installs it, no Docker engine needed) and gives the
 * bridge every setting production needs.
 */
class DockerComposeIT {

    /** Variables of the configuration table that compose sets itself, and why. */
    private static final Map<String, String> SET_BY_COMPOSE = Map.of(
            "PORT", "the container listens on 8080, which compose publishes",
            "MANAGEMENT_SERVER_PORT", "8081, published on 127.0.0.1 only",
            "SMSBRIDGE_ARTEMIS_MODE", "compose runs an external broker: native",
            "SMSBRIDGE_BROKER_HOST", "the embedded broker's acceptor: no embedded broker in compose",
            "SMSBRIDGE_BROKER_PORT", "the embedded broker's acceptor: no embedded broker in compose",
            "SMSBRIDGE_BROKER_PROTOCOLS", "the embedded broker's acceptor: compose's broker has its own (all protocols)");
    /** Variables the database container shares with the bridge under its own names. */
    private static final Map<String, String> SHARED = Map.of("SMSBRIDGE_DB_USER", "POSTGRES_USER",
            "SMSBRIDGE_DB_PASSWORD", "POSTGRES_PASSWORD");

    @Test
    @SuppressWarnings("unchecked")
    void everySettingOfTheConfigurationTableReachesTheBridgeFromDotEnv() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
        List<String> documented = documentedVariables();
        assertThat(documented).as("variables of docs/configuration.md").hasSizeGreaterThan(30);
        Map<String, String> dotEnv = new LinkedHashMap<>();
        for (String name : documented) {
            dotEnv.put(SHARED.getOrDefault(name, name), "v-" + name);
        }
        dotEnv.put("ARTEMIS_PASSWORD", "v-ARTEMIS_PASSWORD");
        dotEnv.put("GRAFANA_ADMIN_PASSWORD", "v-GRAFANA_ADMIN_PASSWORD");
        Rendered rendered = render(dotEnv);
        assertThat(rendered.exitCode()).as("docker-compose config: " + rendered.errors()).isZero();

        Map<String, Object> services = (Map<String, Object>) rendered.compose().get("services");
        assertThat(services).containsKeys("artemis", "postgres", "mailpit", "sms-bridge", "prometheus", "grafana");
        Map<String, Object> bridge = (Map<String, Object>) services.get("sms-bridge");
        Map<String, Object> environment = (Map<String, Object>) bridge.get("environment");
        for (String name : documented) {
            if (SET_BY_COMPOSE.containsKey(name)) {
                continue;
            }
            assertThat(environment.get(name)).as(name + " from .env").isEqualTo("v-" + name);
        }
        assertThat(environment.get("SMSBRIDGE_ARTEMIS_MODE")).isEqualTo("native");
        assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("postgres");
        assertThat(environment.get("MANAGEMENT_SERVER_PORT")).as("health and metrics on a port of their own").isEqualTo("8081");
        for (String service : List.of("artemis", "postgres", "mailpit", "sms-bridge", "prometheus", "grafana")) {
            assertThat((Map<String, Object>) services.get(service)).as("%s has a health check", service).containsKey("healthcheck");
        }
        assertThat((Map<String, Object>) rendered.compose().get("volumes")).containsKeys("artemis-data", "postgres-data");

        // only the webhook port is published on every interface
        assertThat(published(services, "artemis")).containsExactlyInAnyOrder("127.0.0.1:61616", "127.0.0.1:8161");
        assertThat(published(services, "mailpit")).containsExactly("127.0.0.1:8025");
        assertThat(published(services, "sms-bridge")).containsExactlyInAnyOrder(":8080", "127.0.0.1:8081");
        assertThat(published(services, "prometheus")).containsExactly("127.0.0.1:9090");
        assertThat(published(services, "grafana")).containsExactly("127.0.0.1:3000");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusAndGrafanaLoadTheRulesAndTheDashboardOfThisRepository() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
        Rendered rendered = render(Map.of("ARTEMIS_PASSWORD", "a", "POSTGRES_PASSWORD", "b", "SMSBRIDGE_API_KEY", "c",
                "GRAFANA_ADMIN_PASSWORD", "d"));
        assertThat(rendered.exitCode()).as(rendered.errors()).isZero();
        Map<String, Object> services = (Map<String, Object>) rendered.compose().get("services");
        assertThat(mounts(services, "prometheus")).containsEntry("/etc/prometheus",
                Path.of("config/monitoring/prometheus").toAbsolutePath().toString());
        assertThat(mounts(services, "grafana"))
                .containsEntry("/etc/grafana/provisioning", Path.of("config/monitoring/grafana/provisioning").toAbsolutePath().toString())
                .containsEntry("/var/lib/grafana/dashboards", Path.of("config/monitoring/grafana/dashboards").toAbsolutePath().toString());
        // what the mounted files say: Prometheus scrapes the bridge's management port and reads the rules; Grafana's
        // data source is that Prometheus and its dashboards are the mounted folder
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("config/monitoring/prometheus/prometheus.yml")));
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("sms-bridge-alerts.yml");
        assertThat(prometheus.get("scrape_configs").toString()).contains("job_name=sms-bridge", "sms-bridge:8081", "/actuator/prometheus");
        assertThat(Files.readString(Path.of("config/monitoring/grafana/provisioning/datasources/prometheus.yml")))
                .contains("url: http://prometheus:9090", "uid: prometheus");
        assertThat(Files.readString(Path.of("config/monitoring/grafana/provisioning/dashboards/sms-bridge.yml")))
                .contains("path: /var/lib/grafana/dashboards");
        assertThat(new Yaml().<Map<String, Object>>load(Files.readString(Path.of("config/monitoring/grafana/dashboards/sms-bridge.json"))))
                .containsEntry("uid", "sms-bridge");
    }

    /** The service's bind mounts: target → source. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> mounts(Map<String, Object> services, String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : (List<Object>) ((Map<String, Object>) services.get(service)).get("volumes")) {
            if (volume instanceof Map<?, ?> m && "bind".equals(m.get("type"))) {
                mounts.put((String) m.get("target"), (String) m.get("source"));
            } else if (volume instanceof String s && s.startsWith("/")) {
                String[] parts = s.split(":");
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    @Test
    void composeRefusesToRenderWithoutTheSecrets() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
        Rendered rendered = render(Map.of("TWILIO_ACCOUNT_SID", "AC1"));
        assertThat(rendered.exitCode()).isNotZero();
        assertThat(rendered.errors()).containsAnyOf("ARTEMIS_PASSWORD is required", "POSTGRES_PASSWORD is required",
                "SMSBRIDGE_API_KEY is required");
        assertThat(render(Map.of("ARTEMIS_PASSWORD", "a", "POSTGRES_PASSWORD", "b", "SMSBRIDGE_API_KEY", "c")).errors())
                .contains("GRAFANA_ADMIN_PASSWORD is required");
        Rendered withSecrets = render(Map.of("ARTEMIS_PASSWORD", "a", "POSTGRES_PASSWORD", "b", "SMSBRIDGE_API_KEY", "c",
                "GRAFANA_ADMIN_PASSWORD", "d"));
        assertThat(withSecrets.exitCode()).as(withSecrets.errors()).isZero();
    }

    private record Rendered(int exitCode, Map<String, Object> compose, String errors) {
    }

    /** docker-compose config with {@code dotEnv} as its --env-file (and none of the test's own environment). */
    private static Rendered render(Map<String, String> dotEnv) throws Exception {
        Path envFile = Files.createTempFile("compose", ".env");
        StringBuilder text = new StringBuilder();
        dotEnv.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Files.writeString(envFile, text);
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "--env-file", envFile.toString(), "-f", "docker-compose.yml", "config");
        builder.environment().keySet().removeIf(name -> name.startsWith("SMSBRIDGE_") || name.startsWith("TWILIO_")
                || name.startsWith("ARTEMIS_") || name.startsWith("POSTGRES_") || name.startsWith("GRAFANA_") || name.startsWith("PROMETHEUS_"));
        Process config = builder.start();
        String rendered = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(config.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.delete(envFile);
        Map<String, Object> compose = config.exitValue() == 0 ? new Yaml().load(rendered) : Map.of();
        return new Rendered(config.exitValue(), compose, errors);
    }

    /** The variables named in the first column of docs/configuration.md's table. */
    private static List<String> documentedVariables() throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            if (line.startsWith("| `")) {
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** host_ip:published of each port a service publishes (host_ip empty: every interface). */
    @SuppressWarnings("unchecked")
    private static List<String> published(Map<String, Object> services, String service) {
        List<Object> ports = (List<Object>) ((Map<String, Object>) services.get(service)).get("ports");
        return ports.stream().map(p -> {
            if (p instanceof Map<?, ?> m) {
                return (m.get("host_ip") == null ? "" : m.get("host_ip")) + ":" + m.get("published");
            }
            String[] parts = String.valueOf(p).split(":");
            return parts.length == 3 ? parts[0] + ":" + parts[1] : ":" + parts[0];
        }).toList();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
