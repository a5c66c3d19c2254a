package io.smsbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the compose file's Prometheus configuration, checked by Prometheus' own promtool (Debian's
 * prometheus package; .ci/run installs it, and under CI a missing promtool fails instead of skipping): the rules
 * parse, and each alert fires on the synthetic series of sms-bridge-alerts.test.yml and stays silent on healthy ones.
 * That every series they read is one the bridge publishes is BridgeMetricsIT's.
 */
class AlertRulesIT {

    static final Path RULES = Path.of("config/monitoring/prometheus");

    @Test
    void theRulesParse() throws Exception {
        assertThat(promtool("check", "rules", "sms-bridge-alerts.yml")).contains("SUCCESS: 10 rules found");
    }

    @Test
    void eachAlertFiresOnItsProblemAndOnlyThen() throws Exception {
        assertThat(promtool("test", "rules", "sms-bridge-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theComposePrometheusLoadsTheRules() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files found");
    }

    /** promtool's output; fails the test, with that output, when promtool says no. */
    private static String promtool(String... arguments) throws Exception {
        boolean installed = List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
                .anyMatch(dir -> new File(dir, "promtool").canExecute());
        if (System.getenv("CI") != null) {   // CI installs it (.ci/run): missing there is a failure, not a skip
            assertThat(installed).as("promtool installed (Debian package prometheus)").isTrue();
        }
        assumeTrue(installed, "promtool is not installed (Debian package prometheus; .ci/run installs it)");
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("promtool"), Stream.of(arguments)).toList()).directory(RULES.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
        return output;
    }
}
