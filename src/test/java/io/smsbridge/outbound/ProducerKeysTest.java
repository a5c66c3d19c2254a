package io.smsbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/** The key of a queued message without one in its JSON, as each protocol's fields reach the bridge through Artemis. */
class ProducerKeysTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    private Message message(Object... headers) {
        DefaultMessage message = new DefaultMessage(camel);
        for (int i = 0; i < headers.length; i += 2) {
            message.setHeader((String) headers[i], headers[i + 1]);
        }
        return message;
    }

    @Test
    void theIdempotencyKeyPropertyComesFirst() {
        assertThat(ProducerKeys.of(message("idempotencyKey", "order-17", "NATIVE_MESSAGE_ID", "amqp-1", "JMSMessageID", "ID:x")))
                .isEqualTo("order-17");
    }

    @Test
    void anMqtt5UserPropertyNamedIdempotencyKey() {
        assertThat(ProducerKeys.of(message("mqtt.ordered.user.property.0.team", "ops",
                "mqtt.ordered.user.property.1.idempotencyKey", "mqtt-9"))).isEqualTo("mqtt-9");
        assertThat(ProducerKeys.of(message("mqtt.ordered.user.property.0.notTheidempotencyKey", "no"))).isNull();
    }

    @Test
    void theAmqpMessageIdAsTheProducerGaveIt() {
        assertThat(ProducerKeys.of(message("NATIVE_MESSAGE_ID", "ID:AMQP_NO_PREFIX:order-17", "JMSMessageID", "ID:core"))).isEqualTo("order-17");
        assertThat(ProducerKeys.of(message("NATIVE_MESSAGE_ID", "ID:4c1d:1:1:1-1"))).isEqualTo("ID:4c1d:1:1:1-1");
    }

    @Test
    void mqtt5CorrelationDataAsText() {
        assertThat(ProducerKeys.of(message("mqtt.correlation.data", "corr-3".getBytes(StandardCharsets.UTF_8)))).isEqualTo("corr-3");
    }

    @Test
    void theJmsMessageIdLastAndNothingForAKeylessStompMessage() {
        assertThat(ProducerKeys.of(message("JMSMessageID", "ID:core-1"))).isEqualTo("ID:core-1");
        assertThat(ProducerKeys.of(message("destination", "sms.outbound", "idempotencyKey", " "))).isNull();
    }

    @Test
    void aTraceparentAsAnyProtocolSetsAProperty() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(ProducerKeys.property(message("traceparent", traceparent), "traceparent")).isEqualTo(traceparent);
        assertThat(ProducerKeys.property(message("mqtt.ordered.user.property.0.traceparent", traceparent), "traceparent"))
                .isEqualTo(traceparent);
        assertThat(ProducerKeys.property(message("mqtt.ordered.user.property.0.notatraceparent", "x"), "traceparent")).isNull();
    }
}
