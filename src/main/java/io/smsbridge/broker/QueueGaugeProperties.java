package io.smsbridge.broker;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code smsbridge.metrics.*} as {@link QueueGauges} reads them (the poll period is the queue-gauges route's own
 * placeholder). Documented in {@code config/application.yml} and docs/observability.md.
 *
 * @param queues            the queues whose depth and oldest age are published
 * @param managementAddress the broker's management address
 */
@ConfigurationProperties("smsbridge.metrics")
public record QueueGaugeProperties(List<String> queues, @DefaultValue("activemq.management") String managementAddress) {

    public QueueGaugeProperties {
        queues = queues == null ? List.of() : List.copyOf(queues);
    }
}
