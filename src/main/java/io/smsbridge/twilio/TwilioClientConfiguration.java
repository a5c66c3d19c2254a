package io.smsbridge.twilio;

import com.twilio.http.TwilioRestClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.smsbridge.outbound.OutboundProperties;
import io.smsbridge.outbound.TwilioCircuitBreaker;
import io.smsbridge.web.PublicBaseUrl;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link TwilioRestClient} of the application. camel-twilio uses it (component option {@code restClient},
 * set in config/application.yml), so routes never see credentials or where Twilio actually is.
 */
@Configuration(proxyBeanMethods = false)
public class TwilioClientConfiguration {

    /** Live mode's secrets are checked before any bean is made (see {@link LiveSecrets}). */
    @Bean
    static BeanFactoryPostProcessor liveSecretsCheck(Environment environment) {
        return beanFactory -> LiveSecrets.check(environment);
    }

    private static final Logger log = LoggerFactory.getLogger(TwilioClientConfiguration.class);

    /** Path under which this application serves its Twilio-compatible sandbox API. */
    public static final String SANDBOX_TWILIO_PATH = "/sandbox/twilio";

    @Bean
    public TwilioMode twilioMode(Environment environment) {
        return TwilioMode.resolve(environment);
    }

    /**
     * Thread pools of the Twilio creates. "twilioCreates": the parallel split of a batch of sms.send (routes/
     * outbound-send.camel.yaml), smsbridge.outbound.concurrent-creates at once over all batches. "CamelTwilio": where
     * camel-twilio makes each call (by default Camel's 10 threads): one per create that may be in flight, the batches'
     * and those of the sms.send.retry consumers.
     */
    @Bean
    public CamelContextConfiguration twilioCreateThreads(OutboundProperties outbound) {
        int inFlight = outbound.concurrentCreates() + outbound.retryConsumers();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder("twilioCreates")
                        .poolSize(outbound.concurrentCreates()).maxPoolSize(outbound.concurrentCreates()).maxQueueSize(-1).build());
                context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder("CamelTwilio")
                        .poolSize(inFlight).maxPoolSize(inFlight).maxQueueSize(-1).build());
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** The setters camel-twilio calls on each create, looked up once ({@link SetterCachingBeanIntrospection}). */
    @Bean
    public CamelContextConfiguration camelTwilioSetters() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                SetterCachingBeanIntrospection.install(context);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** The Resilience4j circuit breaker in front of Twilio, for the routes' circuitBreaker step (see TwilioCircuitBreaker). */
    @Bean
    public CircuitBreaker twilioBreaker(TwilioCircuitBreaker twilioCircuitBreaker) {
        return twilioCircuitBreaker.breaker();
    }

    @Bean
    public TwilioApiBaseUrl twilioApiBaseUrl(TwilioProperties properties, TwilioMode mode, PublicBaseUrl publicBaseUrl) {
        return new TwilioApiBaseUrl(apiBaseUrl(properties, mode, publicBaseUrl));
    }

    @Bean
    public TwilioRestClient twilioRestClient(TwilioProperties properties, TwilioMode mode, PublicBaseUrl publicBaseUrl,
                                             TwilioApiBaseUrl baseUrl) {
        String accountSid = properties.effectiveAccountSid(mode);
        if (mode == TwilioMode.LIVE && (TwilioProperties.isBlank(accountSid)
                || (TwilioProperties.isBlank(properties.authToken()) && !properties.usesApiKey()))) {
            throw new IllegalStateException("smsbridge.twilio.mode is live but TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
                    + " (or TWILIO_API_KEY and TWILIO_API_SECRET) are not both set");
        }
        if (mode == TwilioMode.LIVE && !publicBaseUrl.isConfigured()) {
            throw new IllegalStateException("smsbridge.twilio.mode is live but SMSBRIDGE_PUBLIC_BASE_URL is not set: Twilio "
                    + "signs webhooks with the URL it calls and needs a StatusCallback it can reach, so set it to the "
                    + "bridge's public https URL");
        }
        if (mode == TwilioMode.SANDBOX) {
            log.warn("Twilio SANDBOX mode: messages go to the sandbox served by this application (or "
                    + "smsbridge.twilio.api-base-url); no real SMS is sent. Account {}", accountSid);
        } else {
            log.info("Twilio LIVE mode: account {}{}", accountSid,
                    TwilioProperties.isBlank(properties.apiBaseUrl()) ? "" : ", API at " + properties.apiBaseUrl());
        }
        TwilioRestClient.Builder builder = properties.usesApiKey()
                ? new TwilioRestClient.Builder(properties.apiKey(), properties.apiSecret())
                : new TwilioRestClient.Builder(accountSid, properties.effectiveAuthToken(mode));
        return builder.accountSid(accountSid)
                .httpClient(new TwilioHttpClient(httpClientBuilder(properties), baseUrl))
                .build();
    }

    private static Supplier<String> apiBaseUrl(TwilioProperties properties, TwilioMode mode, PublicBaseUrl publicBaseUrl) {
        if (!TwilioProperties.isBlank(properties.apiBaseUrl())) {
            String configured = properties.apiBaseUrl();
            return () -> configured;
        }
        if (mode == TwilioMode.SANDBOX) {
            // The embedded sandbox: this application's own port, known only once the web server is up.
            return () -> publicBaseUrl.localUrl() + SANDBOX_TWILIO_PATH;
        }
        return () -> null;
    }

    private static HttpClientBuilder httpClientBuilder(TwilioProperties properties) {
        Timeout connect = Timeout.of(properties.connectTimeout());
        Timeout read = Timeout.of(properties.readTimeout());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect).setSocketTimeout(read).build())
                .setMaxConnTotal(properties.maxConnections())
                .setMaxConnPerRoute(properties.maxConnections())
                .build();
        return HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(read)
                        .build())
                .disableAutomaticRetries();
    }
}
