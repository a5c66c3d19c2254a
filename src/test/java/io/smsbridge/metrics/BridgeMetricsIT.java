package io.smsbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsbridge.broker.QueueGauges;
import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundStatus;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsbridge.support.EmbeddedDefaultsForTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.yaml.snakeyaml.Yaml;

/** What an operator's alert rules read on /actuator/prometheus: every counter there from the start, each explained. */
@SmsBridgeIntegrationTest
class BridgeMetricsIT {

    @Autowired
    BridgeClient bridge;
    @Autowired
    QueueGauges queueGauges;
    @Autowired
    JmsTemplate jms;

    private String prometheus() throws Exception {
        return bridge.get("/actuator/prometheus", null).body();
    }

    private double value(String series) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)$").matcher(prometheus());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Waits until {@code series} is above {@code before}: what it counts happened. */
    private void awaitAbove(String series, double before, String what) throws InterruptedException {
        BridgeClient.await(() -> {
            try {
                return value(series) > before ? Optional.of(true) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(20), what);
    }

    @Test
    void everyCounterIsThereAtZeroOrMoreWithItsDescription() throws Exception {
        String metrics = prometheus();
        for (String name : new String[] {"smsbridge_messages_accepted_total", "smsbridge_messages_duplicates_total",
                "smsbridge_messages_suppressed_total", "smsbridge_messages_rejected_total", "smsbridge_messages_refused_total",
                "smsbridge_messages_parked_total", "smsbridge_status_reports_parked_total", "smsbridge_inbound_texts_total",
                "smsbridge_tickets_total", "smsbridge_fallback_emails_total"}) {
            assertThat(metrics).as(name).containsPattern("(?m)^# HELP " + name + " \\S+");
        }
        for (String reason : BridgeMetrics.REJECT_REASONS) {
            assertThat(value("smsbridge_messages_rejected_total{reason=\"" + reason + "\"}")).as(reason).isNotNaN();
        }
        for (String code : BridgeMetrics.REFUSAL_CODES) {
            assertThat(value("smsbridge_messages_refused_total{code=\"" + code + "\"}")).as(code).isNotNaN();
        }
        for (String dispatch : BridgeMetrics.DISPATCHES) {
            assertThat(value("smsbridge_inbound_texts_total{dispatch=\"" + dispatch + "\"}")).as(dispatch).isNotNaN();
        }
        assertThat(value("smsbridge_messages_parked_total")).isNotNaN();
        assertThat(value("smsbridge_status_reports_parked_total{reason=\"unknown-sid\"}")).isNotNaN();
        assertThat(metrics).doesNotContainPattern("(?m)^# HELP smsbridge_\\S+ *$"); // no metric of ours without a description
    }

    @Test
    void outcomesAreCounted() throws Exception {
        String rejected = "smsbridge_messages_rejected_total{reason=\"recipient\"}";
        String refused = "smsbridge_messages_refused_total{code=\"21211\"}";
        String help = "smsbridge_inbound_texts_total{dispatch=\"help\"}";
        double rejectedBefore = value(rejected);
        double refusedBefore = value(refused);
        double helpBefore = value(help);

        bridge.post("/api/messages", "{\"to\":\"12\",\"body\":\"x\",\"idempotencyKey\":\"m-" + UUID.randomUUID() + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json");
        String key = "m-" + UUID.randomUUID();
        bridge.queue("{\"to\":\"+15005550001\",\"body\":\"invalid at Twilio\",\"idempotencyKey\":\"" + key + "\"}");
        bridge.awaitStatus(key, OutboundStatus.FAILED);
        bridge.post("/sandbox/phones/" + BridgeClient.newPhone() + "/send", "body=HELP", null, "application/x-www-form-urlencoded");

        awaitAbove(help, helpBefore, "the HELP text counted");
        assertThat(value(rejected)).isEqualTo(rejectedBefore + 1);
        assertThat(value(refused)).isEqualTo(refusedBefore + 1);
    }

    @Test
    void latenciesAreHistogramsFromOneStepOfAMessageToTheNext() throws Exception {
        String created = "smsbridge_outbound_latency_seconds_count{stage=\"accepted-to-created\"}";
        String delivered = "smsbridge_outbound_latency_seconds_count{stage=\"created-to-delivered\"}";
        String filed = "smsbridge_inbound_latency_seconds_count{stage=\"webhook-to-ticket\"}";
        String jiraCreates = "smsbridge_jira_requests_seconds_count{operation=\"create-issue\",outcome=\"success\",status=\"201\"}";
        double createdBefore = value(created);
        double deliveredBefore = value(delivered);
        double filedBefore = value(filed);

        String key = "m-" + UUID.randomUUID();
        bridge.queue("{\"to\":\"" + BridgeClient.newPhone() + "\",\"body\":\"latency\",\"idempotencyKey\":\"" + key + "\"}");
        bridge.awaitStatus(key, "delivered");
        bridge.post("/sandbox/phones/" + BridgeClient.newPhone() + "/send", "body=My router blinks red", null,
                "application/x-www-form-urlencoded");

        awaitAbove(filed, filedBefore, "the text filed on a ticket");
        assertThat(value(created)).isGreaterThan(createdBefore);
        assertThat(value(delivered)).isGreaterThan(deliveredBefore);
        assertThat(value(jiraCreates)).as("the ticket's create, timed with Jira's answer").isGreaterThanOrEqualTo(1);
        String metrics = prometheus();
        assertThat(metrics).contains("smsbridge_outbound_latency_seconds_bucket{stage=\"created-to-delivered\",le=");
        assertThat(metrics).containsPattern("smsbridge_pacing_delay_seconds_count\\{sender=\"\\+15005550006\"} [1-9]");
    }

    @Test
    void eachQueuesDepthAndOldestAgeComeFromTheBroker() throws Exception {
        String depth = "smsbridge_queue_messages{queue=\"sms.receipts.dead-letter\"}";
        String age = "smsbridge_queue_oldest_age_seconds{queue=\"sms.receipts.dead-letter\"}";
        jms.convertAndSend("sms.receipts.dead-letter", "{}");
        try {
            queueGauges.refresh();
            assertThat(value(depth)).isEqualTo(1);
            assertThat(value(age)).isGreaterThanOrEqualTo(0).isLessThan(60);
            assertThat(value("smsbridge_queue_messages{queue=\"sms.send\"}")).isNotNaN();
        } finally {
            jms.setReceiveTimeout(5_000);
            assertThat(jms.receive("sms.receipts.dead-letter")).isNotNull();
        }
        queueGauges.refresh();
        assertThat(value(depth)).isZero();
        assertThat(value(age)).isZero();
        // an emptied parking queue is still there to be listed (an auto-created one was deleted: GET /api/parked 500)
        assertThat(bridge.get("/api/parked", OutboundApi.SANDBOX_API_KEY).statusCode()).isEqualTo(200);
    }

    /**
     * The alert rules and the dashboard read only series the bridge publishes: a renamed metric would otherwise leave an
     * alert that can never fire and a panel that stays empty, silently. Some series appear with their first event
     * (a country's first final status, Jira's first answer): this test makes them.
     */
    @Test
    void theAlertRulesAndTheDashboardReadSeriesTheBridgePublishes() throws Exception {
        String key = "m-" + UUID.randomUUID();
        bridge.post("/api/messages", "{\"to\":\"+15005551003\",\"body\":\"unreachable\",\"idempotencyKey\":\"" + key + "\"}",
                EmbeddedDefaultsForTests.BILLING_API_KEY, "application/json");
        bridge.awaitStatus(key, "undelivered");
        double filedBefore = value("smsbridge_inbound_latency_seconds_count{stage=\"webhook-to-ticket\"}");
        bridge.post("/sandbox/phones/" + BridgeClient.newPhone() + "/send", "body=Where is my parcel", null,
                "application/x-www-form-urlencoded");
        awaitAbove("smsbridge_inbound_latency_seconds_count{stage=\"webhook-to-ticket\"}", filedBefore, "the text filed on a ticket");
        Set<String> published = new TreeSet<>();
        Matcher series = Pattern.compile("(?m)^([a-z_]+)[{ ]").matcher(prometheus());
        while (series.find()) {
            published.add(series.group(1));
        }
        Map<String, List<String>> queries = Map.of(
                "config/monitoring/prometheus/sms-bridge-alerts.yml", new ObjectMapper().valueToTree(new Yaml()
                        .load(Files.readString(Path.of("config/monitoring/prometheus/sms-bridge-alerts.yml")))).findValuesAsText("expr"),
                "config/monitoring/grafana/dashboards/sms-bridge.json", new ObjectMapper()
                        .readTree(Path.of("config/monitoring/grafana/dashboards/sms-bridge.json").toFile()).findValuesAsText("expr"));
        queries.forEach((file, expressions) -> {
            Set<String> read = new TreeSet<>();
            for (String expression : expressions) {
                Matcher name = Pattern.compile("\\b([a-z][a-z0-9]*_[a-z0-9_]+)\\b(?!\\()").matcher(expression);
                while (name.find()) {
                    read.add(name.group(1));
                }
            }
            assertThat(read).as(file).hasSizeGreaterThan(8);
            assertThat(published).as("series of /actuator/prometheus that " + file + " reads").containsAll(read);
        });
    }
}
