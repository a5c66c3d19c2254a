package io.smsbridge.tracing;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With tracing on (SMSBRIDGE_TRACING_ENABLED, i.e. management.tracing.enabled), Camel's own tracer makes spans of the
 * hops that are requests of their own: the webhooks and the HTTP API (platform-http), sms.inbound and the replies on
 * sms.outbound (the context travels as JMS property traceparent), the Jira calls and the receipts (HTTP header
 * traceparent). Off, it is not installed at all: no interceptor on any route, nothing per exchange.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    /**
     * Endpoints Camel's tracer leaves alone. The timers (housekeeping, queue gauges) would be a trace every few
     * seconds with no message in it. SMTP: Camel would put a traceparent header on the email a customer gets. The
     * rest are steps inside one exchange, many per message: direct: calls between routes, the jms-batch: batches
     * (one exchange for many messages: a message's own spans come from {@link MessageTraces}, in its trace) and the
     * camel-twilio creates (MessageTraces' "sms twilio create" is that span, in the message's trace). At 1 %
     * sampling they cost 30 % more CPU per outbound message for spans nobody keeps (bench/tracing-cost.sh). One
     * regular expression: Camel matches every exchange event against each pattern in turn, parsing the URI each time.
     */
    static final String NOT_TRACED = "^(timer|smtps?|direct|jms-batch|twilio):.*";

    @Bean
    CamelContextConfiguration camelTracer(Tracer tracer, Propagator propagator) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                MicrometerObservationTracer camelTracer = new MicrometerObservationTracer();
                camelTracer.setObservationRegistry(tracingOnly(tracer, propagator));
                camelTracer.setTracer(tracer);
                camelTracer.setEncoding(true);   // JMS property names cannot hold dashes
                camelTracer.setExcludePatterns(NOT_TRACED);
                camelTracer.init(camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    /**
     * Camel's observations make spans only. Spring Boot's own registry would also time each one as a metric: a timer
     * per route step and endpoint call that Camel's route metrics already count.
     */
    static ObservationRegistry tracingOnly(Tracer tracer, Propagator propagator) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        return registry;
    }

    /**
     * Where spans go: SMSBRIDGE_OTLP_ENDPOINT (smsbridge.tracing.otlp-endpoint), OTLP over HTTP. Spring Boot's own
     * management.otlp.tracing.endpoint counts as set even when empty (as compose passes an unset variable), and then
     * fails at start on the empty URL; this one is used only when it holds something.
     */
    @Bean
    @ConditionalOnExpression("!'${smsbridge.tracing.otlp-endpoint:}'.isBlank()")
    OtlpTracingConnectionDetails otlpEndpoint(@Value("${smsbridge.tracing.otlp-endpoint}") String endpoint) {
        return transport -> endpoint;
    }
}
