package io.smsbridge.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingConnectionDetails;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With tracing on (SMSBRIDGE_TRACING_ENABLED, i.e. management.tracing.enabled), Camel's own tracer makes the routes'
 * exchanges and endpoint calls spans of Spring Boot's tracer: the webhook routes, sms.inbound (the context travels as
 * JMS property traceparent), the Jira and Twilio calls (HTTP header traceparent to Jira) and the emails. Off, it is
 * not installed at all: no interceptor on any route, nothing per exchange.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    /**
     * Not traced: the timers (housekeeping, queue gauges), which would be a trace each every few seconds with no
     * message in it; and the SMTP sends, where Camel would add a traceparent header to the email a customer gets (the
     * email is a span of its message's trace all the same: MessageTraces, from DeliveryEmails).
     */
    static final String NOT_TRACED = "timer:*,smtp*";

    @Bean
    CamelContextConfiguration camelTracer(ObservationRegistry observations, Tracer tracer) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                MicrometerObservationTracer camelTracer = new MicrometerObservationTracer();
                camelTracer.setObservationRegistry(observations);
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
