package io.smsbridge.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The console's overview charts, from the bridge's own metrics (the same meters /actuator/prometheus publishes):
 * route {@code console-charts} (routes/housekeeping.camel.yaml) samples them every few seconds, and the last 60
 * samples make per-minute rates. Kept in memory: a chart of the last minutes, not a time-series database (Prometheus
 * and the Grafana dashboard of config/monitoring keep history).
 */
@Component("consoleCharts")
public class ConsoleCharts {

    static final int KEPT = 60;
    private static final double WIDTH = 600;
    private static final double HEIGHT = 120;

    private final MeterRegistry metrics;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    @org.springframework.beans.factory.annotation.Autowired
    public ConsoleCharts(MeterRegistry metrics) {
        this(metrics, Clock.systemUTC());
    }

    ConsoleCharts(MeterRegistry metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The counters' totals at one moment. */
    record Sample(Instant at, Map<String, Double> totals, double webhookMillis, boolean circuitOpen) {
    }

    /** One chart: its series (name → per-minute values), their polylines in a 600×120 box, the largest value. */
    public record Chart(String title, String unit, List<Series> series, double max) {
    }

    public record Series(String name, String cssClass, List<Double> values, String points, double last) {
    }

    public record Overview(List<Chart> charts, boolean circuitOpen, double webhookMillis,
                           List<Map.Entry<String, Double>> undeliveredByCountry, List<Map.Entry<String, Double>> failuresByCode,
                           Duration span) {
    }

    /** Called by route console-charts. */
    public synchronized void sample() {
        Map<String, Double> totals = new LinkedHashMap<>();
        totals.put("accepted", sum("smsbridge.messages.accepted", null, null));
        totals.put("rejected", sum("smsbridge.messages.rejected", null, null));
        totals.put("suppressed", sum("smsbridge.messages.suppressed", null, null));
        totals.put("delivered", sum("smsbridge.messages.final", "status", "delivered"));
        totals.put("undelivered", sum("smsbridge.messages.final", "status", "undelivered") + sum("smsbridge.messages.final", "status", "failed"));
        totals.put("texts", sum("smsbridge.inbound.texts", null, null));
        double[] webhooks = webhookTimes();
        totals.put("webhookCount", webhooks[0]);
        totals.put("webhookSeconds", webhooks[1]);
        Sample previous = samples.peekLast();
        double meanMillis = previous == null ? 0 : meanMillis(previous, totals);
        Gauge circuit = metrics.find("smsbridge.twilio.circuit.open").gauge();
        samples.addLast(new Sample(clock.instant(), totals, meanMillis, circuit != null && circuit.value() > 0));
        while (samples.size() > KEPT + 1) {
            samples.removeFirst();
        }
    }

    public synchronized Overview overview() {
        List<Sample> kept = new ArrayList<>(samples);
        Chart outbound = chart("Outbound messages per minute", "/min", kept, "accepted", "delivered", "undelivered", "rejected", "suppressed");
        Chart inbound = chart("Inbound texts per minute", "/min", kept, "texts");
        List<Double> latency = kept.stream().skip(1).map(Sample::webhookMillis).toList();
        Chart webhook = new Chart("Webhook answer time (mean, ms)", "ms", List.of(series("mean", latency, max(latency))), max(latency));
        Sample last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        Duration span = kept.size() < 2 ? Duration.ZERO : Duration.between(kept.get(0).at(), last.at());
        return new Overview(List.of(outbound, inbound, webhook), last != null && last.circuitOpen(),
                last == null ? 0 : last.webhookMillis(), undeliveredRateByCountry(), top(byTag("smsbridge.messages.errors", "code")), span);
    }

    private Chart chart(String title, String unit, List<Sample> kept, String... names) {
        Map<String, List<Double>> perMinute = new LinkedHashMap<>();
        for (String name : names) {
            List<Double> values = new ArrayList<>();
            for (int i = 1; i < kept.size(); i++) {
                double seconds = Math.max(0.001, Duration.between(kept.get(i - 1).at(), kept.get(i).at()).toMillis() / 1000.0);
                values.add(Math.max(0, kept.get(i).totals().get(name) - kept.get(i - 1).totals().get(name)) * 60 / seconds);
            }
            perMinute.put(name, values);
        }
        double max = perMinute.values().stream().mapToDouble(ConsoleCharts::max).max().orElse(0);
        return new Chart(title, unit, perMinute.entrySet().stream().map(e -> series(e.getKey(), e.getValue(), max)).toList(), max);
    }

    private static Series series(String name, List<Double> values, double max) {
        StringBuilder points = new StringBuilder();
        double step = values.size() < 2 ? WIDTH : WIDTH / (values.size() - 1);
        for (int i = 0; i < values.size(); i++) {
            double y = max <= 0 ? HEIGHT : HEIGHT - values.get(i) / max * (HEIGHT - 4);
            points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", i * step, y));
        }
        return new Series(name, "series-" + name, values, points.toString().trim(), values.isEmpty() ? 0 : values.get(values.size() - 1));
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Share of final statuses that were undelivered or failed, per destination country, since start. */
    private List<Map.Entry<String, Double>> undeliveredRateByCountry() {
        Map<String, Double> all = byTag("smsbridge.messages.final", "country");
        Map<String, Double> bad = new TreeMap<>();
        metrics.find("smsbridge.messages.final").counters().stream()
                .filter(c -> !"delivered".equals(c.getId().getTag("status")))
                .forEach(c -> bad.merge(String.valueOf(c.getId().getTag("country")), c.count(), Double::sum));
        return all.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> Map.entry(e.getKey(), bad.getOrDefault(e.getKey(), 0.0) / e.getValue()))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10).toList();
    }

    private Map<String, Double> byTag(String meter, String tag) {
        return metrics.find(meter).counters().stream().collect(Collectors.groupingBy(
                c -> String.valueOf(c.getId().getTag(tag)), TreeMap::new, Collectors.summingDouble(Counter::count)));
    }

    private static List<Map.Entry<String, Double>> top(Map<String, Double> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.naturalOrder()).reversed()).limit(10).toList();
    }

    private double sum(String meter, String tag, String value) {
        var search = tag == null ? metrics.find(meter) : metrics.find(meter).tag(tag, value);
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Twilio's webhooks (inbound texts and status callbacks): how many were answered, and in how many seconds in all. */
    private double[] webhookTimes() {
        double count = 0;
        double seconds = 0;
        for (Timer t : metrics.find("http.server.requests").timers()) {
            String uri = t.getId().getTag("uri");
            if (uri != null && uri.startsWith("/twilio")) {
                count += t.count();
                seconds += t.totalTime(java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return new double[] {count, seconds};
    }

    private static double meanMillis(Sample previous, Map<String, Double> now) {
        ToDoubleFunction<String> delta = name -> now.get(name) - previous.totals().get(name);
        double count = delta.applyAsDouble("webhookCount");
        return count <= 0 ? 0 : delta.applyAsDouble("webhookSeconds") / count * 1000;
    }
}
